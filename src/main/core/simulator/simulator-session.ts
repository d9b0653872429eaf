import { randomUUID } from 'node:crypto'
import { DEFAULT_SIMULATOR_OPTIONS, type AppConfigView, type SimulatorOptions, type SimulatorState } from '../../../shared/console/simulator-api'
import { Directory, type NewUser } from '../azure/directory'
import {
  defaultAppConfig,
  HttpTransport,
  ProvisioningEngine,
  ProvisioningSchedule,
  type CycleReport,
  type OutboxMessage,
  type ProvisioningAppConfig,
  type ProvisioningLogEntry,
  type ScheduleEvent,
} from '../azure/engine'
import { parseTenantUrl } from '../azure/requests'
import type { ScenarioStep } from '../azure/scenarios'
import { TargetReader } from '../azure/scenarios/target-reader'
import type { Store } from '../store'
import type { SecretStore } from '../secrets/secret-store'
import { ProgressTransport } from './cycle-progress'
import { DirectoryRows } from './directory-rows'
import { DebouncedSaver, loadSimulatorFile, writeSimulatorFile, type SimulatorFile } from './persistence'
import { Recording, type Baseline } from './recording'
import { applyStep, type StepOutcome } from './step-runner'

/*
 * The simulated Entra ID of one workspace (issue 5), Electron-free: the tenant's directory, the
 * enterprise app's configuration, the provisioning job (engine and schedule, on the system clock
 * compressed by a speed factor) and the recorded timeline. The console API (sim.*) drives it; it
 * always talks HTTP to its Tenant URL, by default this harness's own Base URI, with the
 * x-scim-harness-client header so Traffic marks its requests.
 *
 * Every console action the scenario format can express runs as a scenario step (step-runner.ts)
 * and is recorded, so what the console did can be saved and replayed elsewhere.
 */

/** The contract's (simulator-api.ts), which vocabulary.get also serves. */
export const DEFAULT_OPTIONS: SimulatorOptions = DEFAULT_SIMULATOR_OPTIONS

/** What is not the engine's: where it sends, with what, how it runs. */
interface Settings {
  /** null: this harness's own Base URI. */
  tenantUrl: string | null
  token: string | undefined
  speed: number
  options: SimulatorOptions
}

/** The app configuration without its credentials, which the session resolves (built-in URL, unset token). */
export type AppSettings = Omit<ProvisioningAppConfig, 'tenantUrl' | 'token'>

export interface SimulatorSessionOptions {
  dataDir: string
  store: Store
  /** Keeps the Secret Token: never simulator.json, which is state a person copies and shares (issue 14, item 3). */
  secrets: SecretStore
  /** This harness's Base URI, known once it listens. */
  baseUri(): string
  /** Receives the state on schedule events, after changes and (throttled) while a cycle runs. */
  publish?(state: SimulatorState): void
  /** Debounce of simulator.json writes. Default 1 s. */
  saveDelayMs?: number
}

const PUBLISH_INTERVAL_MS = 250
/** The Secret Token's name in the secret store. */
export const SECRET_TOKEN_NAME = 'simulator.secretToken'
const MAX_ARCHIVED_LOGS = 100_000

type CycleSummary = NonNullable<SimulatorState['lastCycle']>

function summarise(report: CycleReport): CycleSummary {
  return {
    cycleId: report.cycleId,
    kind: report.kind,
    status: report.status,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    ...(report.message !== undefined && { message: report.message }),
    byAction: report.counts.byAction,
    byStatus: report.counts.byStatus,
  }
}

