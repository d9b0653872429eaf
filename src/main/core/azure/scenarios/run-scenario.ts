import type { ScenarioReportSummary, ScenarioStepResult } from '../../../../shared/console/provisioning-log-schema'
import { Directory, isDirectoryError, seededIdGenerator } from '../directory'
import {
  defaultAppConfig,
  HttpTransport,
  ManualClock,
  OnDemandError,
  ProvisioningEngine,
  ProvisioningSchedule,
  type CycleReport,
  type JobStatus,
  type ProvisioningLogEntry,
  type Transport,
} from '../engine'
import { parseTenantUrl } from '../requests'
import { checkExpectStep } from './check-expectations'
import { checkOnDemand, checkTestConnection, describeCycle, describeOnDemand, describeTestConnection } from './job-steps'
import { directoryRefs, scenarioAppSettings, type Scenario, type ScenarioStep } from './scenario-schema'
import { TargetReader } from './target-reader'

/*
 * Replays a scenario against a SCIM endpoint: loads its directory and app settings into a fresh
 * provisioning engine, applies the timeline step by step, and checks each expect step against
 * the target. Ids come from a generator seeded with the scenario's name, so two replays send the
 * same probe GUIDs and log the same ids: given the same target state, the report is the same.
 * The job's schedule runs on a ManualClock that only advanceClock moves: a scenario "waits" 40
 * minutes for the next cycle (3.1) or a day in quarantine (section 8) without waiting at all.
 */

export type { ScenarioStepResult as StepResult, ScenarioStepStatus as StepStatus } from '../../../../shared/console/provisioning-log-schema'

/** The console's report (the contract's scenarioReportSchema) with what `simulate` also writes out. */
export interface ScenarioReport extends ScenarioReportSummary {
  /** The provisioning log entries of every cycle, oldest first, with their HTTP exchanges. */
  logs: ProvisioningLogEntry[]
  /** The job after the last step: active, or quarantined and why (section 8). */
  job: JobStatus
}

export interface RunScenarioOptions {
  tenantUrl: string
  token: string
  /** Default: an HttpTransport; the engine and the expectation reads share it. */
  transport?: Transport
  /** Stops the run: the cycle in progress ends as Entra's stop does, later steps are skipped. */
  signal?: AbortSignal
  /** The CAL the built-in server gives a target user id; without it, `cal` expectations fail as unreadable. */
  inspectCal?: (targetUserId: string) => string | undefined | Promise<string | undefined>
  /**
   * Objects the engine processes at once. Default 1: with more, two users racing for one
   * userName reach the target in a different order on each run, and "replays the same way"
   * (issue 3) would not hold. Raise it to rehearse Entra's parallelism.
   */
  concurrency?: number
}

