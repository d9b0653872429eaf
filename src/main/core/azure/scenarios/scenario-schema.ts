import { z } from 'zod'
import { describeZodError, normaliseDirectory, sourceDirectorySchema, userPatchSchema } from '../directory'
import { attributeMappingListSchema } from '../mappings'
import type { ProvisioningAppConfig } from '../engine/app-config'
import type { SourceDirectory } from '../model'

/*
 * The scenario file (issue 3, "Scenarios"): a versioned JSON document holding a support case's
 * source directory, the enterprise app's provisioning settings and a timeline of directory
 * changes, cycles and expectations on the target. Users and groups are named in steps by
 * objectId or by userPrincipalName / displayName, so a file stays readable when written by hand.
 */

export const SCENARIO_FORMAT = 'scim-harness-scenario'
export const SCENARIO_VERSION = 1

/** A scenario that cannot be loaded: the message names the JSON path at fault. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  constructor(
    message: string,
    /** The JSON path of the first problem (`steps[3].user`), '' when it is the whole file. */
    readonly path = '',
  ) {
    super(message)
  }
}

const note = z.string().max(2000, 'A note can have at most 2,000 characters.').optional()
const userRef = z.string({ error: 'Name the user by objectId or userPrincipalName.' }).trim().min(1, 'Name the user by objectId or userPrincipalName.')
const groupRef = z.string({ error: 'Name the group by objectId or displayName.' }).trim().min(1, 'Name the group by objectId or displayName.')
const targetGroupName = z.string({ error: 'A target group is named by its displayName.' }).min(1, 'A target group is named by its displayName.')

const onUser = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), user: userRef, note })
const onGroup = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), group: groupRef, note })
const onMember = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), group: groupRef, member: userRef, note })

/**
 * Checks on the target after the steps so far, read over SCIM from the tenant URL. The subject is
 * one of: `user` (a source user, found through the job's link table, as Entra finds it),
 * `userName` (a target user found by filter, linked or not) or `group` (a target group by
 * displayName). Each check present becomes one expectation in the report.
 */