export class SimulatorSession {
  directory: Directory
  private settings: Settings = { tenantUrl: null, token: undefined, speed: 1, options: { ...DEFAULT_OPTIONS } }
  engine!: ProvisioningEngine
  schedule!: ProvisioningSchedule
  private transport!: ProgressTransport
  private offSchedule: () => void = () => {}
  recording: Recording
  /** Logs and notices of the jobs replaced by a new directory or new options: the console keeps showing them. */
  private archivedLogs: ProvisioningLogEntry[] = []
  private archivedOutbox: OutboxMessage[] = []
  /** Every target id the job has held per source object: an unassigned user's link is dropped, yet "user X is inactive" must find it. */
  private readonly knownTargets = new Map<string, string>()
  private lastCycle: CycleSummary | null = null
  private progress: { cycleId: string; kind: 'initial' | 'incremental'; total: number } | null = null
  /** The next id the engine draws after a cycle starts is that cycle's id. */
  private awaitingCycleId = false
  /** Added to the engine's clock by a replayed advanceClock: escrow retry times come due without waiting. */
  skewMs = 0
  private notice: string | null = null
  private activity: { label: string; done: number; total: number } | null = null
  private progressTimer: NodeJS.Timeout | undefined
  private publishPending: NodeJS.Timeout | undefined
  private readonly saver: DebouncedSaver
  /** The Secret Token changed since it was last written to the secret store. */
  private tokenChanged = false
  readonly rows = new DirectoryRows()
  /** One replay or one directory replacement at a time. */
  busy: string | null = null
  private closed = false

  constructor(private readonly options: SimulatorSessionOptions) {
    this.directory = new Directory()
    this.recording = Recording.startingFrom(this.directory, { userIds: [], groupIds: [] })
    this.saver = new DebouncedSaver(
      () => this.save(),
      options.saveDelayMs ?? 1_000,
      (error) => console.error('[scim-harness] saving simulator.json failed:', error),
    )
    this.buildJob(defaultAppSettings())
  }

  get store(): Store {
    return this.options.store
  }

  // ---- lifecycle ----

  /**
   * Loads simulator.json in the background (a 100,000-user tenant takes seconds to validate, and
   * the harness must not start that much slower); the sim.* handlers wait for ready(). A damaged
   * file is moved aside and the console told so.
   */
  load(): Promise<void> {
    this.loading = this.loadFile().catch((error) => {
      this.notice = `The simulated Entra ID could not be loaded from simulator.json: ${(error as Error).message}. It started empty; the file was left as it is.`
      console.error(`[scim-harness] ${this.notice}`)
    })
    return this.loading
  }

  private loading: Promise<void> = Promise.resolve()

  /** Resolves once simulator.json has been loaded (or found missing or damaged). */
  ready(): Promise<void> {
    return this.loading
  }

  private async loadFile(): Promise<void> {
    const result = await loadSimulatorFile(this.options.dataDir, (file) => ({
      directory: Directory.fromJSON(file.directory),
      baseline: file.recording.baseline.directory === 'current' ? undefined : Directory.fromJSON(file.recording.baseline.directory),
    }))
    if (result.kind === 'damaged') {
      this.notice = `simulator.json could not be read (${result.reason}); it was moved to ${result.movedTo} and the simulator started empty.`
      console.error(`[scim-harness] ${this.notice}`)
      return
    }
    if (result.kind === 'none' || this.closed) return
    const { file, value } = result
    const token = await this.loadToken(file.settings.token)
    this.settings = { ...file.settings, token }
    this.directory = value.directory
    this.buildJob(file.app)
    const rec = file.recording
    const baseline: Baseline = {
      users: (value.baseline ?? this.directory).listUsers(),
      groups: (value.baseline ?? this.directory).listGroups(),
      assignments: rec.baseline.assignments,
    }
    this.recording = new Recording(rec.name, baseline, rec.steps, rec.opened, rec.description)
    this.recording.cursor = Math.min(rec.cursor, rec.steps.length)
    this.recording.diverged = value.baseline !== undefined
    this.publish()
    if (this.migrateToken) {
      this.migrateToken = false
      this.saver.changed()
      await this.saver.flush()
    }
  }

