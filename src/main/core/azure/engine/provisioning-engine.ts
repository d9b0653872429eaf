import { randomUUID } from 'node:crypto'
import type { Directory } from '../directory'
import { parseTenantUrl, resolveDialect, DEFAULT_MEMBER_BATCH_SIZE } from '../requests'
import { plannedRemovals, removalsToHold } from './accidental-deletions'
import { computeScope, copyAppConfig, type ProvisioningAppConfig, type ScopeSnapshot } from './app-config'
import type { EngineState, CycleContext } from './cycle-context'
import { pool } from './cycle-context'
import type { EscrowEntry } from './escrow'
import type { Transport } from './exchange'
import { syncGroup, syncMemberships } from './group-sync'
import { DEFAULT_CONCURRENCY, DEFAULT_REQUEST_TIMEOUT_MS, HttpTransport } from './http-transport'
import { JobHealth } from './job-health'
import { syncManager } from './manager-pass'
import { LogEntryDraft, type ProvisioningAction, type ProvisioningLogEntry, type ProvisioningStatus } from './provisioning-log'
import { provisionOnDemand, type OnDemandRequest, type OnDemandResult } from './provision-on-demand'
import type { JobStatus, OutboxMessage } from './quarantine'
import { ScimClient } from './scim-client'
import { testConnection, type TestConnectionResult } from './test-connection'
import { DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_MAX_THROTTLE_RETRIES, JobPause, type ThrottlePolicy } from './throttle'
import { syncUser } from './user-sync'

/*
 * The simulated Entra provisioning job (azure-ad-provisioning.md 3.1 and 12): initial and
 * incremental cycles over a Directory, in passes: users, groups, then memberships and managers.
 * It keeps the job state Entra keeps (watermark, link table, retry list, escrow, quarantine) in
 * memory; every time it keeps is on its own clock (`now`), so tests move the clock, not wait.
 */

export type CycleKind = 'initial' | 'incremental'

export interface CycleReport {
  cycleId: string
  /** What ran: an incremental cycle before any initial one runs as initial. */
  kind: CycleKind
  /** completed; cancelled (stopped by the signal: the watermark is not moved, so the next cycle sees the rest); failed (the probe failed). */
  status: 'completed' | 'cancelled' | 'failed'
  startedAt: string
  finishedAt: string
  /** The watermark after the cycle (null: no cycle has completed). */
  watermark: number | null
  /** The keep-alive probe at the start of the cycle (section 2), when sent. */
  probe?: TestConnectionResult
  message?: string
  /** This cycle's log entries, in pass order: users, groups (membership changes folded in), then further membership-only group entries. */
  entries: ProvisioningLogEntry[]
  counts: { byAction: Record<ProvisioningAction, number>; byStatus: Record<ProvisioningStatus, number> }
  /** The job after the cycle: active, quarantined and why, or disabled (section 8). */
  job: JobStatus
}

