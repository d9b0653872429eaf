import { z } from 'zod'
import {
  onDemandResultSchema,
  outboxMessageSchema,
  provisioningActionSchema,
  provisioningIdentityTypeSchema,
  provisioningLogEntrySchema,
  provisioningStatusSchema,
  scenarioReportSchema,
  testConnectionResultSchema,
  type ProvisioningLogEntry,
} from './provisioning-log-schema'
import { expectStepSchema, scenarioStepSchema } from '../scenario/scenario-steps'
import { MAX_UPLOAD_BYTES } from './uploads'

/*
 * The simulated Entra ID in the console (issue 5): the `sim.*` methods of the console API table.
 * The simulator session lives in the main process (src/main/core/simulator), one per workspace,
 * and always talks HTTP to its Tenant URL (the built-in server or any SCIM endpoint). The engine's
 * records (log entries, exchanges, on-demand results, scenario reports) are the contract's own
 * shapes, in provisioning-log-schema.ts: the engine derives its types from them.
 */

const id = z.string().min(1).max(200)
const page = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
  search: z.string().max(200).optional(),
}

// --- directory --------------------------------------------------------------------------------

/** The editable attributes of a source user (azure-ad-provisioning.md section 5.1). */
export const SOURCE_USER_FIELDS = [
  'userPrincipalName',
  'mailNickname',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'employeeId',
  'mail',
  'telephoneNumber',
  'mobile',
  'facsimileTelephoneNumber',
  'physicalDeliveryOfficeName',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'preferredLanguage',
] as const

const optionalText = z.string().max(1024).optional()

export type SourceUserField = (typeof SOURCE_USER_FIELDS)[number]

/** Every editable attribute but the UPN, as optional text: built from the list, so a field is named once. */
const optionalUserFields = Object.fromEntries(SOURCE_USER_FIELDS.filter((f) => f !== 'userPrincipalName').map((f) => [f, optionalText])) as Record<
  Exclude<SourceUserField, 'userPrincipalName'>,
  typeof optionalText
>

/** A user as the console edits it: every mapped attribute, the manager (objectId) and sign-in. */
export const sourceUserInputSchema = z.strictObject({
  userPrincipalName: z.string().min(3).max(113),
  ...optionalUserFields,
  /** objectId of the manager; '' clears it. */
  managerId: z.string().max(200).optional(),
  accountEnabled: z.boolean().optional(),
})
export type SourceUserInput = z.infer<typeof sourceUserInputSchema>

export const sourceUserSchema = z.looseObject({
  objectId: z.string(),
  userPrincipalName: z.string(),
  mailNickname: z.string(),
  displayName: z.string().optional(),
  accountEnabled: z.boolean(),
  managerId: z.string().optional(),
  softDeletedAt: z.string().optional(),
})
export type SourceUserView = z.infer<typeof sourceUserSchema> & Partial<Record<SourceUserField, string>>

export const sourceUserRowSchema = z.object({
  objectId: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string(),
  department: z.string(),
  jobTitle: z.string(),
  accountEnabled: z.boolean(),
  softDeleted: z.boolean(),
  /** Assigned to the app directly, through a group, or not at all. */
  assignment: z.enum(['direct', 'group', 'none']),
  /** In provisioning scope now (assigned, enabled, not soft deleted; or scope "all"). */
  inScope: z.boolean(),
  /** The target user's id once the job has matched or created it. */
  targetId: z.string().nullable(),
})
export type SourceUserRow = z.infer<typeof sourceUserRowSchema>

export const sourceGroupRowSchema = z.object({
  objectId: z.string(),
  displayName: z.string(),
  mailNickname: z.string(),
  memberCount: z.number(),
  assigned: z.boolean(),
  targetId: z.string().nullable(),
})
export type SourceGroupRow = z.infer<typeof sourceGroupRowSchema>

// --- the enterprise app -----------------------------------------------------------------------

export const attributeMappingSchema = z.strictObject({
  id: z.string().min(1).max(100),
  type: z.enum(['direct', 'constant', 'expression', 'none']),
  source: z.string().max(4000),
  target: z.string().min(1).max(300),
  matchingPrecedence: z.number().int().min(1).max(10).optional(),
  applyOn: z.enum(['always', 'createOnly']),
  defaultValue: z.string().max(1000).optional(),
  isReference: z.boolean().optional(),
})
export type AttributeMappingView = z.infer<typeof attributeMappingSchema>

