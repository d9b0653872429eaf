/*
 * Escrow (azure-ad-provisioning.md section 8): an object whose add, update or delete failed is
 * not retried every cycle but on a schedule that thins out, measured from its first failure:
 * 6 h, 12 h, 24 h, then every 24 h, for up to 28 days; after that the entry is dropped. Times are
 * on the engine's clock, so a test moves the clock rather than waiting; `scale` shrinks every
 * delay so a test can walk the whole schedule.
 */

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** How long escrowed objects are retried before the entry is dropped (section 8: "up to 28 days"). */
export const ESCROW_MAX_AGE_MS = 28 * DAY_MS

export type EscrowObjectType = 'User' | 'Group'

export interface EscrowEntry {
  type: EscrowObjectType
  /** The source objectId. */
  sourceId: string
  /** Failures so far, the first included. */
  failures: number
  /** ISO time of the first failure: the schedule counts from it. */
  firstFailedAt: string
  lastFailedAt: string
  /** ISO time from which a cycle retries the object. */
  nextRetryAt: string
  /** The error code of the last failure (10.2). */
  errorCode: string
}

/**
 * The delay from the first failure to the retry after the `failures`-th failure, or null once
 * that would fall beyond 28 days (the entry is then dropped). 1 -> 6 h, 2 -> 12 h, 3 -> 24 h,
 * 4 -> 48 h, ... (section 8). `scale` multiplies every delay and the 28-day limit alike.
 */
export function escrowRetryDelayMs(failures: number, scale = 1): number | null {
  if (!Number.isInteger(failures) || failures < 1) throw new Error(`escrowRetryDelayMs: failures must be a positive whole number, not ${failures}.`)
  const delay = failures === 1 ? 6 * HOUR_MS : failures === 2 ? 12 * HOUR_MS : (failures - 2) * DAY_MS
  return delay > ESCROW_MAX_AGE_MS ? null : delay * scale
}

/** What recording a failure did: the object is (still) in escrow, or its 28 days are over and it was dropped. */
export type EscrowOutcome = { kind: 'escrowed'; entry: EscrowEntry } | { kind: 'dropped'; entry: EscrowEntry }

/** The job's escrow list: one entry per failed object, keyed by type and source id. */
export class Escrow {
  private readonly entries = new Map<string, EscrowEntry>()

  /** @param scale multiplies every delay of the schedule (1 = Entra's; tests use small fractions). */
  constructor(private readonly scale = 1) {
    if (!(scale > 0)) throw new Error(`Escrow: escrowScale must be a positive number, not ${scale}.`)
  }

  /** Records one more failure of the object at `now` and schedules its next retry, or drops it. */
  recordFailure(type: EscrowObjectType, sourceId: string, errorCode: string, now: Date): EscrowOutcome {
    const at = now.toISOString()
    const previous = this.entries.get(key(type, sourceId))
    const failures = (previous?.failures ?? 0) + 1
    const firstFailedAt = previous?.firstFailedAt ?? at
    const delay = escrowRetryDelayMs(failures, this.scale)
    const entry: EscrowEntry = {
      type,
      sourceId,
      failures,
      firstFailedAt,
      lastFailedAt: at,
      nextRetryAt: delay === null ? at : new Date(Date.parse(firstFailedAt) + delay).toISOString(),
      errorCode,
    }
    if (delay === null) {
      this.entries.delete(key(type, sourceId))
      return { kind: 'dropped', entry }
    }
    this.entries.set(key(type, sourceId), entry)
    return { kind: 'escrowed', entry }
  }

  /** The object succeeded (or no longer needs work): it leaves escrow. */
  release(type: EscrowObjectType, sourceId: string): void {
    this.entries.delete(key(type, sourceId))
  }

  has(type: EscrowObjectType, sourceId: string): boolean {
    return this.entries.has(key(type, sourceId))
  }

  /** The source ids of `type` whose retry time has come at `now`. */
  due(type: EscrowObjectType, now: Date): string[] {
    const t = now.getTime()
    return [...this.entries.values()].filter((e) => e.type === type && Date.parse(e.nextRetryAt) <= t).map((e) => e.sourceId)
  }

  /** Copies of every entry, oldest first failure first. */
  list(): EscrowEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e })).sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt))
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
  }
}

function key(type: EscrowObjectType, sourceId: string): string {
  return `${type}:${sourceId}`
}