  /**
   * The Secret Token from the secret store. A simulator.json from before issue 14 holds it in
   * clear: it is moved to the store and the file rewritten without it, once.
   */
  private async loadToken(inFile: string | undefined): Promise<string | undefined> {
    const { secrets } = this.options
    try {
      const stored = await secrets.get(SECRET_TOKEN_NAME)
      if (inFile === undefined) return stored
      if (stored === undefined) await secrets.set(SECRET_TOKEN_NAME, inFile)
      this.migrateToken = true
      return stored ?? inFile
    } catch (error) {
      this.notice = `The Secret Token could not be read from ${secrets.location ?? 'the secret store'}: ${(error as Error).message} Enter it again under Admin Credentials.`
      console.error(`[scim-harness] ${this.notice}`)
      // a clear token from an old file is kept there until the store takes it (save() tries first)
      if (inFile !== undefined) {
        this.tokenChanged = true
        this.clearTokenInFile = inFile
      }
      return inFile
    }
  }

  /** simulator.json still holds a clear token that is now in the secret store: rewrite it at once. */
  private migrateToken = false
  /** The clear token an old simulator.json holds while the secret store cannot take it: save() keeps it there. */
  private clearTokenInFile: string | undefined

  /** Stops the schedule, aborts a running cycle's further work by stopping it, and writes simulator.json. */
  close(): Promise<void> {
    this.closing ??= this.shutDown()
    return this.closing
  }

  private closing: Promise<void> | undefined

  private async shutDown(): Promise<void> {
    await this.loading
    this.closed = true
    this.schedule.stop()
    this.offSchedule()
    clearInterval(this.progressTimer)
    clearTimeout(this.publishPending)
    this.abort.abort()
    await this.schedule.idle().catch(() => undefined)
    await this.saver.flush()
  }

  /** Aborts cycles in flight when the harness closes (the schedule passes it to every cycle). */
  private abort = new AbortController()

  /** Something worth saving changed: simulator.json is written shortly, the console told now (throttled). */
  changed(): void {
    if (this.closed) return
    this.saver.changed()
    this.publishSoon()
  }

  flush(): Promise<void> {
    return this.saver.flush()
  }

  private async save(): Promise<void> {
    // a clear token from an old simulator.json that the secret store has not taken yet stays in the file
    let unmigrated: string | undefined
    if (this.tokenChanged) {
      // reset first: a token set while this write is in flight marks it again for the next save
      this.tokenChanged = false
      const { secrets } = this.options
      try {
        if (this.settings.token === undefined) await secrets.delete(SECRET_TOKEN_NAME)
        else await secrets.set(SECRET_TOKEN_NAME, this.settings.token)
        this.clearTokenInFile = undefined
      } catch (error) {
        this.tokenChanged = true
        // a damaged secrets.json must not stop the directory, app and timeline from being saved:
        // they are written below, and the token is tried again at the next save
        this.notice = `The Secret Token could not be saved to ${secrets.location ?? 'the secret store'}: ${(error as Error).message} Until then, a Secret Token entered under Admin Credentials lasts only for this session.`
        console.error(`[scim-harness] ${this.notice}`)
        if (this.clearTokenInFile !== undefined && this.clearTokenInFile === this.settings.token) unmigrated = this.clearTokenInFile
      }
    }
    const config = this.engine.config
    const { tenantUrl: _url, token: _token, ...app } = config
    const file: SimulatorFile = {
      format: 'scim-harness-simulator',
      version: 1,
      savedAt: new Date().toISOString(),
      // no token: it lives in the secret store
      settings: {
        tenantUrl: this.settings.tenantUrl,
        ...(unmigrated !== undefined && { token: unmigrated }),
        speed: this.settings.speed,
        options: this.settings.options,
      },
      app,
      directory: this.directory.toJSON(),
      recording: this.recording.toJSON(),
    }
    await writeSimulatorFile(this.options.dataDir, file)
  }

  // ---- the job ----