/** Replays `scenario` (already validated by parseScenario) against the target. Throws only when the tenant URL is invalid. */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioReport> {
  const tenant = parseTenantUrl(options.tenantUrl)
  const transport = options.transport ?? new HttpTransport()
  const directory = Directory.fromJSON(scenario.directory, { newId: seededIdGenerator(`${scenario.name}/directory`) })
  const refs = directoryRefs(scenario.directory)
  const userIdOf = (ref: string) => refs.user(ref)!
  const groupIdOf = (ref: string) => refs.group(ref)!
  const config = defaultAppConfig(options.tenantUrl, options.token, scenarioAppSettings(scenario))
  // The engine's time is the wall clock shifted by what advanceClock added: log durations stay
  // real, while escrow retry times (section 8) come due when the scenario moves the clock.
  const clock = new ManualClock(0)
  const engine = new ProvisioningEngine({
    directory,
    config,
    transport,
    concurrency: options.concurrency ?? 1,
    newId: seededIdGenerator(`${scenario.name}/engine`),
    now: () => new Date(Date.now() + clock.now()),
  })
  const schedule = new ProvisioningSchedule(engine, { clock, signal: options.signal })
  // the cycles the schedule runs during a step, for the step's detail
  let scheduled: { reports: CycleReport[]; errors: string[] } = { reports: [], errors: [] }
  schedule.subscribe((event) => {
    if (event.type === 'cycleFinished') scheduled.reports.push(event.report)
    if (event.type === 'cycleFailed') scheduled.errors.push(event.error)
  })
  const reader = new TargetReader(tenant, options.token, scenario.app.dialect, transport, options.signal)
  // Every link the job has held, not only its current ones: the engine forgets a user's link on
  // unassignment (it matches by userName again on re-assignment), yet "user X is inactive" must
  // still find the target user that X was provisioned as.
  const knownTargets = new Map<string, string>()
  const rememberLinks = () => {
    for (const link of engine.links().users) knownTargets.set(link.sourceId, link.targetId)
  }
  const targetIdOf = (sourceId: string) => knownTargets.get(sourceId)

  const steps: ScenarioStepResult[] = []
  const expectations: ScenarioReportSummary['expectations'] = []
  let cancelled = false
  for (const [index, step] of scenario.steps.entries()) {
    if (options.signal?.aborted) {
      cancelled = true
      steps.push({ index, kind: step.action, status: 'skipped', detail: 'The run was stopped before this step.' })
      continue
    }
    try {
      if (step.action === 'expect') {
        const results = await checkExpectStep(step, index, { reader, targetIdOf, userIdOf, inspectCal: options.inspectCal })
        expectations.push(...results)
        const failed = results.filter((r) => !r.passed).length
        steps.push({
          index,
          kind: step.action,
          status: 'ok',
          detail: `${results.length - failed} of ${results.length} expectation${results.length === 1 ? '' : 's'} held`,
        })
      } else if (step.action === 'runCycle') {
        const report = await engine.runCycle({ kind: step.kind }, options.signal)
        rememberLinks()
        if (report.status === 'cancelled') cancelled = true
        steps.push({ index, kind: step.action, status: report.status === 'completed' ? 'ok' : 'error', detail: describeCycle(report) })
      } else if (step.action === 'testConnection') {
        const result = await engine.testConnection(options.signal)
        expectations.push(...checkTestConnection(step, index, result))
        steps.push({ index, kind: step.action, status: 'ok', detail: describeTestConnection(result) })
      } else if (step.action === 'provisionOnDemand') {
        const request =
          step.user !== undefined ? { userId: userIdOf(step.user) } : { groupId: groupIdOf(step.group!), memberIds: (step.members ?? []).map(userIdOf) }
        const result = await engine.provisionOnDemand(request, options.signal)
        rememberLinks()
        expectations.push(...checkOnDemand(step, index, result))
        steps.push({ index, kind: step.action, status: 'ok', detail: describeOnDemand(result) })
      } else if (step.action === 'allowDeletes') {
        engine.allowDeletes()
        const job = engine.status()
        const held = job.quarantine?.reason === 'TooManyDeletes' ? ` (the job is quarantined: ${job.quarantine.error.message})` : ''
        steps.push({ index, kind: step.action, status: 'ok', detail: `allowed deletes: the next cycle sends every disable and delete${held}` })
      } else if (step.action === 'startProvisioning' || step.action === 'stopProvisioning' || step.action === 'advanceClock') {
        scheduled = { reports: [], errors: [] }
        let lead: string
        if (step.action === 'startProvisioning') {
          await schedule.start()
          lead = 'provisioning status On'
        } else if (step.action === 'stopProvisioning') {
          // nothing runs between steps, so there is no cycle in progress to let finish (3.1)
          schedule.stop()
          lead = 'provisioning status Off'
        } else {
          await clock.advance(step.minutes * 60_000)
          lead = `advanced the clock ${step.minutes} minute${step.minutes === 1 ? '' : 's'}`
        }
        rememberLinks()
        const { reports, errors } = scheduled
        if (reports.some((r) => r.status === 'cancelled')) cancelled = true
        const ran = [...reports.map(describeCycle), ...errors]
        const next = schedule.nextCycleAt()
        const minutes = next === null ? 0 : Math.round((next - clock.now()) / 60_000)
        const tail = next === null ? 'no cycle scheduled' : `next cycle in ${minutes} minute${minutes === 1 ? '' : 's'}`
        const failed = errors.length > 0 || reports.some((r) => r.status !== 'completed')
        steps.push({
          index,
          kind: step.action,
          status: failed ? 'error' : 'ok',
          detail: `${lead}; ${ran.length > 0 ? ran.join('; ') : 'no cycle ran'}; ${tail}`,
        })
      } else {
        steps.push({ index, kind: step.action, status: 'ok', detail: applyChange(step, { directory, engine, userIdOf, groupIdOf }) })
      }
    } catch (error) {
      // a refused directory change or on-demand request is the scenario's problem, reported on its step; anything else is a bug
      if (!isDirectoryError(error) && !(error instanceof OnDemandError)) throw error
      steps.push({ index, kind: step.action, status: 'error', detail: error.message })
    }
  }
  schedule.stop()
  const passed = !cancelled && steps.every((s) => s.status === 'ok') && expectations.every((e) => e.passed)
  return { scenario: scenario.name, passed, cancelled, steps, expectations, logs: engine.logs(), job: engine.status() }
}

