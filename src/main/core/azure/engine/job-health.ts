import type { ProvisioningAppConfig } from './app-config'
import type { CycleContext, HeldRemovals } from './cycle-context'
import { Escrow, type EscrowEntry, type EscrowObjectType } from './escrow'
import type { ProvisioningLogEntry } from './provisioning-log'
import {
  CYCLE_INTERVAL_MS,
  DEFAULT_QUARANTINE_THRESHOLDS,
  deletionQuarantine,
  disabledNotice,
  escrowQuarantine,
  probeQuarantine,
  QUARANTINE_CYCLE_INTERVAL_MS,
  QUARANTINE_MAX_MS,
  quarantineNotice,
  type CycleFailures,
  type JobStatus,
  type OutboxMessage,
  type Quarantine,
  type QuarantineCause,
  type QuarantineThresholds,
} from './quarantine'
import type { TestConnectionResult } from './test-connection'

/*
 * The provisioning job's health (azure-ad-provisioning.md section 8): the escrow list, the
 * quarantine with its thresholds, and the notifications it would have mailed. The engine runs
 * the cycle and tells this class what happened at each point (a probe answered, a cycle's
 * entries settled, a cycle completed, a restart); time is the engine's clock.
 */

export interface JobHealthOptions {
  /** The engine's clock: escrow retry times and quarantine start. */
  now: () => Date
  /** The configuration in force now: a notice reads the app name and notification settings from it. */
  config: () => ProvisioningAppConfig
  /** Multiplies every escrow delay and the 28-day limit (section 8). Default 1. */
  escrowScale?: number
  /** Section 8's thresholds; a missing one takes its default. */
  thresholds?: Partial<QuarantineThresholds>
}

/** The escrow and quarantine state of one provisioning job. */
export class JobHealth {
  private readonly escrow: Escrow
  private readonly thresholds: QuarantineThresholds
  private readonly now: () => Date
  private readonly config: () => ProvisioningAppConfig
  private quarantine: Quarantine | undefined
  /** Set when the job was disabled after four weeks in quarantine; only a restart clears it. */
  private disabledAt: string | undefined
  private readonly outboxMessages: OutboxMessage[] = []

  constructor(options: JobHealthOptions) {
    this.now = options.now
    this.config = options.config
    this.escrow = new Escrow(options.escrowScale ?? 1)
    const thresholds = options.thresholds ?? {}
    this.thresholds = {
      minFailures: thresholds.minFailures ?? DEFAULT_QUARANTINE_THRESHOLDS.minFailures,
      maxFailures: thresholds.maxFailures ?? DEFAULT_QUARANTINE_THRESHOLDS.maxFailures,
      maxFailureRatio: thresholds.maxFailureRatio ?? DEFAULT_QUARANTINE_THRESHOLDS.maxFailureRatio,
      absoluteMaxFailures: thresholds.absoluteMaxFailures ?? DEFAULT_QUARANTINE_THRESHOLDS.absoluteMaxFailures,
    }
  }

  /** The job as the admin center shows it: active, quarantined with the reason, or disabled (section 8). */
  status(): JobStatus {
    if (!this.quarantine) return { status: 'active' }
    const quarantine = { ...this.quarantine, error: { ...this.quarantine.error } }
    return this.disabledAt ? { status: 'disabled', quarantine, disabledAt: this.disabledAt } : { status: 'quarantined', quarantine }
  }

  /** Disabled after more than four weeks in quarantine: the job runs no cycle until it is restarted. */
  get disabled(): boolean {
    return this.disabledAt !== undefined
  }

  /**
   * "If the provisioning job stays in quarantine for more than four weeks, the provisioning job
   * is disabled (stops running)" (section 8): checked after every cycle that was not stopped.
   */
  cycleEnded(): void {
    if (!this.quarantine || this.disabledAt) return
    const now = this.now()
    if (now.getTime() - Date.parse(this.quarantine.seriesBegan) <= QUARANTINE_MAX_MS) return
    this.disabledAt = now.toISOString()
    const notice = disabledNotice(this.config(), this.quarantine, this.disabledAt)
    if (notice) this.outboxMessages.push(notice)
  }

  /** When the next cycle is due after this one: 40 minutes, or a day while quarantined (section 8). */
  nextCycleIntervalMs(): number {
    return this.quarantine ? QUARANTINE_CYCLE_INTERVAL_MS : CYCLE_INTERVAL_MS
  }

  /** The objects in escrow, with their failure counts and next retry times (section 8). */
  escrowEntries(): EscrowEntry[] {
    return this.escrow.list()
  }

  /** The notifications the job would have mailed (quarantine began or changed reason); none is sent. */
  outbox(): OutboxMessage[] {
    return this.outboxMessages.map((m) => ({ ...m }))
  }

  /** The escrowed users and groups whose retry time has come on the engine's clock (section 8). */
  dueForRetry(): { users: string[]; groups: string[] } {
    const now = this.now()
    return { users: this.escrow.due('User', now), groups: this.escrow.due('Group', now) }
  }

  /** A probe (Test Connection or a cycle's) answered: refused credentials or a compliance failure quarantine the job; a pass lifts nothing. */
  probeAnswered(probe: TestConnectionResult): void {
    const quarantine = probeQuarantine(probe)
    if (quarantine) this.enterQuarantine(quarantine)
  }

