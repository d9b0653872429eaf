import type { TrafficEntry, UnauthenticatedSummary } from '../../../shared/console/api'
import type { RequestLogEntry } from '../store/request-log'
import { redactEntry } from '../../../shared/redaction'
import { UnauthenticatedTally } from './unauthenticated-tally'

/*
 * The live side of the request log: the last few thousand SCIM requests in memory, numbered,
 * pushed to whoever listens (the Traffic screen), and counted per minute for the dashboard.
 * The NDJSON file stays the durable record; this only saves the console re-reading it.
 * Requests refused with 401 live apart (issue 14): counted by the tally, and only its samples
 * kept, in a ring of their own, so no volume of them evicts an authorised request.
 */

export const TRAFFIC_CAPACITY = 5000
/** Refused (401) samples kept for the Traffic screen, apart from the ring above. */
export const REFUSED_CAPACITY = 200
const RATE_MINUTES = 30

type Listener = (entry: TrafficEntry) => void

export class TrafficFeed {
  private readonly ring: TrafficEntry[] = []
  private readonly refusedRing: TrafficEntry[] = []
  private readonly tally: UnauthenticatedTally
  private readonly listeners = new Set<Listener>()
  private readonly perMinute = new Map<number, { requests: number; errors: number }>()
  private seq = 0
  private readonly startedAt: string
  private seeded: Promise<void> | undefined

  constructor(
    /** Entries written before this process started, newest last (the request log on disk). */
    private readonly readEarlier: (n: number) => Promise<unknown[]> = async () => [],
    private readonly clock: () => Date = () => new Date(),
    private readonly capacity = TRAFFIC_CAPACITY,
  ) {
    this.startedAt = clock().toISOString()
    this.tally = new UnauthenticatedTally(clock)
  }

  /** Records one finished request and tells the listeners. */
  add(entry: RequestLogEntry): TrafficEntry {
    const numbered: TrafficEntry = { seq: ++this.seq, ...entry }
    this.push(numbered)
    this.count(entry)
    this.tell(numbered)
    return numbered
  }

  /**
   * Counts one request refused for want of a valid token. Returns the numbered entry when it is
   * one of the tally's samples (shown live and kept apart), undefined when it is only counted.
   */
  refuse(entry: RequestLogEntry, address: string | undefined): TrafficEntry | undefined {
    if (!this.tally.record(entry.time, address)) return undefined
    const numbered: TrafficEntry = { seq: ++this.seq, ...entry }
    this.refusedRing.push(numbered)
    if (this.refusedRing.length > REFUSED_CAPACITY) this.refusedRing.shift()
    this.tell(numbered)
    return numbered
  }

  /** How many requests were refused for a missing or wrong token, when, and from where. */
  unauthenticated(): UnauthenticatedSummary {
    return this.tally.summary()
  }

  private count(entry: RequestLogEntry): void {
    const minute = Math.floor(Date.parse(entry.time) / 60_000)
    const bucket = this.perMinute.get(minute) ?? { requests: 0, errors: 0 }
    bucket.requests++
    if (entry.status >= 400) bucket.errors++
    this.perMinute.set(minute, bucket)
    if (this.perMinute.size > RATE_MINUTES + 5) {
      const oldest = minute - RATE_MINUTES
      for (const key of this.perMinute.keys()) if (key < oldest) this.perMinute.delete(key)
    }
  }

  private tell(numbered: TrafficEntry): void {
    for (const listener of this.listeners) {
      try {
        listener(numbered)
      } catch (error) {
        console.error('[scim-harness] traffic listener failed:', error)
      }
    }
  }

  onEntry(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * The newest `limit` entries, oldest first, with the refused samples among them (in addition
   * to `limit`). The first call also brings in what the log on disk
   * holds from before this process started, so a restart does not blank the Traffic screen.
   */
  async recent(limit: number): Promise<TrafficEntry[]> {
    this.seeded ??= this.seed()
    await this.seeded
    const n = Math.min(limit, this.capacity)
    const admitted = this.ring.slice(-n)
    if (this.refusedRing.length === 0) return admitted
    // the refused samples that fall among these admitted entries are added, never counted against
    // `limit`: a sample of 401s must not take an authorised request's place (issue 14)
    const since = admitted.length === n ? admitted[0].seq : -Infinity
    const refused = this.refusedRing.filter((e) => e.seq > since)
    // both are in seq order: merge
    const merged: TrafficEntry[] = []
    let i = 0
    let j = 0
    while (i < admitted.length || j < refused.length) {
      if (j >= refused.length || (i < admitted.length && admitted[i].seq < refused[j].seq)) merged.push(admitted[i++])
      else merged.push(refused[j++])
    }
    return merged
  }

  /** Entries whose path names this resource id, newest last (a user's provisioning history). */
  async about(id: string, limit = 100): Promise<TrafficEntry[]> {
    const all = await this.recent(this.capacity)
    const needle = `/${id}`
    const found = all.filter((e) => e.path.includes(needle) || (e.method === 'POST' && e.status === 201 && e.responseBody?.includes(`"id":"${id}"`)))
    return found.slice(-limit)
  }

  /** Requests and errors per minute for the last 30 minutes, oldest first. */
  rate(): { minute: string; requests: number; errors: number }[] {
    const now = Math.floor(this.clock().getTime() / 60_000)
    const out = []
    for (let m = now - RATE_MINUTES + 1; m <= now; m++) {
      const bucket = this.perMinute.get(m) ?? { requests: 0, errors: 0 }
      out.push({ minute: new Date(m * 60_000).toISOString(), ...bucket })
    }
    return out
  }

  private push(entry: TrafficEntry): void {
    this.ring.push(entry)
    // trim in batches: shifting thousands of entries on every SCIM request is work on the hot
    // path for nothing; readers only ever see the newest `capacity` (recent() slices)
    if (this.ring.length > this.capacity + (this.capacity >> 2)) this.ring.splice(0, this.ring.length - this.capacity)
  }

  private async seed(): Promise<void> {
    let earlier: unknown[]
    try {
      earlier = await this.readEarlier(this.capacity)
    } catch (error) {
      console.error('[scim-harness] could not read the request log for the Traffic screen:', error)
      return
    }
    // the file also holds lines written since start (already in the ring): keep only older ones
    const before = earlier.filter((e): e is RequestLogEntry => isEntry(e) && e.time < this.startedAt)
    const room = Math.max(0, this.capacity - this.ring.length)
    const kept = before.slice(Math.max(0, before.length - room))
    // lines from older versions may lack rules, durationMs or client; earlier entries get negative sequence numbers so live numbering is stable
    // and a log written before redaction existed must not show its secrets (shared/redaction.ts)
    const older: TrafficEntry[] = kept.map((e, i) =>
      redactEntry(Object.assign({ rules: [], durationMs: 0, client: 'external' as const }, e, { seq: i - kept.length })),
    )
    this.ring.unshift(...older)
  }
}

function isEntry(value: unknown): value is RequestLogEntry {
  const e = value as RequestLogEntry
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.time === 'string' &&
    typeof e.method === 'string' &&
    typeof e.path === 'string' &&
    typeof e.status === 'number'
  )
}