interface ChangeContext {
  directory: Directory
  engine: ProvisioningEngine
  userIdOf(ref: string): string
  groupIdOf(ref: string): string
}

type ChangeStep = Exclude<
  ScenarioStep,
  { action: 'expect' | 'runCycle' | 'testConnection' | 'provisionOnDemand' | 'startProvisioning' | 'stopProvisioning' | 'advanceClock' | 'allowDeletes' }
>

/** Applies one directory or assignment change; returns the step's detail. Throws DirectoryError when Entra would refuse it. */
function applyChange(step: ChangeStep, ctx: ChangeContext): string {
  const { directory, engine } = ctx
  switch (step.action) {
    case 'assignUser':
      engine.assignUser(ctx.userIdOf(step.user))
      return `assigned user ${step.user} to the app`
    case 'unassignUser':
      engine.unassignUser(ctx.userIdOf(step.user))
      return `removed user ${step.user} from the app's assignments`
    case 'assignGroup':
      engine.assignGroup(ctx.groupIdOf(step.group))
      return `assigned group ${step.group} to the app`
    case 'unassignGroup':
      engine.unassignGroup(ctx.groupIdOf(step.group))
      return `removed group ${step.group} from the app's assignments`
    case 'editUser':
      directory.updateUser(ctx.userIdOf(step.user), step.set)
      return `edited user ${step.user}: ${Object.keys(step.set).join(', ')}`
    case 'blockSignIn':
      directory.blockSignIn(ctx.userIdOf(step.user))
      return `blocked sign-in of ${step.user}`
    case 'unblockSignIn':
      directory.unblockSignIn(ctx.userIdOf(step.user))
      return `allowed sign-in of ${step.user}`
    case 'softDelete':
      directory.softDelete(ctx.userIdOf(step.user))
      return `soft deleted ${step.user} (recycle bin)`
    case 'restore':
      directory.restore(ctx.userIdOf(step.user))
      return `restored ${step.user} from the recycle bin`
    case 'hardDelete':
      directory.hardDelete(ctx.userIdOf(step.user))
      return `deleted ${step.user} for good`
    case 'addMember':
      directory.addMember(ctx.groupIdOf(step.group), ctx.userIdOf(step.member))
      return `added ${step.member} to group ${step.group}`
    case 'removeMember':
      directory.removeMember(ctx.groupIdOf(step.group), ctx.userIdOf(step.member))
      return `removed ${step.member} from group ${step.group}`
  }
}