  /** A fresh job (engine, transport, schedule) over the current directory: a new tenant or new options make a new job. */
  buildJob(app: AppSettings): void {
    if (this.engine) {
      this.archivedLogs = [...this.archivedLogs, ...this.engine.logs()].slice(-MAX_ARCHIVED_LOGS)
      this.archivedOutbox = [...this.archivedOutbox, ...this.engine.outbox()]
      this.schedule.stop()
      this.offSchedule()
    }
    const { options } = this.settings
    this.transport = new ProgressTransport(new HttpTransport({ concurrency: options.concurrency, timeoutMs: options.timeoutMs }))
    this.engine = new ProvisioningEngine({
      directory: this.directory,
      config: { ...app, tenantUrl: this.tenantUrl(), token: this.settings.token ?? '' },
      transport: this.transport,
      concurrency: options.concurrency,
      honorRetryAfter: options.honorRetryAfter,
      escrowScale: options.escrowScale,
      quarantineMinFailures: options.quarantineMinFailures,
      quarantineMaxFailureRatio: options.quarantineMaxFailureRatio,
      now: () => new Date(Date.now() + this.skewMs),
      newId: () => {
        const id = randomUUID()
        if (this.awaitingCycleId && this.progress) {
          this.awaitingCycleId = false
          this.progress.cycleId = id
        }
        return id
      },
    })
    this.schedule = new ProvisioningSchedule(this.engine, { speed: this.settings.speed, signal: this.abort?.signal })
    this.offSchedule = this.schedule.subscribe((event) => this.onSchedule(event))
  }

  private onSchedule(event: ScheduleEvent): void {
    if (event.type === 'cycleStarted') {
      const kind = this.engine.watermark() === null ? 'initial' : event.kind
      this.progress = { cycleId: '', kind, total: this.estimateTotal(kind) }
      this.awaitingCycleId = true
      this.transport.begin(this.engine.config.provisionGroups ? 2 : 1)
      clearInterval(this.progressTimer)
      this.progressTimer = setInterval(() => this.publish(), PUBLISH_INTERVAL_MS)
      this.progressTimer.unref()
    } else if (event.type === 'cycleFinished' || event.type === 'cycleFailed') {
      this.transport.end()
      this.progress = null
      clearInterval(this.progressTimer)
      if (event.type === 'cycleFinished') {
        this.lastCycle = summarise(event.report)
        this.rememberLinks()
      } else {
        const now = new Date().toISOString()
        this.lastCycle = {
          cycleId: '',
          kind: 'incremental',
          status: 'failed',
          startedAt: now,
          finishedAt: now,
          message: event.error,
          byAction: {},
          byStatus: {},
        }
      }
    }
    this.publish()
  }

  /** The objects a cycle will look at: in scope or managed; for an incremental cycle, only those changed since the watermark [estimate]. */
  private estimateTotal(kind: 'initial' | 'incremental'): number {
    const links = this.engine.links()
    const config = this.engine.config
    const rows = new Set<string>()
    const scopeUsers = new Set<string>()
    const scopeGroups = new Set<string>()
    if (config.scope === 'all') for (const u of this.directory.listUsers()) scopeUsers.add(u.objectId)
    else {
      for (const id of config.assignments.userIds) scopeUsers.add(id)
      for (const id of config.assignments.groupIds) {
        const group = this.directory.getGroup(id)
        if (!group) continue
        scopeGroups.add(group.objectId)
        for (const m of group.memberIds) if (this.directory.kindOf(m) === 'user') scopeUsers.add(m)
      }
    }
    if (config.scope === 'all') for (const g of this.directory.listGroups()) scopeGroups.add(g.objectId)
    const managed = new Set([
      ...scopeUsers,
      ...links.users.map((l) => l.sourceId),
      ...(config.provisionGroups ? [...scopeGroups, ...links.groups.map((l) => l.sourceId)] : []),
    ])
    if (kind === 'initial') return managed.size
    const watermark = this.engine.watermark()
    if (watermark === null) return managed.size
    for (const changed of this.directory.changesSince(watermark)) if (managed.has(changed.objectId)) rows.add(changed.objectId)
    return rows.size
  }

  rememberLinks(): void {
    const links = this.engine.links()
    for (const link of links.users) this.knownTargets.set(link.sourceId, link.targetId)
    for (const link of links.groups) this.knownTargets.set(link.sourceId, link.targetId)
  }