  /**
   * After a cycle's passes: counts the failures for the thresholds (before any escrow-expiry
   * entry is added), then settles escrow. Returns the counts and the entries for objects whose
   * 28 days ran out.
   */
  settleCycle(
    ctx: CycleContext,
    entries: ProvisioningLogEntry[],
    seen: { users: string[]; groups: string[] },
  ): { failures: CycleFailures; dropped: ProvisioningLogEntry[] } {
    const failures = failureCounts(entries, ctx.referenceFailures!)
    return { failures, dropped: this.settleEscrow(ctx, entries, seen) }
  }

  /** A cycle completed (not stopped) with these counts, and with its removals held or not (accidental deletions). */
  cycleCompleted(failures: CycleFailures, held?: HeldRemovals): void {
    // evaluated at the end of each completed cycle; a passing probe, no held removals and counts below the thresholds lift it (section 8)
    const quarantine = held ? deletionQuarantine(held) : escrowQuarantine(failures, this.thresholds)
    if (quarantine) this.enterQuarantine(quarantine)
    else this.quarantine = undefined
  }

  /** "Restart provisioning" (section 8): escrow and quarantine are cleared, a disabled job runs again; the outbox stays. */
  restart(): void {
    this.escrow.clear()
    this.quarantine = undefined
    this.disabledAt = undefined
  }

  /** Quarantines the job; a new quarantine, or a new reason, is notified once (section 8). */
  private enterQuarantine(next: QuarantineCause): void {
    const current = this.quarantine
    if (current && current.reason === next.reason && current.error.code === next.error.code) return
    const now = this.now().toISOString()
    this.quarantine = { ...next, since: now, seriesBegan: current?.seriesBegan ?? now }
    const notice = quarantineNotice(this.config(), this.quarantine)
    if (notice) this.outboxMessages.push(notice)
  }

  /**
   * Section 8 escrow, after the passes: a failed add, update, delete or disable (and any further
   * failure of an object already in escrow) is escrowed and leaves the next-cycle retry list; an
   * object that succeeded, or that had nothing left to do, leaves escrow. A failure before any
   * export (a read or match failed, InvalidAnchor, DuplicateTargetEntries), a reference failure
   * and a stop stay on the next-cycle list [U]. Returns the entries for objects whose 28 days ran out.
   */
  private settleEscrow(ctx: CycleContext, entries: ProvisioningLogEntry[], seen: { users: string[]; groups: string[] }): ProvisioningLogEntry[] {
    const now = this.now()
    const retry: Record<EscrowObjectType, Set<string>> = { User: ctx.state.retryUsers, Group: ctx.state.retryGroups }
    const dropped: ProvisioningLogEntry[] = []
    const logged = new Set<string>()
    for (const entry of entries) {
      const { id, type } = entry.sourceIdentity
      logged.add(`${type}:${id}`)
      if (entry.status !== 'Failure') {
        this.escrow.release(type, id)
        continue
      }
      const code = entry.statusInfo?.errorCode ?? 'InternalError'
      const exported = entry.action !== 'Other' && entry.action !== 'StagedDelete'
      if (code === 'Cancelled' || ctx.referenceFailures!.has(entry.id) || !(exported || this.escrow.has(type, id))) continue
      const outcome = this.escrow.recordFailure(type, id, code, now)
      retry[type].delete(id)
      if (outcome.kind === 'dropped') dropped.push(escrowDropped(ctx, entry, outcome.entry))
    }
    // an escrowed object retried without an entry has nothing left to do (say it left scope)
    for (const [type, ids] of [
      ['User', seen.users],
      ['Group', seen.groups],
    ] as const) {
      for (const id of ids) if (!logged.has(`${type}:${id}`) && !ctx.signal?.aborted) this.escrow.release(type, id)
    }
    return dropped
  }
}

/** The log entry for an object dropped from escrow after 28 days of failures [U code and wording]. */
function escrowDropped(ctx: CycleContext, failed: ProvisioningLogEntry, escrowed: EscrowEntry): ProvisioningLogEntry {
  const draft = ctx.newDraft(failed.sourceIdentity)
  draft.target(failed.targetIdentity.id, failed.targetIdentity.displayName)
  draft.step(
    'Processing',
    'EntryEscrowExpired',
    'Failure',
    `${failed.sourceIdentity.type} '${failed.sourceIdentity.displayName}' failed ${escrowed.failures} times since ${escrowed.firstFailedAt}: it is no longer retried.`,
  )
  draft.outcome('Other', 'Failure', {
    errorCode: 'EscrowRetryLimitReached',
    reason: `The change has failed for 28 days (last error ${escrowed.errorCode}); it was removed from escrow and is not retried.`,
    recommendedAction: 'Fix the cause in the target application, then change the object or restart provisioning to send it again.',
  })
  return draft.finish()
}

/** Section 8's counts for the escrow thresholds: reference failures apart, stops not counted. */
function failureCounts(entries: ProvisioningLogEntry[], referenceFailures: Set<string>): CycleFailures {
  let events = 0
  let failures = 0
  let references = 0
  for (const entry of entries) {
    if (entry.statusInfo?.errorCode === 'Cancelled') continue
    if (referenceFailures.has(entry.id)) {
      references++
      continue
    }
    events++
    if (entry.status === 'Failure') failures++
  }
  return { events, failures, referenceFailures: references }
}
