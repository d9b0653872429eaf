import { isDirectoryError } from '../azure/directory'
import { OnDemandError, type CycleReport } from '../azure/engine'
import type { ExpectationResult, ScenarioStep } from '../azure/scenarios'
import { checkExpectStep } from '../azure/scenarios/check-expectations'
import { checkOnDemand, checkTestConnection, describeCycle, describeOnDemand, describeTestConnection } from '../azure/scenarios/job-steps'
import type { SimulatorSession } from './simulator-session'

/*
 * One scenario step applied to the simulator session: what a console action does, and what a
 * replay does with each step of an opened scenario. The semantics are runScenario's
 * (src/main/core/azure/scenarios/run-scenario.ts) on the session's own job, with two differences
 * that come from running on the system clock rather than a scenario's ManualClock:
 * - runCycle goes through the schedule, so it never overlaps a scheduled cycle; an initial one
 *   is "Restart provisioning" (watermark, escrow and quarantine cleared, 3.1).
 * - advanceClock moves the engine's clock (escrow retry times come due) and, while provisioning
 *   is On, runs the cycles that would have come due in that time.
 * Steps name users and groups by objectId (the recording's internal form).
 */

export interface StepOutcome {
  /** error: the step could not be applied (the directory refused it, or the cycle did not complete). */
  status: 'ok' | 'error'
  detail: string
  expectations: ExpectationResult[]
  /** The step changed the directory (not only the assignments or the job). */
  changedDirectory: boolean
}

const ok = (detail: string, changedDirectory = false): StepOutcome => ({ status: 'ok', detail, expectations: [], changedDirectory })

/**
 * Applies `step` (its place in the timeline is `index`). With `wait` false (a console action),
 * cycles are started and not awaited: the console follows them through the sim event. Directory
 * and on-demand refusals are returned as an error outcome when `wait` (a replay), thrown otherwise.
 */
export async function applyStep(session: SimulatorSession, step: ScenarioStep, index: number, options: { wait: boolean }): Promise<StepOutcome> {
  try {
    return await apply(session, step, index, options.wait)
  } catch (error) {
    if (options.wait && (isDirectoryError(error) || error instanceof OnDemandError))
      return { status: 'error', detail: error.message, expectations: [], changedDirectory: false }
    throw error
  }
}

function cycleOutcome(report: CycleReport | undefined, lead = ''): StepOutcome {
  if (!report) return ok(`${lead}no cycle ran`)
  return { status: report.status === 'completed' ? 'ok' : 'error', detail: `${lead}${describeCycle(report)}`, expectations: [], changedDirectory: false }
}

/** Starts a cycle; when not waiting, its failure reaches the console through the sim event, not as an unhandled rejection. */
async function runCycle(start: () => Promise<CycleReport | undefined>, wait: boolean, lead: string): Promise<StepOutcome> {
  const run = start()
  if (!wait) {
    run.catch(() => undefined)
    return ok(`${lead}; the cycle runs in the background`)
  }
  return cycleOutcome(await run, `${lead}: `)
}

async function apply(session: SimulatorSession, step: ScenarioStep, index: number, wait: boolean): Promise<StepOutcome> {
  const { directory, engine, schedule } = session
  switch (step.action) {
    case 'assignUser':
      engine.assignUser(step.user)
      return ok(`assigned user ${step.user} to the app`)
    case 'unassignUser':
      engine.unassignUser(step.user)
      return ok(`removed user ${step.user} from the app's assignments`)
    case 'assignGroup':
      engine.assignGroup(step.group)
      return ok(`assigned group ${step.group} to the app`)
    case 'unassignGroup':
      engine.unassignGroup(step.group)
      return ok(`removed group ${step.group} from the app's assignments`)
    case 'editUser':
      directory.updateUser(step.user, step.set)
      return ok(`edited user ${step.user}: ${Object.keys(step.set).join(', ')}`, true)
    case 'blockSignIn':
      directory.blockSignIn(step.user)
      return ok(`blocked sign-in of ${step.user}`, true)
    case 'unblockSignIn':
      directory.unblockSignIn(step.user)
      return ok(`allowed sign-in of ${step.user}`, true)
    case 'softDelete':
      directory.softDelete(step.user)
      return ok(`soft deleted ${step.user} (recycle bin)`, true)
    case 'restore':
      directory.restore(step.user)
      return ok(`restored ${step.user} from the recycle bin`, true)
    case 'hardDelete':
      directory.hardDelete(step.user)
      return ok(`deleted ${step.user} for good`, true)
    case 'addMember':
      directory.addMember(step.group, step.member)
      return ok(`added ${step.member} to group ${step.group}`, true)
    case 'removeMember':
      directory.removeMember(step.group, step.member)
      return ok(`removed ${step.member} from group ${step.group}`, true)
    case 'runCycle':
      // an initial cycle is Restart provisioning: everything is evaluated again (3.1)
      return step.kind === 'initial'
        ? runCycle(() => schedule.restart(), wait, 'restarted provisioning')
        : runCycle(() => schedule.runNow(), wait, 'ran the next cycle now')
    case 'startProvisioning':
      return runCycle(() => schedule.start(), wait, 'provisioning status On')
    case 'stopProvisioning':
      // Entra lets the cycle in progress finish (3.1)
      schedule.stop()
      return ok('provisioning status Off')
    case 'allowDeletes':
      engine.allowDeletes()
      return ok('allowed deletes: the next cycle sends every disable and delete')
    case 'advanceClock':
      return advanceClock(session, step.minutes)
    case 'testConnection': {
      const result = await engine.testConnection()
      return { status: 'ok', detail: describeTestConnection(result), expectations: checkTestConnection(step, index, result), changedDirectory: false }
    }
    case 'provisionOnDemand': {
      const request = step.user !== undefined ? { userId: step.user } : { groupId: step.group!, memberIds: step.members ?? [] }
      const result = await engine.provisionOnDemand(request)
      session.rememberLinks()
      return { status: 'ok', detail: describeOnDemand(result), expectations: checkOnDemand(step, index, result), changedDirectory: false }
    }
    case 'expect': {
      const results = await checkExpectStep(step, index, {
        reader: session.reader(),
        targetIdOf: session.knownTargetId,
        userIdOf: (ref) => ref,
        inspectCal: session.inspectCal(),
      })
      const failed = results.filter((r) => !r.passed).length
      return {
        status: 'ok',
        detail: `${results.length - failed} of ${results.length} expectation${results.length === 1 ? '' : 's'} held`,
        expectations: results,
        changedDirectory: false,
      }
    }
  }
}

/**
 * Moves the engine's clock by `minutes`; while provisioning is On, runs each cycle whose timer
 * (40 minutes, a day in quarantine, over the speed) would have fired in that time, one after another.
 */
async function advanceClock(session: SimulatorSession, minutes: number): Promise<StepOutcome> {
  let remaining = minutes * 60_000
  session.skewMs += remaining
  const details: string[] = []
  let failed = false
  for (let i = 0; i < 1_000; i++) {
    const next = session.schedule.nextCycleAt()
    if (next === null) break
    const due = Math.max(0, (next - Date.now()) * session.speed)
    if (due > remaining) break
    remaining -= due
    const report = await session.schedule.runNow()
    if (report) {
      details.push(describeCycle(report))
      failed ||= report.status !== 'completed'
    }
  }
  const lead = `advanced the clock ${minutes} minute${minutes === 1 ? '' : 's'}`
  return {
    status: failed ? 'error' : 'ok',
    detail: `${lead}; ${details.length > 0 ? details.join('; ') : 'no cycle ran'}`,
    expectations: [],
    changedDirectory: false,
  }
}
