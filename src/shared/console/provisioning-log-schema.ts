import { z } from 'zod'

/*
 * The simulated Entra client's records, owned here once (issue 15, item 1): HTTP exchanges,
 * provisioning log entries, provision-on-demand results, Test Connection results and scenario
 * reports. The engine (src/main/core/azure) and the screens derive their types from these
 * schemas; nothing restates them. The engine builds these objects in hot loops, so it uses the
 * types only: the schemas are checked at the console boundary (invokeConsole's checkOutput in
 * tests), never while a cycle runs.
 *
 * Field meanings follow Graph's provisioningObjectSummary (azure-ad-provisioning.md 10.1), named
 * as the portal's JSON download names them (`action`, `statusInfo`; 10.3). Objects are strict: a
 * field the engine adds without adding it here fails the output check, so the two cannot drift.
 */

// --- HTTP exchanges ---------------------------------------------------------------------------

/** The methods the simulated client sends (requests/types.ts builds only these). */
export const httpMethodSchema = z.enum(['GET', 'POST', 'PATCH', 'DELETE'])
export type HttpMethod = z.infer<typeof httpMethodSchema>

export const exchangeRequestSchema = z.strictObject({
  method: httpMethodSchema,
  url: z.string(),
  /** Every header sent, Authorization masked as `Bearer ****`: logs are shared, the token is not. */
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
})
export type ExchangeRequest = z.infer<typeof exchangeRequestSchema>

export const exchangeResponseSchema = z.strictObject({
  status: z.number(),
  /** Header names lower-cased, as Fetch gives them. */
  headers: z.record(z.string(), z.string()),
  /** The body text as received ('' when none). */
  body: z.string(),
})
export type ExchangeResponse = z.infer<typeof exchangeResponseSchema>

/** Why no response came back: the per-request timeout, a network failure, or a stop (cancellation). */
export const exchangeErrorKindSchema = z.enum(['timeout', 'network', 'aborted'])
export type ExchangeErrorKind = z.infer<typeof exchangeErrorKindSchema>

/** One HTTP exchange of the simulated client: what the console shows and log entries carry (issue 3). */
export const exchangeSchema = z.strictObject({
  request: exchangeRequestSchema,
  /** Absent when the request failed before a complete response arrived (see `error`). */
  response: exchangeResponseSchema.optional(),
  /** When the request was sent (ISO timestamp). */
  startedAt: z.string(),
  durationMs: z.number(),
  error: z.strictObject({ kind: exchangeErrorKindSchema, message: z.string() }).optional(),
})
export type Exchange = z.infer<typeof exchangeSchema>

// --- provisioning log entries -----------------------------------------------------------------

/** The portal's action names (10.1): "Other" covers "already in sync, no change". */
export const provisioningActionSchema = z.enum(['Create', 'Update', 'Delete', 'Disable', 'StagedDelete', 'Other'])
export type ProvisioningAction = z.infer<typeof provisioningActionSchema>

export const provisioningStatusSchema = z.enum(['Success', 'Failure', 'Skipped', 'Warning'])
export type ProvisioningStatus = z.infer<typeof provisioningStatusSchema>

export const provisioningStepTypeSchema = z.enum(['Import', 'Scoping', 'Matching', 'Processing', 'ReferenceResolution', 'Export'])
export type ProvisioningStepType = z.infer<typeof provisioningStepTypeSchema>

export const provisioningIdentityTypeSchema = z.enum(['User', 'Group'])
export type ProvisioningIdentityType = z.infer<typeof provisioningIdentityTypeSchema>

export const provisioningStepSchema = z.strictObject({
  /** Entra's step names where samples show them (EntryImportAdd, EntrySynchronizationAdd, EntryExportAdd...); others [U]. */
  name: z.string(),
  type: provisioningStepTypeSchema,
  status: provisioningStatusSchema,
  description: z.string(),
  details: z.record(z.string(), z.string()),
})
export type ProvisioningStep = z.infer<typeof provisioningStepSchema>

/** A changed attribute: source attribute names where the mapping is direct, else the target path [U]. */
export const modifiedPropertySchema = z.strictObject({ displayName: z.string(), oldValue: z.string().nullable(), newValue: z.string().nullable() })
export type ModifiedProperty = z.infer<typeof modifiedPropertySchema>

export const provisioningIdentitySchema = z.strictObject({ id: z.string(), displayName: z.string(), type: provisioningIdentityTypeSchema })
export type ProvisioningIdentity = z.infer<typeof provisioningIdentitySchema>

export const provisioningStatusInfoSchema = z.strictObject({
  /** An error code of 10.2, or RedundantExport / a skip reason for Skipped entries. */
  errorCode: z.string(),
  reason: z.string(),
  recommendedAction: z.string().optional(),
})
export type ProvisioningStatusInfo = z.infer<typeof provisioningStatusInfoSchema>