  /** The target id the job holds for a source object, else the one it last held. */
  targetIdOf = (objectId: string): string | null => {
    const links = this.engine.links()
    return (
      links.users.find((l) => l.sourceId === objectId)?.targetId ??
      links.groups.find((l) => l.sourceId === objectId)?.targetId ??
      this.knownTargets.get(objectId) ??
      null
    )
  }

  /** The lookup the scenario checks use (links first, then every link ever held). */
  knownTargetId = (objectId: string): string | undefined => this.targetIdOf(objectId) ?? undefined

  forgetTargets(): void {
    this.knownTargets.clear()
  }

  // ---- credentials and configuration ----

  tenantUrl(): string {
    return this.settings.tenantUrl ?? this.options.baseUri()
  }

  isBuiltInTarget(): boolean {
    const url = this.tenantUrl()
    return url !== '' && url.replace(/\/+$/, '') === this.options.baseUri().replace(/\/+$/, '')
  }

  get speed(): number {
    return this.settings.speed
  }

  setSpeed(speed: number): void {
    this.settings.speed = speed
    this.schedule.speed = speed
    this.changed()
  }

  get simulatorOptions(): SimulatorOptions {
    return this.settings.options
  }

  /** Saves the credentials; the built-in Base URI is remembered as "this harness", whatever port it gets next. */
  setCredentials(tenantUrl: string | undefined, token: string | undefined): void {
    if (tenantUrl !== undefined)
      this.settings.tenantUrl = tenantUrl === '' || tenantUrl.replace(/\/+$/, '') === this.options.baseUri().replace(/\/+$/, '') ? null : tenantUrl
    if (token !== undefined) {
      this.settings.token = token === '' ? undefined : token
      this.tokenChanged = true
      this.changed()
    }
    this.engine.updateConfig({ tenantUrl: this.tenantUrl(), token: this.settings.token ?? '' })
  }

  /** New options make a new job (the transport and the escrow policy are the engine's from its start). */
  setOptions(options: SimulatorOptions): void {
    this.settings.options = { ...options }
    const { tenantUrl: _u, token: _t, ...app } = this.engine.config
    this.buildJob(app)
  }

  appSettings(): AppSettings {
    const { tenantUrl: _u, token: _t, ...app } = this.engine.config
    return app
  }

  configView(): AppConfigView {
    const config = this.engine.config
    return {
      tenantUrl: this.tenantUrl(),
      dialect: config.dialect,
      scope: config.scope,
      userMappings: config.userMappings,
      groupMappings: config.groupMappings,
      targetActions: config.targetActions,
      provisionGroups: config.provisionGroups,
      ...(config.notificationEmail !== undefined && { notificationEmail: config.notificationEmail }),
      ...(config.sendFailureNotification !== undefined && { sendFailureNotification: config.sendFailureNotification }),
      ...(config.preventAccidentalDeletions !== undefined && { preventAccidentalDeletions: config.preventAccidentalDeletions }),
      ...(config.accidentalDeletionThreshold !== undefined && { accidentalDeletionThreshold: config.accidentalDeletionThreshold }),
      options: this.settings.options,
    }
  }

  /** Reads the target over SCIM with the current credentials (not provisioning traffic: no log entries). */
  reader(): TargetReader {
    const config = this.engine.config
    return new TargetReader(parseTenantUrl(config.tenantUrl), config.token, config.dialect, this.transport)
  }

  /** The built-in server's CAL for a target user id; undefined for another endpoint. */
  inspectCal(): ((targetId: string) => string | undefined) | undefined {
    return this.isBuiltInTarget() ? (id) => this.store.getUser(id)?.cal : undefined
  }

  // ---- directory replacement ----

  /** A new tenant: a new job over it (links and watermark start over) and a new recording from it. */
  replaceDirectory(directory: Directory, app: AppSettings, recording?: Recording): void {
    if (this.schedule.state().running) {
      throw new SimulatorBusyError('A provisioning cycle is running: stop provisioning and wait for the cycle to finish before replacing the directory.')
    }
    this.directory = directory
    this.forgetTargets()
    this.buildJob(app)
    this.lastCycle = null
    this.recording = recording ?? Recording.startingFrom(directory, app.assignments, this.recording.name)
    this.changed()
  }