/** Job options that are not part of Entra's app configuration but of how the simulator runs it. */
export const simulatorOptionsSchema = z.strictObject({
  /** Objects processed at once (Entra's small parallelism). */
  concurrency: z.number().int().min(1).max(32),
  /** Per-request timeout, ms (Entra: 60 s). */
  timeoutMs: z.number().int().min(100).max(600_000),
  /** Wait and resend on 429 with Retry-After, or send the object to escrow. */
  honorRetryAfter: z.boolean(),
  /** Multiplies escrow retry delays (1 = Entra's 6 h, 12 h, 24 h...). */
  escrowScale: z.number().min(0.000001).max(1),
  /** Escrow failures before quarantine thresholds apply (Entra: 5,000). */
  quarantineMinFailures: z.number().int().min(1).max(1_000_000),
  /** Share of failed changes that quarantines the job (Entra: 0.4). */
  quarantineMaxFailureRatio: z.number().min(0.01).max(1),
})
export type SimulatorOptions = z.infer<typeof simulatorOptionsSchema>

/** The options a new workspace starts with: Entra's own behaviour (azure-ad-provisioning.md 3.1, section 8). */
export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  concurrency: 4,
  timeoutMs: 60_000,
  honorRetryAfter: true,
  escrowScale: 1,
  quarantineMinFailures: 5_000,
  quarantineMaxFailureRatio: 0.4,
}

/** Entra's incremental cycle interval (3.1): about 40 minutes. */
export const ENTRA_CYCLE_INTERVAL_MS = 40 * 60_000

