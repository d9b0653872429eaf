import { isDeepStrictEqual } from 'node:util'
import type { ExpectationResult } from '../../../../shared/console/provisioning-log-schema'
import type { ExpectStep } from './scenario-schema'
import { readScimPath } from './scim-path'
import type { ReadResult, ScimResource, TargetReader } from './target-reader'

/*
 * Turns one `expect` step into expectation results: reads its subject from the target once, then
 * checks each condition against what was read. A subject that cannot be read fails every check
 * with the reason as the actual value, so the report says why rather than only "failed".
 */

/** The contract's shape (src/shared/console/provisioning-log-schema.ts): reports carry it to the console. */
export type { ExpectationResult } from '../../../../shared/console/provisioning-log-schema'

export const MANAGER_PATH = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'

export interface ExpectationContext {
  reader: TargetReader
  /** A source user's target id from the job's link table; undefined when it was never provisioned. */
  targetIdOf(sourceObjectId: string): string | undefined
  /** A scenario name of a user resolved to its objectId (validated at load). */
  userIdOf(ref: string): string
  /** The built-in server's CAL for a target user id; absent when the target is another endpoint. */
  inspectCal?: (targetUserId: string) => string | undefined | Promise<string | undefined>
}

/** The `actual` of a check whose subject is not in the target. */
const NOT_FOUND = '(not found in the target)'

async function readSubject(step: ExpectStep, ctx: ExpectationContext): Promise<ReadResult> {
  if (step.group !== undefined) return ctx.reader.groupByDisplayName(step.group)
  if (step.userName !== undefined) return ctx.reader.userByUserName(step.userName)
  const targetId = ctx.targetIdOf(ctx.userIdOf(step.user!))
  // Entra finds a user it provisioned through its link table (section 12); no link: nothing to find
  if (targetId === undefined) return { kind: 'missing' }
  return ctx.reader.userById(targetId)
}

function subjectLabel(step: ExpectStep): string {
  if (step.group !== undefined) return `group "${step.group}"`
  if (step.userName !== undefined) return `user with userName "${step.userName}"`
  return `user ${step.user}`
}

function memberValues(group: ScimResource): string[] {
  const members = group.members
  return Array.isArray(members) ? members.map((m) => (m as { value?: unknown }).value).filter((v): v is string => typeof v === 'string') : []
}

/** Checks one expect step; `index` is its place in the timeline. */
export async function checkExpectStep(step: ExpectStep, index: number, ctx: ExpectationContext): Promise<ExpectationResult[]> {
  const subject = await readSubject(step, ctx)
  const label = subjectLabel(step)
  const results: ExpectationResult[] = []
  const add = (description: string, expected: unknown, actual: unknown, passed = isDeepStrictEqual(expected, actual)) =>
    results.push({ index, description, passed, expected, actual })
  // every check but `exists` needs the resource: say why it is not there
  const unread = subject.kind === 'failed' ? subject.reason : NOT_FOUND
  const resource = subject.kind === 'found' ? subject.resource : undefined

  if (step.exists !== undefined) {
    const actual = subject.kind === 'failed' ? subject.reason : subject.kind === 'found'
    add(`${label} ${step.exists ? 'exists' : 'does not exist'}`, step.exists, actual)
  }
  if (step.active !== undefined) {
    // the raw value, so a server that stored the string "False" fails `active: false` (section 0 E1)
    add(`${label} is ${step.active ? 'active' : 'inactive'}`, step.active, resource ? resource.active : unread)
  }
  for (const [path, expected] of Object.entries(step.attributes ?? {})) {
    const actual = resource ? readScimPath(resource, path) : unread
    add(`${label} has ${path} = ${JSON.stringify(expected)}`, expected, actual === undefined ? '(absent)' : actual)
  }
  for (const [groups, wanted] of [
    [step.memberOf, true],
    [step.notMemberOf, false],
  ] as const) {
    for (const groupName of groups ?? []) {
      const description = `${label} is ${wanted ? '' : 'not '}a member of "${groupName}"`
      if (!resource) {
        add(description, wanted, unread, false)
        continue
      }
      const group = await ctx.reader.groupByDisplayName(groupName)
      if (group.kind === 'failed') add(description, wanted, group.reason, false)
      else if (group.kind === 'missing') add(description, wanted, `(no group "${groupName}" in the target)`, !wanted)
      else add(description, wanted, memberValues(group.resource).includes(String(resource.id)))
    }
  }
  if (step.manager !== undefined) {
    const managerId = ctx.targetIdOf(ctx.userIdOf(step.manager))
    // RFC 7643 4.3: manager is complex, { value: <manager's id> }; a bare string is the classic bug
    const expected = managerId === undefined ? `(manager ${step.manager} was not provisioned)` : { value: managerId }
    const actual = resource ? (readScimPath(resource, MANAGER_PATH) ?? '(absent)') : unread
    const passed = managerId !== undefined && typeof actual === 'object' && actual !== null && (actual as { value?: unknown }).value === managerId
    add(`${label} has manager ${step.manager} as { value }`, expected, actual, passed)
  }
  if (step.cal !== undefined) {
    const description = `${label} holds CAL ${step.cal}`
    if (!ctx.inspectCal) add(description, step.cal, '(CALs can only be read on the built-in server)', false)
    else if (!resource) add(description, step.cal, unread, false)
    else add(description, step.cal, (await ctx.inspectCal(String(resource.id))) ?? '(no CAL)')
  }
  if (step.memberCount !== undefined) {
    add(`${label} has ${step.memberCount} member${step.memberCount === 1 ? '' : 's'}`, step.memberCount, resource ? memberValues(resource).length : unread)
  }
  return results
}