export interface ProvisioningEngineOptions {
  directory: Directory
  config: ProvisioningAppConfig
  /** Default: an HttpTransport with `concurrency` and `timeoutMs`. */
  transport?: Transport
  /** Objects processed at once, and requests in flight for the default transport. Default 4 [U]. */
  concurrency?: number
  /** Per-request timeout of the default transport. Default 60 s. */
  timeoutMs?: number
  /** Member ids per group PATCH. Default 50 [U] (3.4). */
  memberBatchSize?: number
  /** Send the random-GUID probe at the start of each cycle, as Entra does (section 2) [O]. Default true. */
  probeEachCycle?: boolean
  /** Log entries kept in memory; the oldest go first. Default 100,000. */
  maxLogEntries?: number
  /** The engine's clock: escrow retry times, quarantine, log timestamps. Default the system clock. */
  now?: () => Date
  /** Multiplies every escrow delay and the 28-day limit (section 8); tests use small fractions. Default 1. */
  escrowScale?: number
  /** Failures (reference failures excluded) before the escrow thresholds are considered. Default 5,000 (section 8). */
  quarantineMinFailures?: number
  /** Quarantine above this many failures, reference failures excluded. Default 40,000. */
  quarantineMaxFailures?: number
  /** Quarantine above this share of failed changes. Default 0.4. */
  quarantineMaxFailureRatio?: number
  /** Quarantine above this many failures, reference failures included. Default 60,000. */
  quarantineAbsoluteMaxFailures?: number
  /**
   * On 429 with Retry-After, pause the job for that time and resend only that request (true), or
   * fail the object with TooManyRequests so it goes to escrow (false). Default true [U]: the
   * newer of the two conflicting sources of section 8 "Throttling".
   */
  honorRetryAfter?: boolean
  /** The longest single Retry-After wait; longer ones are cut to it. Default 60 s [U]. */
  maxRetryAfterMs?: number
  /** Resends of one request after 429s. Default 3 [U]. */
  maxThrottleRetries?: number
  /** Ids for cycles, changes and log entries, and the probe GUID. Default random UUIDs. */
  newId?: () => string
}

/** Runs provisioning cycles for one enterprise application against its target. */
export class ProvisioningEngine {
  private configValue: ProvisioningAppConfig
  private readonly directory: Directory
  private readonly transport: Transport
  private readonly concurrency: number
  private readonly memberBatchSize: number
  private readonly probeEachCycle: boolean
  private readonly maxLogEntries: number
  private readonly now: () => Date
  private readonly newId: () => string
  private watermarkValue: number | null = null
  /** The scope the last completed cycle saw: assignment changes are found by comparing with it. */
  private lastScope: ScopeSnapshot = { users: new Set(), groups: new Set() }
  private readonly state: EngineState = { userLinks: new Map(), groupLinks: new Map(), retryUsers: new Set(), retryGroups: new Set() }
  private readonly logEntries: ProvisioningLogEntry[] = []
  /** Escrow, quarantine and the outbox (section 8). */
  private readonly health: JobHealth
  private readonly throttle: ThrottlePolicy
  private running = false
  /** "Allow deletes" was chosen: the next completed cycle sends every disable and delete, over the threshold or not. */
  private deletesAllowed = false

  constructor(options: ProvisioningEngineOptions) {
    this.directory = options.directory
    this.configValue = copyAppConfig(options.config)
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
    this.transport = options.transport ?? new HttpTransport({ concurrency: this.concurrency, timeoutMs: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS })
    this.memberBatchSize = options.memberBatchSize ?? DEFAULT_MEMBER_BATCH_SIZE
    this.probeEachCycle = options.probeEachCycle ?? true
    this.maxLogEntries = options.maxLogEntries ?? 100_000
    this.now = options.now ?? (() => new Date())
    this.newId = options.newId ?? randomUUID
    this.health = new JobHealth({
      now: this.now,
      config: () => this.configValue,
      escrowScale: options.escrowScale,
      thresholds: {
        minFailures: options.quarantineMinFailures,
        maxFailures: options.quarantineMaxFailures,
        maxFailureRatio: options.quarantineMaxFailureRatio,
        absoluteMaxFailures: options.quarantineAbsoluteMaxFailures,
      },
    })
    this.throttle = {
      honorRetryAfter: options.honorRetryAfter ?? true,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
      maxRetries: options.maxThrottleRetries ?? DEFAULT_MAX_THROTTLE_RETRIES,
      now: this.now,
      pause: new JobPause(),
    }
  }

  /** A copy of the configuration. */
  get config(): ProvisioningAppConfig {
    return copyAppConfig(this.configValue)
  }

  /**
   * Changes the configuration; the next cycle uses it. Entra starts a new initial cycle when the
   * mappings or scoping change (3.1); here the caller chooses the kind of the next cycle.
   */
  updateConfig(patch: Partial<ProvisioningAppConfig>): void {
    this.configValue = copyAppConfig({ ...this.configValue, ...patch })
  }