const expectStepSchema = z
  .strictObject({
    action: z.literal('expect'),
    note,
    user: userRef.optional(),
    userName: z.string().min(1, 'userName cannot be empty.').optional(),
    group: targetGroupName.optional(),
    exists: z.boolean().optional(),
    active: z.boolean().optional(),
    /** SCIM path → the JSON value it must hold (`title`, `name.givenName`, `emails[type eq "work"].value`, `urn:...:User:department`). */
    attributes: z.record(z.string().min(1, 'An attribute path cannot be empty.'), z.json()).optional(),
    memberOf: z.array(targetGroupName).optional(),
    notMemberOf: z.array(targetGroupName).optional(),
    /** The source user whose target id must be the manager's `value` (the complex { value } form, RFC 7643 4.3). */
    manager: userRef.optional(),
    /** The CAL the built-in server gives the user (needs `inspectCal`). */
    cal: z.string().min(1, 'cal names a CAL, such as Viewer.').optional(),
    memberCount: z.number().int().min(0, 'memberCount cannot be negative.').optional(),
  })
  .superRefine((step, ctx) => {
    const subjects = (['user', 'userName', 'group'] as const).filter((key) => step[key] !== undefined)
    if (subjects.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'An expect step names exactly one subject: user (source objectId or UPN), userName (target) or group (target displayName).',
      })
      return
    }
    const userChecks = ['active', 'attributes', 'memberOf', 'notMemberOf', 'manager', 'cal'] as const
    if (step.group !== undefined) {
      for (const key of userChecks)
        if (step[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is a check on a user, not on a group.` })
    } else if (step.memberCount !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['memberCount'], message: 'memberCount is a check on a group, not on a user.' })
    }
    if (![...userChecks, 'exists', 'memberCount'].some((key) => step[key as keyof typeof step] !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'An expect step needs at least one check: exists, active, attributes, memberOf, notMemberOf, manager, cal or memberCount.',
      })
    }
  })

/** Test Connection (section 2); each expectation field present becomes one expectation in the report. */
const testConnectionStepSchema = z.strictObject({
  action: z.literal('testConnection'),
  note,
  expectSuccess: z.boolean({ error: 'expectSuccess is true or false.' }).optional(),
  expectMessageContains: z.string().min(1, 'expectMessageContains cannot be empty.').optional(),
})

/** Provision on demand (section 9): one user, or one group with up to 5 of its direct members. */
const provisionOnDemandStepSchema = z
  .strictObject({
    action: z.literal('provisionOnDemand'),
    note,
    user: userRef.optional(),
    group: groupRef.optional(),
    members: z.array(userRef).max(5, 'Provision on demand takes at most 5 members of a group (section 9).').optional(),
    /** What Perform action must have done; a failed Test connection performs nothing and fails it. */
    expectAction: z.enum(['create', 'update', 'disable', 'delete', 'skip'], { error: 'expectAction is create, update, disable, delete or skip.' }).optional(),
  })
  .superRefine((step, ctx) => {
    if ((step.user === undefined) === (step.group === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'A provisionOnDemand step names exactly one subject: user (objectId or UPN) or group (objectId or displayName).',
      })
    } else if (step.user !== undefined && step.members !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['members'], message: 'members goes with a group, not with a user.' })
    }
  })

export const scenarioStepSchema = z.discriminatedUnion(
  'action',
  [
    onUser('assignUser'),
    onUser('unassignUser'),
    onGroup('assignGroup'),
    onGroup('unassignGroup'),
    z.strictObject({ action: z.literal('editUser'), user: userRef, set: userPatchSchema, note }),
    onUser('blockSignIn'),
    onUser('unblockSignIn'),
    onUser('softDelete'),
    onUser('restore'),
    onUser('hardDelete'),
    onMember('addMember'),
    onMember('removeMember'),
    z.strictObject({ action: z.literal('runCycle'), kind: z.enum(['initial', 'incremental'], { error: 'kind is initial or incremental.' }), note }),
    expectStepSchema,
    testConnectionStepSchema,
    provisionOnDemandStepSchema,
    // provisioning status On (a cycle now, then every 40 minutes on the scenario's clock) and Off (3.1)
    z.strictObject({ action: z.literal('startProvisioning'), note }),
    z.strictObject({ action: z.literal('stopProvisioning'), note }),
    /** "Allow deletes" for disables and deletes held by accidental-deletions prevention: the next cycle sends them. */
    z.strictObject({ action: z.literal('allowDeletes'), note }),
    /** Moves the scenario's clock: cycles that come due run, escrow retry times pass (3.1, section 8). */
    z.strictObject({
      action: z.literal('advanceClock'),
      minutes: z
        .number({ error: 'minutes is a number of minutes.' })
        .positive('minutes must be more than 0.')
        .max(60 * 24 * 60, 'minutes can be at most 86,400 (60 days).'),
      note,
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'action must be one of assignUser, unassignUser, assignGroup, unassignGroup, editUser, blockSignIn, unblockSignIn, softDelete, restore, hardDelete, addMember, removeMember, runCycle, expect, testConnection, provisionOnDemand, startProvisioning, stopProvisioning, allowDeletes, advanceClock.'
        : undefined,
  },
)

/** The enterprise application's settings; omitted parts take the values of a new non-gallery app. */
const appSchema = z.strictObject({
  appName: z.string().min(1).optional(),
  dialect: z.enum(['default2017', 'compliant', 'legacy'], { error: 'dialect is default2017, compliant or legacy.' }).default('default2017'),
  scope: z.enum(['assigned', 'all'], { error: 'scope is assigned or all.' }).default('assigned'),
  assignments: z.strictObject({ users: z.array(userRef).default([]), groups: z.array(groupRef).default([]) }).optional(),
  userMappings: attributeMappingListSchema.optional(),
  groupMappings: attributeMappingListSchema.optional(),
  targetActions: z.strictObject({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }).optional(),
  provisionGroups: z.boolean().optional(),
  /** "Prevent accidental deletions" and its threshold (accidental-deletions.md). */
  preventAccidentalDeletions: z.boolean().optional(),
  accidentalDeletionThreshold: z
    .number()
    .int('accidentalDeletionThreshold is a whole number.')
    .min(1, 'accidentalDeletionThreshold must be at least 1.')
    .optional(),
})

export const scenarioSchema = z
  .strictObject({
    format: z.literal(SCENARIO_FORMAT, { error: `format must be "${SCENARIO_FORMAT}".` }),
    version: z.literal(SCENARIO_VERSION, { error: `version must be ${SCENARIO_VERSION} (this harness reads version ${SCENARIO_VERSION} scenarios).` }),
    name: z.string().min(1, 'Give the scenario a name.').max(200, 'A scenario name can have at most 200 characters.'),
    description: z.string().max(10_000).optional(),
    directory: z.preprocess(normaliseDirectory, sourceDirectorySchema),
    app: appSchema.default({ dialect: 'default2017', scope: 'assigned' }),
    steps: z
      .array(scenarioStepSchema, { error: 'steps must be a list.' })
      .min(1, 'A scenario needs at least one step.')
      .max(10_000, 'A scenario can have at most 10,000 steps.'),
  })
  .superRefine((scenario, ctx) => {
    // every name in the timeline must be in the directory as loaded: a typo fails at load, not mid-run
    const refs = directoryRefs(scenario.directory)
    const checkUser = (ref: string, path: (string | number)[]) => {
      if (!refs.user(ref)) ctx.addIssue({ code: 'custom', path, message: `No user '${ref}' in the directory (name a user by objectId or userPrincipalName).` })
    }
    const checkGroup = (ref: string, path: (string | number)[]) => {
      if (!refs.group(ref)) ctx.addIssue({ code: 'custom', path, message: `No group '${ref}' in the directory (name a group by objectId or displayName).` })
    }
    scenario.app.assignments?.users.forEach((ref, i) => checkUser(ref, ['app', 'assignments', 'users', i]))
    scenario.app.assignments?.groups.forEach((ref, i) => checkGroup(ref, ['app', 'assignments', 'groups', i]))
    scenario.steps.forEach((step, i) => {
      if ('user' in step && step.user !== undefined) checkUser(step.user, ['steps', i, 'user'])
      if ('member' in step) checkUser(step.member, ['steps', i, 'member'])
      if ('manager' in step && step.manager !== undefined) checkUser(step.manager, ['steps', i, 'manager'])
      if ('group' in step && step.group !== undefined && step.action !== 'expect') checkGroup(step.group, ['steps', i, 'group'])
      if ('members' in step) step.members?.forEach((ref, j) => checkUser(ref, ['steps', i, 'members', j]))
    })
  })

export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioStep = z.output<typeof scenarioStepSchema>
export type ExpectStep = z.output<typeof expectStepSchema>
export type TestConnectionStep = z.output<typeof testConnectionStepSchema>
export type ProvisionOnDemandStep = z.output<typeof provisionOnDemandStepSchema>

/** Resolves the names a scenario uses to objectIds: objectId (any case), else UPN (any case) or group displayName. */
export function directoryRefs(directory: SourceDirectory): { user(ref: string): string | undefined; group(ref: string): string | undefined } {
  const users = new Map<string, string>()
  const groups = new Map<string, string>()
  // UPNs first, objectIds last: an objectId always wins over a UPN that happens to look like one
  for (const user of directory.users) users.set(user.userPrincipalName.toLowerCase(), user.objectId)
  for (const group of directory.groups) if (!groups.has(group.displayName.toLowerCase())) groups.set(group.displayName.toLowerCase(), group.objectId)
  for (const user of directory.users) users.set(user.objectId, user.objectId)
  for (const group of directory.groups) groups.set(group.objectId, group.objectId)
  const key = (ref: string) => ref.trim().toLowerCase()
  return { user: (ref) => users.get(key(ref)), group: (ref) => groups.get(key(ref)) }
}

/**
 * The app settings a scenario holds, as overrides of a new app's configuration (defaultAppConfig),
 * with the assignments resolved to objectIds. The tenant URL, the token and the notification
 * settings are not part of a scenario: they come from where it is replayed.
 */
export function scenarioAppSettings(scenario: Scenario): Partial<ProvisioningAppConfig> {
  const refs = directoryRefs(scenario.directory)
  const app = scenario.app
  return {
    dialect: app.dialect,
    scope: app.scope,
    assignments: {
      userIds: (app.assignments?.users ?? []).map((ref) => refs.user(ref)!),
      groupIds: (app.assignments?.groups ?? []).map((ref) => refs.group(ref)!),
    },
    ...(app.appName !== undefined && { appName: app.appName }),
    ...(app.userMappings !== undefined && { userMappings: app.userMappings }),
    ...(app.groupMappings !== undefined && { groupMappings: app.groupMappings }),
    ...(app.targetActions !== undefined && { targetActions: app.targetActions }),
    ...(app.provisionGroups !== undefined && { provisionGroups: app.provisionGroups }),
    ...(app.preventAccidentalDeletions !== undefined && { preventAccidentalDeletions: app.preventAccidentalDeletions }),
    ...(app.accidentalDeletionThreshold !== undefined && { accidentalDeletionThreshold: app.accidentalDeletionThreshold }),
  }
}

/** Validates a scenario file's JSON. Throws ScenarioError naming the first problems and their JSON paths. */
export function parseScenario(json: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(json)
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error)
    throw new ScenarioError(`The scenario is not valid: ${message}`, field)
  }
  return parsed.data
}

/** Parses a scenario file's text; a JSON syntax error is a ScenarioError too. */
export function parseScenarioText(text: string): Scenario {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ScenarioError(`The scenario is not JSON: ${(error as Error).message}`)
  }
  return parseScenario(json)
}