/** One entry per object per cycle, with the HTTP exchanges behind it. */
export const provisioningLogEntrySchema = z.strictObject({
  id: z.string(),
  cycleId: z.string(),
  /** Unique per change within a cycle; the CSV downloads join on it (10.3). */
  changeId: z.string(),
  activityDateTime: z.string(),
  action: provisioningActionSchema,
  status: provisioningStatusSchema,
  /** Present unless the status is Success. */
  statusInfo: provisioningStatusInfoSchema.optional(),
  steps: z.array(provisioningStepSchema),
  modifiedProperties: z.array(modifiedPropertySchema),
  sourceIdentity: provisioningIdentitySchema,
  /** The target object; id '' when none was found or created. */
  targetIdentity: provisioningIdentitySchema,
  durationMs: z.number(),
  exchanges: z.array(exchangeSchema),
  /** Produced by provision on demand (section 9) rather than a cycle; absent for cycle entries. */
  onDemand: z.boolean().optional(),
})
export type ProvisioningLogEntry = z.infer<typeof provisioningLogEntrySchema>

// --- Test Connection and provision on demand --------------------------------------------------

export const testConnectionResultSchema = z.strictObject({
  success: z.boolean(),
  /** What the admin center shows: a confirmation, or the failure message. */
  message: z.string(),
  /** On failure: InvalidCredentials, CredentialValidationUnavailable, ScimComplianceIssue or InvalidTenantUrl [U names]. */
  errorCode: z.string().optional(),
  /** What went wrong in detail (which probe, what came back). */
  details: z.string().optional(),
  /** The probes sent, in order: the user probe, then the group probe if groups are provisioned and the user probe passed. */
  exchanges: z.array(exchangeSchema),
})
export type TestConnectionResult = z.infer<typeof testConnectionResultSchema>

export const onDemandStepStatusSchema = z.enum(['success', 'failure', 'skipped'])
export type OnDemandStepStatus = z.infer<typeof onDemandStepStatusSchema>

export const onDemandStepSchema = z.strictObject({
  /** The portal's step title (section 9), e.g. "Match user between source and target system". */
  name: z.string(),
  status: onDemandStepStatusSchema,
  /** One line saying what happened, as the portal's step summary [U wording]. */
  description: z.string(),
  /** What "View details" lists for the step. */
  details: z.record(z.string(), z.string()),
})
export type OnDemandStep = z.infer<typeof onDemandStepSchema>

/** The action of the Perform action step; 'skip' covers "already in sync" and "not in scope". */
export const onDemandActionSchema = z.enum(['create', 'update', 'disable', 'delete', 'skip'])
export type OnDemandAction = z.infer<typeof onDemandActionSchema>

const onDemandResultFields = {
  subject: z.strictObject({ id: z.string(), displayName: z.string(), type: provisioningIdentityTypeSchema }),
  /** What Perform action did; null when Test connection failed and nothing ran. */
  action: onDemandActionSchema.nullable(),
  /** The portal's steps in order: Test connection (only when it failed), Import, scope, Match, Perform action. */
  steps: z.array(onDemandStepSchema),
  /** Every request sent, in order: the Test connection probes, then (for a group) the members', then the object's own. */
  exchanges: z.array(exchangeSchema),
  /** The log entry produced (also kept in the engine's logs); null when Test connection failed. */
  entry: provisioningLogEntrySchema.nullable(),
}

/** Provision on demand's answer (section 9); a group's carries one result per selected member. */
export interface OnDemandResult extends z.infer<z.ZodObject<typeof onDemandResultFields>> {
  /** For a group: one result per selected member, provisioned before the group. */
  members: OnDemandResult[]
}
// the one recursive shape: zod infers a type that refers to itself only through an interface
export const onDemandResultSchema: z.ZodType<OnDemandResult> = z.strictObject({
  ...onDemandResultFields,
  get members() {
    return z.array(onDemandResultSchema)
  },
})

/** A notification the job would have mailed; nothing is sent (section 8: "one-time notification email"). */
export const outboxMessageSchema = z.strictObject({
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  /** ISO time on the engine's clock. */
  at: z.string(),
})
export type OutboxMessage = z.infer<typeof outboxMessageSchema>

// --- scenario reports -------------------------------------------------------------------------

export const scenarioStepStatusSchema = z.enum(['ok', 'error', 'skipped'])
export type ScenarioStepStatus = z.infer<typeof scenarioStepStatusSchema>

export const scenarioStepResultSchema = z.strictObject({
  index: z.number(),
  /** The step's action: assignUser, runCycle, expect... */
  kind: z.string(),
  /** error: the step could not be applied (the directory refused it, or the cycle did not complete); skipped: the run was stopped first. */
  status: scenarioStepStatusSchema,
  detail: z.string(),
})
export type ScenarioStepResult = z.infer<typeof scenarioStepResultSchema>

export const expectationResultSchema = z.strictObject({
  /** The index of the expect step in the timeline. */
  index: z.number(),
  description: z.string(),
  passed: z.boolean(),
  expected: z.unknown(),
  actual: z.unknown(),
})
export type ExpectationResult = z.infer<typeof expectationResultSchema>

/** A replay's verdict as the console shows it; `simulate` adds the logs and the job's state (run-scenario.ts). */
export const scenarioReportSchema = z.strictObject({
  scenario: z.string(),
  /** Every expectation held and every step applied. */
  passed: z.boolean(),
  /** The run was stopped (signal) before the last step. */
  cancelled: z.boolean(),
  steps: z.array(scenarioStepResultSchema),
  expectations: z.array(expectationResultSchema),
})
export type ScenarioReportSummary = z.infer<typeof scenarioReportSchema>