  assignUser(objectId: string): void {
    this.setAssignment('userIds', objectId, true)
  }

  unassignUser(objectId: string): void {
    this.setAssignment('userIds', objectId, false)
  }

  assignGroup(objectId: string): void {
    this.setAssignment('groupIds', objectId, true)
  }

  unassignGroup(objectId: string): void {
    this.setAssignment('groupIds', objectId, false)
  }

  private setAssignment(list: 'userIds' | 'groupIds', objectId: string, assigned: boolean): void {
    const id = objectId.trim().toLowerCase()
    const ids = this.configValue.assignments[list].filter((x) => x.toLowerCase() !== id)
    if (assigned) ids.push(id)
    this.configValue.assignments[list] = ids
  }

  /**
   * Test Connection with the current configuration (section 2). Refused credentials or a
   * compliance failure quarantine the job, as the cycle's probe does (section 8); a pass does not
   * lift a quarantine: only a cycle does [U].
   */
  async testConnection(signal?: AbortSignal): Promise<TestConnectionResult> {
    const result = await testConnection(this.configValue, this.transport, { newGuid: this.newId, signal })
    this.health.probeAnswered(result)
    return result
  }

  /** The job as the admin center shows it: active, quarantined with the reason, or disabled after four weeks in quarantine (section 8). */
  status(): JobStatus {
    return this.health.status()
  }

  /** When the next cycle is due after this one: 40 minutes, or a day while quarantined (section 8). */
  nextCycleIntervalMs(): number {
    return this.health.nextCycleIntervalMs()
  }

  /** The objects in escrow, with their failure counts and next retry times (section 8). */
  escrowEntries(): EscrowEntry[] {
    return this.health.escrowEntries()
  }

  /** The notifications the job would have mailed (quarantine began or changed reason); none is sent. */
  outbox(): OutboxMessage[] {
    return this.health.outbox()
  }

  /**
   * Provision on demand (section 9): one user, or one group with up to 5 members, now, through
   * this job's mappings and link table; the entries go into logs(). It may run while a cycle
   * runs, as Entra allows for apps that do not use OAuth [U].
   */
  provisionOnDemand(request: OnDemandRequest, signal?: AbortSignal): Promise<OnDemandResult> {
    return provisionOnDemand(
      {
        directory: this.directory,
        config: this.configValue,
        transport: this.transport,
        state: this.state,
        memberBatchSize: this.memberBatchSize,
        newId: this.newId,
        now: this.now,
        keepLogs: (entries) => this.keepLogs(entries),
      },
      request,
      signal,
    )
  }

  /** Every log entry kept, oldest first. */
  logs(): ProvisioningLogEntry[] {
    return [...this.logEntries]
  }

  /** The directory change seq the last completed cycle read up to; null before the first. */
  watermark(): number | null {
    return this.watermarkValue
  }

  /** The link table: source objectId -> target id, for users and groups. */
  links(): {
    users: { sourceId: string; targetId: string; state: 'active' | 'disabled' }[]
    groups: { sourceId: string; targetId: string; members: number }[]
  } {
    return {
      users: [...this.state.userLinks].map(([sourceId, l]) => ({ sourceId, targetId: l.targetId, state: l.state })),
      groups: [...this.state.groupLinks].map(([sourceId, l]) => ({ sourceId, targetId: l.targetId, members: l.members.size })),
    }
  }

  /**
   * "Allow deletes" (accidental-deletions.md): the next cycle sends the disables and deletes that
   * accidental-deletions prevention held (StagedDelete), and any others it finds, whatever their
   * number, as Graph's restart with resetScope ForceDeletes does. The job stays quarantined until
   * that cycle completes ("The status returns to healthy with the next cycle").
   */
  allowDeletes(): void {
    this.deletesAllowed = true
  }

