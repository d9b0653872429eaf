import { z } from 'zod'
import {
  groupRef,
  scenarioStepSchema,
  userRef,
  type ExpectStep,
  type ProvisionOnDemandStep,
  type ScenarioStep,
  type TestConnectionStep,
} from '../../../../shared/scenario/scenario-steps'
import { describeZodError, normaliseDirectory, sourceDirectorySchema } from '../directory'
import { attributeMappingListSchema } from '../mappings'
import type { ProvisioningAppConfig } from '../engine/app-config'
import type { SourceDirectory } from '../model'

/*
 * The scenario file (issue 3, "Scenarios"): a versioned JSON document holding a support case's
 * source directory, the enterprise app's provisioning settings and a timeline of directory
 * changes, cycles and expectations on the target. The steps and the directory are the contract's
 * shapes (src/shared/scenario); the app settings stay here, since a mapping's expression is
 * checked by the engine's expression parser.
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
export { scenarioStepSchema, type ExpectStep, type ProvisionOnDemandStep, type ScenarioStep, type TestConnectionStep }

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