  // ---- steps ----

  /** Runs a step as a console action and records it. `wait`: wait for the cycles it starts. */
  async perform(step: ScenarioStep, wait = false): Promise<StepOutcome> {
    const outcome = await applyStep(this, step, this.recording.cursor, { wait })
    if (outcome.status === 'ok') {
      this.recording.record(step)
      if (outcome.changedDirectory) this.recording.diverged = true
    }
    this.changed()
    return outcome
  }

  // ---- views ----

  logs(): ProvisioningLogEntry[] {
    return this.archivedLogs.length === 0 ? this.engine.logs() : [...this.archivedLogs, ...this.engine.logs()]
  }

  outbox(): OutboxMessage[] {
    return [...this.archivedOutbox, ...this.engine.outbox()]
  }

  state(): SimulatorState {
    const config = this.engine.config
    const job = this.engine.status()
    const quarantine = job.quarantine
    const schedule = this.schedule.state()
    const opened = this.recording.opened
    return {
      tenantUrl: this.tenantUrl(),
      tokenSet: this.settings.token !== undefined,
      tokenStorage: {
        protection: this.options.secrets.protection,
        ...(this.options.secrets.location !== undefined && { location: this.options.secrets.location }),
        ...(this.options.secrets.note !== undefined && { note: this.options.secrets.note }),
      },
      builtInTarget: this.isBuiltInTarget(),
      dialect: config.dialect,
      scope: config.scope,
      directory: { users: this.directory.userCount, groups: this.directory.groupCount },
      assignments: { users: config.assignments.userIds.length, groups: config.assignments.groupIds.length },
      schedule: { ...schedule, now: Date.now() },
      job:
        job.status === 'active'
          ? { state: 'active' }
          : {
              state: quarantine?.reason === 'TooManyDeletes' ? 'stagedDeletes' : 'quarantined',
              reason:
                job.status === 'disabled' ? `Disabled after four weeks in quarantine: ${quarantine?.error.message ?? ''}` : (quarantine?.error.message ?? ''),
              ...(quarantine && { since: quarantine.since }),
            },
      progress: this.progress
        ? {
            ...this.progress,
            done: Math.min(this.transport.objectsRead, this.progress.total),
            total: Math.max(this.progress.total, this.transport.objectsRead),
          }
        : null,
      lastCycle: this.lastCycle,
      timelineLength: this.recording.steps.length,
      scenario: opened ? { name: this.recording.name, steps: this.recording.steps.length, cursor: this.recording.cursor } : null,
      outbox: this.archivedOutbox.length + this.engine.outbox().length,
      notice: this.notice,
      activity: this.activity,
    }
  }

  /** Long work outside a cycle: shown at once (not throttled), null when it ends. */
  setActivity(activity: { label: string; done: number; total: number } | null): void {
    this.activity = activity
    this.publish()
  }

  get busyWith(): string | null {
    return this.activity?.label ?? null
  }

  publish(): void {
    if (this.closed || !this.options.publish) return
    this.options.publish(this.state())
  }

  private publishSoon(): void {
    if (this.publishPending) return
    this.publishPending = setTimeout(() => {
      this.publishPending = undefined
      this.publish()
    }, PUBLISH_INTERVAL_MS)
    this.publishPending.unref()
  }

  /** Users created (by hand or CSV) exist from the recording's start: the format has no "add user" step. */
  addUsers(users: NewUser[]): void {
    const added = this.directory.addUsers(users)
    this.recording.addUsers(added)
    this.changed()
  }
}

/** A request refused because the simulator is doing something that cannot be interleaved. */
export class SimulatorBusyError extends Error {
  override readonly name = 'SimulatorBusyError'
}

/** A new non-gallery SCIM app's settings (no credentials). */
export function defaultAppSettings(): AppSettings {
  const { tenantUrl: _u, token: _t, ...app } = defaultAppConfig('', '')
  return app
}
