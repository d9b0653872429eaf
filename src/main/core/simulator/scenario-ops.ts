import type { ConsoleErrorCode } from '../../../shared/console/api'
import { Directory } from '../azure/directory'
import { directoryRefs, scenarioAppSettings, type ExpectStep, type Scenario } from '../azure/scenarios'
import { readTargetUser } from './compare'
import { mapStepRefs, Recording, type ReplayReport } from './recording'
import { defaultAppSettings, SimulatorBusyError, type AppSettings, type SimulatorSession } from './simulator-session'
import { applyStep } from './step-runner'

/*
 * Scenarios in the console (issue 5, "Scenarios"): open a file into the session (its directory
 * and app settings, its steps ready to replay), save the recording as a file, replay the
 * timeline against the session's own Tenant URL one step or all at once, and "expect this".
 */

/** A request the scenario functions refuse, with a code for the console. */
export class ScenarioRefusal extends Error {
  override readonly name = 'ScenarioRefusal'
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Loads a validated scenario into the session: a new tenant and job, the app settings, the steps waiting at cursor 0. */
export function openScenario(session: SimulatorSession, scenario: Scenario): void {
  const directory = Directory.fromJSON(scenario.directory)
  const refs = directoryRefs(scenario.directory)
  const userId = (ref: string) => refs.user(ref) ?? ref
  const groupId = (ref: string) => refs.group(ref) ?? ref
  const current = session.appSettings()
  const settings: AppSettings = {
    ...defaultAppSettings(),
    ...scenarioAppSettings(scenario),
    // not part of a scenario: the admin's own notification settings stay
    ...(current.notificationEmail !== undefined && { notificationEmail: current.notificationEmail }),
    ...(current.sendFailureNotification !== undefined && { sendFailureNotification: current.sendFailureNotification }),
  }
  const recording = Recording.startingFrom(directory, settings.assignments, scenario.name)
  recording.steps = scenario.steps.map((step) => mapStepRefs(step, userId, groupId))
  recording.opened = true
  recording.description = scenario.description
  session.skewMs = 0
  session.replaceDirectory(directory, settings, recording)
}

/** The recording as a scenario file: name, text. Throws ScenarioRefusal when nothing was recorded. */
export function saveScenario(session: SimulatorSession, name?: string): { fileName: string; text: string } {
  const recording = session.recording
  if (recording.steps.length === 0) {
    throw new ScenarioRefusal(
      'emptyTimeline',
      'Nothing has been recorded yet: a scenario needs at least one step. Assign users, run a cycle or add an expectation first.',
    )
  }
  if (name !== undefined) recording.name = name
  const { notificationEmail: _e, sendFailureNotification: _f, assignments: _a, appName, ...app } = session.appSettings()
  const scenario = recording.toScenario({ ...app, ...(appName !== undefined && { appName }) })
  session.changed()
  const slug = recording.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'
  return { fileName: `${slug}.json`, text: `${JSON.stringify(scenario, null, 2)}\n` }
}

/** Puts the session back where the recording began: the baseline directory and assignments, a fresh job, the cursor at 0. */
function rewind(session: SimulatorSession): void {
  const recording = session.recording
  const directory = Directory.fromJSON(recording.baselineDirectory())
  const settings = {
    ...session.appSettings(),
    assignments: { userIds: [...recording.baseline.assignments.userIds], groupIds: [...recording.baseline.assignments.groupIds] },
  }
  const rewound = Recording.startingFrom(directory, settings.assignments, recording.name)
  rewound.steps = recording.steps
  rewound.opened = recording.opened
  rewound.description = recording.description
  session.skewMs = 0
  session.replaceDirectory(directory, settings, rewound)
}

/**
 * Replays the timeline from the cursor against the session's Tenant URL: one step ('next') or
 * the rest ('all'). At the end of the timeline, 'all' starts over from the baseline (a recording
 * replays from where it began; the target keeps what earlier runs left in it, as a real one does).
 */
export async function replay(session: SimulatorSession, mode: 'all' | 'next'): Promise<ReplayReport> {
  if (session.busy) throw new SimulatorBusyError(`The simulator is busy (${session.busy}); wait for it to finish.`)
  const start = session.recording
  if (start.steps.length === 0) throw new ScenarioRefusal('emptyTimeline', 'There is nothing to replay: open a scenario or record some actions first.')
  if (start.cursor >= start.steps.length) {
    if (mode === 'next' && start.report) return start.report
    rewind(session)
  }
  const recording = session.recording
  if (recording.cursor === 0 || !recording.report) recording.report = { scenario: recording.name, passed: true, cancelled: false, steps: [], expectations: [] }
  const report = recording.report
  session.busy = 'replaying a scenario'
  try {
    do {
      const index = recording.cursor
      const step = recording.steps[index]
      const outcome = await applyStep(session, step, index, { wait: true })
      recording.cursor++
      if (outcome.changedDirectory) recording.diverged = true
      report.steps.push({ index, kind: step.action, status: outcome.status, detail: outcome.detail })
      report.expectations.push(...outcome.expectations)
      session.changed()
    } while (mode === 'all' && recording.cursor < recording.steps.length)
  } finally {
    session.busy = null
  }
  report.passed = report.steps.every((s) => s.status === 'ok') && report.expectations.every((e) => e.passed)
  session.changed()
  return report
}

/**
 * "Expect this": an expect step from the user's target state now (exists, active, the CAL on the
 * built-in server, the groups the target says it is in), added to the timeline at the cursor.
 */
export async function expectThis(session: SimulatorSession, objectId: string): Promise<ExpectStep> {
  const user = session.directory.getUser(objectId)!
  const target = await readTargetUser({ user, config: session.engine.config, reader: session.reader(), targetIdOf: session.targetIdOf, outOfScope: false })
  let step: ExpectStep
  if (!target) step = { action: 'expect', user: user.objectId, exists: false }
  else {
    step = { action: 'expect', user: user.objectId, exists: true }
    if (typeof target.active === 'boolean') step.active = target.active
    if (typeof target.userName === 'string') step.attributes = { userName: target.userName }
    const cal = typeof target.id === 'string' ? session.inspectCal()?.(target.id) : undefined
    if (cal !== undefined) step.cal = cal
    if (Array.isArray(target.groups)) {
      const names = target.groups.map((g) => (g as { display?: unknown }).display).filter((d): d is string => typeof d === 'string' && d !== '')
      if (names.length > 0) step.memberOf = names
    }
  }
  session.recording.record(step)
  session.changed()
  return step
}