  /** "Restart provisioning" (3.1, section 8): clears the watermark, the retry list, escrow and quarantine (a disabled job runs again), keeps the links; the next cycle runs as initial. */
  restart(): void {
    this.watermarkValue = null
    this.state.retryUsers.clear()
    this.state.retryGroups.clear()
    this.health.restart()
  }

  /**
   * Runs one cycle. initial: every user and group; incremental: what changed in the directory
   * since the watermark, what changed scope since the last cycle, and what failed last time.
   * A stop (signal) ends the cycle after the requests in flight; it is reported 'cancelled'.
   * Throws only when a cycle is already running or the Tenant URL is invalid.
   */
  async runCycle(options: { kind: CycleKind }, signal?: AbortSignal): Promise<CycleReport> {
    if (this.running) throw new Error('A provisioning cycle is already running: stop it or wait for it to finish.')
    this.running = true
    try {
      return await this.cycle(this.watermarkValue === null ? 'initial' : options.kind, signal)
    } finally {
      this.running = false
    }
  }

  private async cycle(kind: CycleKind, signal: AbortSignal | undefined): Promise<CycleReport> {
    const config = this.configValue
    const cycleId = this.newId()
    const startedAt = this.now().toISOString()
    const report = (status: CycleReport['status'], entries: ProvisioningLogEntry[], extra: Partial<CycleReport> = {}): CycleReport => ({
      cycleId,
      kind,
      status,
      startedAt,
      finishedAt: this.now().toISOString(),
      watermark: this.watermarkValue,
      entries,
      counts: countEntries(entries),
      job: this.status(),
      ...extra,
    })
    const tenant = parseTenantUrl(config.tenantUrl)
    const dialect = resolveDialect(config.dialect, tenant.dialectFlag)
    if (this.health.disabled) {
      // disabled after four weeks in quarantine: it "stops running" until a restart (section 8)
      const { quarantine } = this.status()
      return report('failed', [], {
        message: `The provisioning job is disabled: it stayed in quarantine (${quarantine!.reason}) for more than four weeks. Fix the cause, then restart provisioning.`,
      })
    }

    let probe: TestConnectionResult | undefined
    if (this.probeEachCycle) {
      probe = await testConnection(config, this.transport, { newGuid: this.newId, signal })
      if (!probe.success) {
        // credentials refused or a compliance problem: quarantine whatever the counts (section 8)
        if (!signal?.aborted) {
          this.health.probeAnswered(probe)
          this.health.cycleEnded()
        }
        return report(signal?.aborted ? 'cancelled' : 'failed', [], { probe, message: probe.message })
      }
    }

    // read the mark before the changes: anything that happens during the cycle is seen by the next one
    const mark = this.directory.watermark()
    const scope = computeScope(config, this.directory)
    const { users, groups } = this.changeSet(kind, scope)
    this.state.retryUsers.clear()
    this.state.retryGroups.clear()

    const ctx: CycleContext = {
      cycleId,
      config,
      directory: this.directory,
      client: new ScimClient(tenant, { token: config.token, dialect }, this.transport),
      dialect,
      scope,
      state: this.state,
      signal,
      appName: config.appName ?? 'the SCIM application',
      memberBatchSize: this.memberBatchSize,
      newDraft: (source) => new LogEntryDraft({ id: this.newId(), cycleId, changeId: this.newId(), activityDateTime: this.now().toISOString(), source }),
      managerWork: [],
      groupDrafts: new Map(),
      throttle: this.throttle,
      referenceFailures: new Set(),
    }
    // counted before anything is sent: over the threshold, every removal of the cycle is held
    ctx.heldRemovals = removalsToHold(config, plannedRemovals(ctx, users, groups), this.deletesAllowed)
    const entries: ProvisioningLogEntry[] = []
    const runPass = async (ids: string[], work: (id: string) => Promise<ProvisioningLogEntry | null>): Promise<void> => {
      const slots: (ProvisioningLogEntry | null)[] = new Array(ids.length).fill(null)
      await pool(ids, this.concurrency, signal, async (id, index) => {
        slots[index] = await work(id)
      })
      for (const entry of slots) if (entry) entries.push(entry)
    }

    // users and groups first, then memberships and manager references (3.1, 3.5)
    await runPass(users, (id) => syncUser(ctx, id))
    if (config.provisionGroups) {
      await runPass(groups, (id) => syncGroup(ctx, id))
      await runPass([...this.state.groupLinks.keys()], (id) => syncMemberships(ctx, id))
    }
    await pool(ctx.managerWork, this.concurrency, signal, (work) => syncManager(ctx, work))

    const { failures, dropped } = this.health.settleCycle(ctx, entries, { users, groups })
    entries.push(...dropped)
    this.keepLogs(entries)
    if (signal?.aborted) {
      // the objects not reached are seen again: keep the watermark, and put the failures back
      for (const id of users) this.state.retryUsers.add(id)
      for (const id of groups) this.state.retryGroups.add(id)
      return report('cancelled', entries, { probe, message: 'Provisioning was stopped during the cycle.' })
    }
    this.watermarkValue = mark
    this.lastScope = scope
    this.health.cycleCompleted(failures, ctx.heldRemovals)
    this.health.cycleEnded()
    this.deletesAllowed = false
    return report('completed', entries, { probe })
  }