export const appConfigSchema = z.strictObject({
  tenantUrl: z.string().max(2000),
  /** Never returned: the console shows whether one is set. */
  token: z.string().max(4096).optional(),
  dialect: z.enum(['default2017', 'compliant', 'legacy']),
  scope: z.enum(['assigned', 'all']),
  userMappings: z.array(attributeMappingSchema).max(200),
  groupMappings: z.array(attributeMappingSchema).max(200),
  targetActions: z.strictObject({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
  provisionGroups: z.boolean(),
  notificationEmail: z.string().max(320).optional(),
  sendFailureNotification: z.boolean().optional(),
  preventAccidentalDeletions: z.boolean().optional(),
  accidentalDeletionThreshold: z.number().int().min(1).max(1_000_000).optional(),
  options: simulatorOptionsSchema,
})
export type AppConfigView = z.infer<typeof appConfigSchema>

const cycleSummarySchema = z.object({
  cycleId: z.string(),
  kind: z.enum(['initial', 'incremental']),
  status: z.enum(['completed', 'cancelled', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string(),
  message: z.string().optional(),
  byAction: z.record(z.string(), z.number()),
  byStatus: z.record(z.string(), z.number()),
})

/**
 * How the harness keeps a secret it must read back, such as the simulated app's Secret Token
 * (issue 14, item 3): encrypted with the operating system's key store (desktop app), or in a
 * file only this user account can read (`serve`, or a desktop without a key store).
 */
export const secretStorageSchema = z.object({
  protection: z.enum(['os-encryption', 'private-file']),
  /** The file holding the secrets (ciphertext under os-encryption). */
  location: z.string().optional(),
  /** Why the weaker protection is in use, when the stronger one was wanted. */
  note: z.string().optional(),
})
export type SecretStorage = z.output<typeof secretStorageSchema>

export const simulatorStateSchema = z.object({
  tenantUrl: z.string(),
  tokenSet: z.boolean(),
  /** Where the Secret Token is kept, shown beside the field. */
  tokenStorage: secretStorageSchema.optional(),
  /** The Tenant URL is this harness's own Base URI. */
  builtInTarget: z.boolean(),
  dialect: z.enum(['default2017', 'compliant', 'legacy']),
  scope: z.enum(['assigned', 'all']),
  directory: z.object({ users: z.number(), groups: z.number() }),
  assignments: z.object({ users: z.number(), groups: z.number() }),
  /** Provisioning Status On/Off, the running cycle, the clock. */
  schedule: z.object({
    status: z.enum(['on', 'off']),
    running: z.boolean(),
    /** Epoch ms of the next cycle, null when none is scheduled. */
    nextCycleAt: z.number().nullable(),
    speed: z.number(),
    now: z.number(),
  }),
  job: z.object({ state: z.enum(['active', 'quarantined', 'stagedDeletes']), reason: z.string().optional(), since: z.string().optional() }),
  /** The cycle running now: objects done of those to process. */
  progress: z.object({ cycleId: z.string(), kind: z.enum(['initial', 'incremental']), done: z.number(), total: z.number() }).nullable(),
  lastCycle: cycleSummarySchema.nullable(),
  /** Steps recorded since the directory was generated or the scenario opened. */
  timelineLength: z.number(),
  /** The scenario open now, if any. */
  scenario: z.object({ name: z.string(), steps: z.number(), cursor: z.number() }).nullable(),
  outbox: z.number(),
  /** Something the console should tell the user once, such as a damaged simulator.json moved aside at start. */
  notice: z.string().nullable().optional(),
  /** Long work under way outside a cycle (generating a directory): what, and how far. */
  activity: z.object({ label: z.string(), done: z.number(), total: z.number() }).nullable().optional(),
})
export type SimulatorState = z.infer<typeof simulatorStateSchema>

// --- logs, on demand, comparison, scenarios ---------------------------------------------------

export const logRowSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  changeId: z.string(),
  activityDateTime: z.string(),
  action: provisioningActionSchema,
  status: provisioningStatusSchema,
  errorCode: z.string(),
  identity: z.object({ id: z.string(), displayName: z.string(), type: provisioningIdentityTypeSchema }),
  targetId: z.string(),
  durationMs: z.number(),
  onDemand: z.boolean(),
})
export type LogRow = z.infer<typeof logRowSchema>

/** The table's row of a log entry: what sim.logs.list answers (and what the screens' test fake answers too). */
export function logRowOf(entry: ProvisioningLogEntry): LogRow {
  return {
    id: entry.id,
    cycleId: entry.cycleId,
    changeId: entry.changeId,
    activityDateTime: entry.activityDateTime,
    action: entry.action,
    status: entry.status,
    errorCode: entry.statusInfo?.errorCode ?? '',
    identity: { id: entry.sourceIdentity.id, displayName: entry.sourceIdentity.displayName, type: entry.sourceIdentity.type },
    targetId: entry.targetIdentity.id,
    durationMs: entry.durationMs,
    onDemand: entry.onDemand === true,
  }
}

export const comparisonSchema = z.object({
  source: sourceUserSchema,
  /** The target user in the Tenant URL's SCIM server, null when the job has not created it. */
  target: z.record(z.string(), z.unknown()).nullable(),
  /** From the built-in server only: the CAL and why. */
  cal: z.object({ cal: z.string(), summary: z.string() }).nullable(),
  /** Each mapped attribute: what the mappings produce from the source, and what the target holds. */
  attributes: z.array(z.object({ target: z.string(), expected: z.unknown(), actual: z.unknown(), same: z.boolean() })),
})
export type ComparisonView = z.infer<typeof comparisonSchema>

/** What the provisioning logs can be narrowed to, in the list and in the downloads alike. */
const logFilters = {
  action: z.string().max(40).optional(),
  status: provisioningStatusSchema.optional(),
  identityType: provisioningIdentityTypeSchema.optional(),
  cycleId: z.string().max(200).optional(),
}

const userAndGroupIds = z.strictObject({ userIds: z.array(id).max(10_000).default([]), groupIds: z.array(id).max(10_000).default([]) })

export const simulatorMethods = {
  'sim.state': { input: z.strictObject({}).optional(), output: simulatorStateSchema, summary: 'The simulated Entra job at a glance.' },
  'sim.setupBuiltIn': {
    input: z.strictObject({}).optional(),
    output: simulatorStateSchema,
    summary: 'One click: Tenant URL = this Base URI, a fresh API token as Secret Token, the portal given a default CAL and enabled if it was not.',
  },
  'sim.config.get': {
    input: z.strictObject({}).optional(),
    output: appConfigSchema,
    summary: 'The enterprise app: credentials (token hidden), mappings, settings, options.',
  },
  'sim.config.update': {
    input: appConfigSchema.partial(),
    output: appConfigSchema,
    summary: 'Saves app settings; a mapping change makes the next cycle an initial one, as in Entra.',
  },
  'sim.testConnection': {
    input: z.strictObject({ tenantUrl: z.string().max(2000).optional(), token: z.string().max(4096).optional() }),
    output: testConnectionResultSchema,
    summary: "Test Connection with Entra's probes and messages (unsaved credentials may be given).",
  },

  'sim.users.list': {
    input: z.strictObject({ ...page, filter: z.enum(['all', 'assigned', 'inScope', 'softDeleted', 'blocked']).default('all') }),
    output: z.object({ total: z.number(), items: z.array(sourceUserRowSchema) }),
    summary: 'Users of the simulated tenant.',
  },
  'sim.users.get': {
    input: z.strictObject({ objectId: id }),
    output: z.object({
      user: sourceUserSchema,
      row: sourceUserRowSchema,
      groups: z.array(z.object({ objectId: z.string(), displayName: z.string() })),
      manager: z.object({ objectId: z.string(), displayName: z.string() }).nullable(),
    }),
    summary: 'A source user with its groups, manager and assignment.',
  },
  'sim.users.create': { input: z.strictObject({ user: sourceUserInputSchema }), output: sourceUserSchema, summary: 'Adds a user to the tenant.' },
  'sim.users.update': {
    input: z.strictObject({ objectId: id, patch: sourceUserInputSchema.partial() }),
    output: sourceUserSchema,
    summary: 'Edits attributes, manager or sign-in.',
  },
  'sim.users.lifecycle': {
    input: z.strictObject({ objectId: id, action: z.enum(['blockSignIn', 'unblockSignIn', 'softDelete', 'restore', 'hardDelete']) }),
    output: z.object({ user: sourceUserSchema.nullable() }),
    summary: 'Block sign-in, soft delete, restore or hard delete a user.',
  },
  'sim.groups.list': {
    input: z.strictObject({ ...page }),
    output: z.object({ total: z.number(), items: z.array(sourceGroupRowSchema) }),
    summary: 'Groups of the simulated tenant.',
  },
  'sim.groups.get': {
    input: z.strictObject({ objectId: id }),
    output: z.object({ group: sourceGroupRowSchema, members: z.array(sourceUserRowSchema) }),
    summary: 'A source group and its direct members.',
  },
  'sim.groups.create': {
    input: z.strictObject({ displayName: z.string().min(1).max(256), mailNickname: z.string().max(64).optional() }),
    output: sourceGroupRowSchema,
    summary: 'Adds a group.',
  },
  'sim.groups.update': {
    input: z.strictObject({
      objectId: id,
      displayName: z.string().min(1).max(256).optional(),
      addMemberIds: z.array(id).max(10_000).optional(),
      removeMemberIds: z.array(id).max(10_000).optional(),
    }),
    output: sourceGroupRowSchema,
    summary: 'Renames a group and adds or removes direct members.',
  },
  'sim.groups.delete': { input: z.strictObject({ objectId: id }), output: z.object({ deleted: z.literal(true) }), summary: 'Deletes a group.' },
  'sim.directory.generate': {
    input: z.strictObject({ users: z.number().int().min(1).max(100_000), groups: z.number().int().min(0).max(1_000), seed: z.string().min(1).max(100) }),
    output: z.object({ users: z.number(), groups: z.number() }),
    summary: 'Generate sample directory: replaces the tenant with N realistic users and groups from a seed.',
  },
  'sim.directory.importCsv': {
    input: z.strictObject({ csv: z.string().max(MAX_UPLOAD_BYTES) }),
    output: z.object({ added: z.number(), problems: z.array(z.object({ line: z.number(), message: z.string() })) }),
    summary: 'Imports users from CSV (a header row with Entra attribute names).',
    upload: { field: 'csv', maxBytes: MAX_UPLOAD_BYTES, what: 'CSV file' },
  },

  'sim.assignments.list': {
    input: z.strictObject({}).optional(),
    output: z.object({
      users: z.array(z.object({ objectId: z.string(), displayName: z.string(), userPrincipalName: z.string() })),
      groups: z.array(z.object({ objectId: z.string(), displayName: z.string(), memberCount: z.number() })),
    }),
    summary: 'Users and groups assigned to the app.',
  },
  'sim.assign': {
    input: userAndGroupIds,
    output: z.object({ users: z.number(), groups: z.number() }),
    summary: 'Add Assignment: assigns users and groups to the app; answers the totals assigned afterwards.',
  },
  'sim.unassign': {
    input: userAndGroupIds,
    output: z.object({ users: z.number(), groups: z.number() }),
    summary: 'Remove: unassigns users and groups; answers the totals still assigned.',
  },

  'sim.provisioning': {
    input: z.strictObject({ action: z.enum(['start', 'stop', 'restart', 'runNow', 'allowDeletes']) }),
    output: simulatorStateSchema,
    summary: 'Start provisioning, Stop, Restart provisioning (clears watermark, escrow, quarantine), run the next cycle now, allow staged deletes.',
  },
  'sim.clock': {
    input: z.strictObject({ speed: z.number().min(1).max(100_000) }),
    output: simulatorStateSchema,
    summary: 'Compresses the 40-minute schedule: speed 60 runs it every 40 s.',
  },
  'sim.provisionOnDemand': {
    input: z.strictObject({ userId: id.optional(), groupId: id.optional(), memberIds: z.array(id).max(5).optional() }),
    output: onDemandResultSchema,
    summary: 'Provision on demand: one user, or one group with up to 5 of its members.',
  },

  'sim.logs.list': {
    input: z.strictObject({ ...page, ...logFilters }),
    output: z.object({ total: z.number(), items: z.array(logRowSchema) }),
    summary: 'Provisioning logs, newest first, filtered and searched by identity.',
  },
  'sim.logs.get': {
    input: z.strictObject({ id }),
    output: provisioningLogEntrySchema,
    summary: 'One log entry with Steps, Modified Properties, Summary and its HTTP exchanges.',
  },
  'sim.logs.export': {
    input: z.strictObject({
      format: z.enum(['json', 'csv']),
      search: z.string().max(200).optional(),
      ...logFilters,
      /**
       * CSV only: a cell that starts like a spreadsheet formula (= + - @, tab, carriage return)
       * gets a leading ' so opening the file never runs it (OWASP). false writes every value as
       * it is, byte for byte what Entra's download holds.
       */
      neutraliseFormulas: z.boolean().default(true),
    }),
    output: z.object({ files: z.array(z.object({ name: z.string(), text: z.string() })) }),
    summary: 'Download logs: JSON, or the three CSV files joined on change id; filtered as the list is, as the portal downloads the current view.',
  },
  'sim.outbox': {
    input: z.strictObject({}).optional(),
    output: z.array(outboxMessageSchema),
    summary: 'Notification emails the job would have sent (kept, never sent).',
  },
  'sim.compare': {
    input: z.strictObject({ objectId: id }),
    output: comparisonSchema,
    summary: 'Resulting user state: the source user beside the target user.',
  },

  'sim.scenario.examples': {
    input: z.strictObject({}).optional(),
    output: z.array(z.object({ name: z.string(), title: z.string(), description: z.string() })),
    summary: 'The example scenarios shipped with the app.',
  },
  'sim.scenario.open': {
    input: z.strictObject({ text: z.string().max(MAX_UPLOAD_BYTES).optional(), example: z.string().max(200).optional() }),
    output: z.object({ name: z.string(), steps: z.array(scenarioStepSchema), users: z.number(), groups: z.number() }),
    summary: 'Opens a scenario file (or a shipped example): loads its directory and app configuration and readies its timeline.',
    upload: { field: 'text', maxBytes: MAX_UPLOAD_BYTES, what: 'scenario file' },
  },
  'sim.scenario.save': {
    input: z.strictObject({ name: z.string().min(1).max(200).optional() }),
    output: z.object({ fileName: z.string(), text: z.string() }),
    summary: 'The current directory, app configuration and recorded timeline as a scenario file.',
  },
  'sim.scenario.timeline': {
    input: z.strictObject({}).optional(),
    output: z.object({ steps: z.array(scenarioStepSchema), cursor: z.number(), report: scenarioReportSchema.nullable() }),
    summary: 'The recorded (or opened) timeline, the replay position and the last report.',
  },
  'sim.scenario.replay': {
    input: z.strictObject({ mode: z.enum(['all', 'next']) }),
    output: scenarioReportSchema,
    summary: 'Replays the timeline against the Tenant URL, all at once or one step at a time.',
  },
  'sim.scenario.expectThis': {
    input: z.strictObject({ objectId: id }),
    output: expectStepSchema,
    summary: "Expect this: adds an expectation built from the user's current target state to the timeline.",
  },
} as const
