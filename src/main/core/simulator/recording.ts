import type { ScenarioReportSummary } from '../../../shared/console/provisioning-log-schema'
import type { SourceDirectory, SourceGroup, SourceUser } from '../azure/model'
import type { Directory } from '../azure/directory'
import { directoryRefs, parseScenario, SCENARIO_FORMAT, SCENARIO_VERSION, type Scenario, type ScenarioStep } from '../azure/scenarios'

/*
 * The simulator's timeline: the directory and assignments as they were when it began (the
 * baseline), and every console action the scenario format can express since, as scenario steps.
 * Saving writes the baseline, the app settings and the steps as a scenario file, so the file
 * replays from where the recording began. Steps name users and groups by objectId here; the saved
 * file names them by userPrincipalName or displayName wherever that name finds the same object.
 *
 * Console actions the format has no step for change the baseline instead: a user or group added
 * (by hand or by CSV) exists from the start, a renamed group has its new name from the start, and
 * a deleted group leaves the baseline together with the steps that name it.
 */

export interface Baseline {
  /** Frozen users shared with the Directory that produced them: a baseline of 100,000 users costs no copies. */
  users: Readonly<SourceUser>[]
  groups: Readonly<SourceGroup>[]
  assignments: { userIds: string[]; groupIds: string[] }
}

/** The report of a replay so far (runScenario's report without the logs, which are in the session's logs): the contract's shape. */
export type ReplayReport = ScenarioReportSummary

export interface RecordingJson {
  name: string
  description?: string
  /** A scenario was opened (its steps wait to be replayed), rather than recorded here. */
  opened: boolean
  cursor: number
  /** 'current': the live directory is the baseline (no directory step was applied since it was taken). */
  baseline: { directory: SourceDirectory | 'current'; assignments: Baseline['assignments'] }
  steps: ScenarioStep[]
}

/** Applies `user` and `group` to every directory reference in a step (expect's `group` and `userName` name target objects, not directory ones). */
export function mapStepRefs(step: ScenarioStep, user: (ref: string) => string, group: (ref: string) => string): ScenarioStep {
  const next = { ...step }
  if ('user' in next && next.user !== undefined) next.user = user(next.user)
  if ('member' in next) next.member = user(next.member)
  if ('manager' in next && next.manager !== undefined) next.manager = user(next.manager)
  if ('members' in next && next.members !== undefined) next.members = next.members.map(user)
  if (next.action !== 'expect' && 'group' in next && next.group !== undefined) next.group = group(next.group)
  return next
}

export class Recording {
  /** Applied steps come before the cursor; an opened scenario's steps not replayed yet come after it. */
  cursor = 0
  report: ReplayReport | null = null
  /** Whether the live directory may differ from the baseline (a directory step was applied since it was taken). */
  diverged = false

  constructor(
    public name: string,
    public baseline: Baseline,
    public steps: ScenarioStep[] = [],
    public opened = false,
    public description?: string,
  ) {}

  /** A recording that begins now, from the directory and assignments as they are. */
  static startingFrom(directory: Directory, assignments: Baseline['assignments'], name = 'Simulator recording'): Recording {
    return new Recording(name, snapshot(directory, assignments))
  }

  /** Starts over from the live state, keeping the name. */
  restartFrom(directory: Directory, assignments: Baseline['assignments']): void {
    this.baseline = snapshot(directory, assignments)
    this.steps = []
    this.cursor = 0
    this.report = null
    this.diverged = false
    this.opened = false
  }

  /** Records an action the console just applied, at the cursor: the timeline stays in the order things happened. */
  record(step: ScenarioStep): void {
    this.steps.splice(this.cursor, 0, step)
    this.cursor++
  }

  addUsers(users: readonly Readonly<SourceUser>[]): void {
    this.baseline.users.push(...users)
  }

  addGroup(group: Readonly<SourceGroup>): void {
    this.baseline.groups.push(group)
  }

  renameGroup(objectId: string, displayName: string): void {
    this.baseline.groups = this.baseline.groups.map((g) => (g.objectId === objectId ? { ...g, displayName } : g))
  }

  /** A deleted group leaves the baseline, its memberships and assignment, and every step that names it. */
  dropGroup(objectId: string): void {
    this.baseline.groups = this.baseline.groups
      .filter((g) => g.objectId !== objectId)
      .map((g) => (g.memberIds.includes(objectId) ? { ...g, memberIds: g.memberIds.filter((m) => m !== objectId) } : g))
    this.baseline.assignments.groupIds = this.baseline.assignments.groupIds.filter((id) => id !== objectId)
    const names = (step: ScenarioStep) => step.action !== 'expect' && 'group' in step && step.group === objectId
    const before = this.steps.slice(0, this.cursor).filter(names).length
    this.steps = this.steps.filter((step) => !names(step))
    this.cursor -= before
  }

  baselineDirectory(): SourceDirectory {
    return { users: this.baseline.users as SourceUser[], groups: this.baseline.groups as SourceGroup[] }
  }

  /**
   * The scenario file: the baseline directory and assignments, the app settings given, the steps
   * with readable names. Validated as `simulate` would load it. Throws ScenarioError.
   */
  toScenario(app: Omit<Scenario['app'], 'assignments'>, name = this.name): Scenario {
    const directory = this.baselineDirectory()
    const { userName, groupName } = readableNames(directory)
    return parseScenario({
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      name,
      ...(this.description !== undefined && { description: this.description }),
      directory,
      app: { ...app, assignments: { users: this.baseline.assignments.userIds.map(userName), groups: this.baseline.assignments.groupIds.map(groupName) } },
      steps: this.steps.map((step) => mapStepRefs(step, userName, groupName)),
    })
  }

  /** The steps as the saved file names them, for the console's timeline (a UPN reads better than a GUID). */
  readableSteps(): ScenarioStep[] {
    const { userName, groupName } = readableNames(this.baselineDirectory())
    return this.steps.map((step) => mapStepRefs(step, userName, groupName))
  }

  toJSON(): RecordingJson {
    return {
      name: this.name,
      ...(this.description !== undefined && { description: this.description }),
      opened: this.opened,
      cursor: this.cursor,
      baseline: { directory: this.diverged ? this.baselineDirectory() : 'current', assignments: this.baseline.assignments },
      steps: this.steps,
    }
  }
}

/** objectId to userPrincipalName / displayName, wherever that name finds the same object (else the id). */
function readableNames(directory: SourceDirectory): { userName: (id: string) => string; groupName: (id: string) => string } {
  const refs = directoryRefs(directory)
  const users = new Map(directory.users.map((u) => [u.objectId, u.userPrincipalName]))
  const groups = new Map(directory.groups.map((g) => [g.objectId, g.displayName]))
  return {
    userName: (id) => {
      const upn = users.get(id)
      return upn !== undefined && refs.user(upn) === id ? upn : id
    },
    groupName: (id) => {
      const name = groups.get(id)
      return name !== undefined && refs.group(name) === id ? name : id
    },
  }
}

function snapshot(directory: Directory, assignments: Baseline['assignments']): Baseline {
  return {
    users: directory.listUsers(),
    groups: directory.listGroups(),
    assignments: { userIds: [...assignments.userIds], groupIds: [...assignments.groupIds] },
  }
}
