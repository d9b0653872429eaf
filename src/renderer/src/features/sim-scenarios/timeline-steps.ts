import type { TimelineStep } from '../../lib/sim-types'

/*
 * A scenario timeline step (src/shared/scenario/scenario-steps.ts) in words, with the
 * glyph of its family, so the timeline reads like the support case it records.
 */

export type StepFamily = 'assign' | 'unassign' | 'directory' | 'cycle' | 'expect' | 'connection' | 'onDemand' | 'schedule'

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '?' : JSON.stringify(value))

const FAMILY: Record<TimelineStep['action'], StepFamily> = {
  assignUser: 'assign',
  assignGroup: 'assign',
  unassignUser: 'unassign',
  unassignGroup: 'unassign',
  editUser: 'directory',
  blockSignIn: 'directory',
  unblockSignIn: 'directory',
  softDelete: 'directory',
  restore: 'directory',
  hardDelete: 'directory',
  addMember: 'directory',
  removeMember: 'directory',
  runCycle: 'cycle',
  expect: 'expect',
  testConnection: 'connection',
  provisionOnDemand: 'onDemand',
  startProvisioning: 'schedule',
  stopProvisioning: 'schedule',
  allowDeletes: 'schedule',
  advanceClock: 'schedule',
}

export const FAMILY_GLYPH: Record<StepFamily, string> = {
  assign: '+',
  unassign: '−',
  directory: '✎',
  cycle: '↻',
  expect: '≟',
  connection: '⇄',
  onDemand: '▶',
  schedule: '◷', // a clock face every system font has (⏱ is missing on Linux without an emoji font)
}

export function stepFamily(step: TimelineStep): StepFamily {
  return FAMILY[step.action]
}

type ExpectStep = Extract<TimelineStep, { action: 'expect' }>

/** What an expect step checks, in words: "active, title, member of Sales". */
function expectChecks(step: ExpectStep): string {
  const checks: string[] = []
  if (step.exists !== undefined) checks.push(step.exists ? 'exists' : 'does not exist')
  if (step.active !== undefined) checks.push(step.active ? 'active' : 'inactive')
  if (step.attributes && typeof step.attributes === 'object') checks.push(...Object.keys(step.attributes))
  if (Array.isArray(step.memberOf)) checks.push(...step.memberOf.map((g) => `member of ${text(g)}`))
  if (Array.isArray(step.notMemberOf)) checks.push(...step.notMemberOf.map((g) => `not a member of ${text(g)}`))
  if (step.manager !== undefined) checks.push(`manager ${text(step.manager)}`)
  if (step.cal !== undefined) checks.push(`CAL ${text(step.cal)}`)
  if (step.memberCount !== undefined) checks.push(`${text(step.memberCount)} members`)
  return checks.join(', ')
}

function expectSubject(step: ExpectStep): string {
  if (step.group !== undefined) return `group ${text(step.group)}`
  if (step.userName !== undefined) return `userName ${text(step.userName)}`
  return `user ${text(step.user)}`
}

/** The step as one sentence. */
export function describeStep(step: TimelineStep): string {
  const user = 'user' in step ? text(step.user) : '?'
  const group = 'group' in step ? text(step.group) : '?'
  switch (step.action) {
    case 'assignUser':
      return `Assign user ${user} to the app`
    case 'unassignUser':
      return `Remove user ${user} from the app`
    case 'assignGroup':
      return `Assign group ${group} to the app`
    case 'unassignGroup':
      return `Remove group ${group} from the app`
    case 'editUser':
      return `Edit user ${user}: ${step.set && typeof step.set === 'object' ? Object.keys(step.set).join(', ') : 'attributes'}`
    case 'blockSignIn':
      return `Block sign-in of ${user}`
    case 'unblockSignIn':
      return `Allow sign-in of ${user}`
    case 'softDelete':
      return `Soft delete ${user}`
    case 'restore':
      return `Restore ${user}`
    case 'hardDelete':
      return `Delete ${user} permanently`
    case 'addMember':
      return `Add ${text(step.member)} to group ${group}`
    case 'removeMember':
      return `Remove ${text(step.member)} from group ${group}`
    case 'runCycle':
      return `Run an ${text(step.kind)} cycle`
    case 'expect': {
      const checks = expectChecks(step)
      return `Expect ${expectSubject(step)}${checks ? `: ${checks}` : ''}`
    }
    case 'testConnection':
      return 'Test connection'
    case 'provisionOnDemand': {
      if (step.user !== undefined) return `Provision on demand: user ${user}`
      const members = Array.isArray(step.members) && step.members.length > 0 ? ` with ${step.members.map(text).join(', ')}` : ''
      return `Provision on demand: group ${group}${members}`
    }
    case 'startProvisioning':
      return 'Start provisioning'
    case 'stopProvisioning':
      return 'Stop provisioning'
    case 'allowDeletes':
      return 'Allow deletes'
    case 'advanceClock':
      return `Advance the clock ${text(step.minutes)} minutes`
  }
}

/** The source user a step is about, by objectId or userPrincipalName, when it names one. */
export function stepUserRef(step: TimelineStep | undefined): string | undefined {
  return step && 'user' in step ? step.user : undefined
}