  /** The users and groups a cycle looks at, in the directory's order (section 12, Cycle step 1). */
  private changeSet(kind: CycleKind, scope: ScopeSnapshot): { users: string[]; groups: string[] } {
    const users = new Set<string>()
    const groups = new Set<string>()
    if (kind === 'initial') {
      for (const user of this.directory.listUsers()) users.add(user.objectId)
      for (const group of this.directory.listGroups()) groups.add(group.objectId)
    } else {
      for (const changed of this.directory.changesSince(this.watermarkValue!)) {
        if (changed.kind === 'user') users.add(changed.objectId)
        else if (changed.kind === 'group') groups.add(changed.objectId)
      }
      // assignment changes are not in the directory's feed: compare the scope with the last cycle's
      for (const id of symmetricDifference(scope.users, this.lastScope.users)) users.add(id)
      for (const id of symmetricDifference(scope.groups, this.lastScope.groups)) groups.add(id)
    }
    for (const id of this.state.retryUsers) users.add(id)
    for (const id of this.state.retryGroups) groups.add(id)
    // escrowed objects whose retry time has come on the engine's clock (section 8)
    const due = this.health.dueForRetry()
    for (const id of due.users) users.add(id)
    for (const id of due.groups) groups.add(id)
    // linked objects that left the directory (hard deleted) must be seen too
    for (const id of this.state.userLinks.keys()) if (kind === 'initial' && !this.directory.getUser(id)) users.add(id)
    for (const id of this.state.groupLinks.keys()) if (kind === 'initial' && !this.directory.getGroup(id)) groups.add(id)
    return { users: [...users], groups: [...groups] }
  }

  private keepLogs(entries: ProvisioningLogEntry[]): void {
    this.logEntries.push(...entries)
    const excess = this.logEntries.length - this.maxLogEntries
    if (excess > 0) this.logEntries.splice(0, excess)
  }
}

function symmetricDifference(a: Set<string>, b: Set<string>): string[] {
  return [...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))]
}

function countEntries(entries: ProvisioningLogEntry[]): CycleReport['counts'] {
  const byAction: Record<ProvisioningAction, number> = { Create: 0, Update: 0, Delete: 0, Disable: 0, Other: 0, StagedDelete: 0 }
  const byStatus: Record<ProvisioningStatus, number> = { Success: 0, Failure: 0, Skipped: 0, Warning: 0 }
  for (const entry of entries) {
    byAction[entry.action]++
    byStatus[entry.status]++
  }
  return { byAction, byStatus }
}
