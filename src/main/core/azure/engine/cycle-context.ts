import type { Directory } from '../directory'
import { sameTarget } from '../mappings/mapping-schema'
import type { AttributeMapping, PatchDialect, TargetValue } from '../model'
import type { ScimRequest } from '../requests'
import { diffValues } from '../requests/diff'
import { readPath } from '../requests/target-path'
import type { ProvisioningAppConfig, ScopeSnapshot } from './app-config'
import type { LogEntryDraft, ModifiedProperty, ProvisioningIdentity } from './provisioning-log'
import { failureInfo, incompatible, succeeded, type ScimClient, type ScimResult } from './scim-client'
import { retryAfterMs, type ThrottlePolicy } from './throttle'

/*
 * What the passes of one cycle share (azure-ad-provisioning.md section 12 "State" and "Cycle"):
 * the job's persistent state (link table, retry lists) and the cycle's own working data.
 */

/** A managed user: the cached target id (3.1 step 4). `disabled`: in scope but blocked or soft deleted, so still managed (section 4). */
export interface UserLink {
  targetId: string
  userName: string
  state: 'active' | 'disabled'
}

/** A provisioned group and the members this job has put in it (source id -> target id). */
export interface GroupLink {
  targetId: string
  displayName: string
  members: Map<string, string>
}

/** The job state that outlives a cycle. */
export interface EngineState {
  /** sourceId -> link; an unassigned user is dropped: it is no longer managed (section 4). */
  userLinks: Map<string, UserLink>
  groupLinks: Map<string, GroupLink>
  /**
   * Objects processed again next cycle: a failure before any export (a failed read or match,
   * InvalidAnchor), an unresolved manager, or a stop. A failed add, update or delete goes to the
   * engine's escrow instead (section 8), which takes it off this list.
   */
  retryUsers: Set<string>
  retryGroups: Set<string>
}

/** A user whose manager reference is written in the second pass (3.1 step 5, 3.5). */
export interface ManagerWork {
  sourceId: string
  targetId: string
  draft: LogEntryDraft
  /** The manager's source objectId, or null for none. */
  managerSourceId: string | null
  /** The manager target id the target holds now (null none). */
  current: string | null
}

export interface CycleContext {
  cycleId: string
  config: ProvisioningAppConfig
  directory: Directory
  client: ScimClient
  dialect: PatchDialect
  scope: ScopeSnapshot
  state: EngineState
  signal?: AbortSignal
  appName: string
  memberBatchSize: number
  newDraft(source: ProvisioningIdentity): LogEntryDraft
  managerWork: ManagerWork[]
  /** This cycle's entry per group, so the membership pass adds to it (one entry per object per cycle, 10.1). */
  groupDrafts: Map<string, LogEntryDraft>
  /** How a 429 is answered (section 8 "Throttling"); absent: it fails the object at once. */
  throttle?: ThrottlePolicy
  /** Ids of entries whose failure is a reference (manager, group member): the escrow thresholds leave them out (section 8). */
  referenceFailures?: Set<string>
  /** The disables and deletes this cycle holds back (accidental-deletions prevention); absent: none held. */
  heldRemovals?: HeldRemovals
}

/** A cycle's removals held back because there are more than the accidental deletions threshold. */
export interface HeldRemovals {
  /** `User:<objectId>` and `Group:<objectId>` of every disable and delete the cycle would send. */
  keys: Set<string>
  threshold: number
}

/** The key of an object in HeldRemovals. */
export function removalKey(type: 'User' | 'Group', sourceId: string): string {
  return `${type}:${sourceId}`
}

/**
 * Accidental-deletions prevention (azure-ad-provisioning.md section 4, accidental-deletions.md):
 * when this cycle holds its removals, logs the object as StagedDelete instead of sending its
 * disable or delete, and puts it on the next cycle's list: it stays managed and is seen again,
 * held again or sent once an admin allows deletes. Returns false when the removal may go ahead.
 */
export function holdRemoval(ctx: CycleContext, draft: LogEntryDraft, action: 'Disable' | 'Delete', name: string): boolean {
  const { type, id } = draft.entry.sourceIdentity
  const held = ctx.heldRemovals
  if (!held?.keys.has(removalKey(type, id))) return false
  const count = held.keys.size
  // [U] step name and error code: the docs name only the StagedDelete action
  draft.step(
    'Processing',
    'EntrySynchronizationStagedDelete',
    'Skipped',
    `${name} would be ${action === 'Disable' ? 'disabled' : 'deleted'} in ${ctx.appName}; it is held because this cycle would disable or delete ${count} objects, more than the accidental deletions threshold of ${held.threshold}.`,
  )
  draft.outcome('StagedDelete', 'Skipped', {
    errorCode: 'AccidentalDeletionThresholdExceeded',
    reason: `This cycle would disable or delete ${count} objects, more than the accidental deletions threshold of ${held.threshold}: the ${action === 'Disable' ? 'disable' : 'delete'} is held until an admin allows deletes.`,
    recommendedAction:
      'Review the StagedDelete entries. Allow deletes to send them in the next cycle, or undo the change in Azure Active Directory (assign or restore the objects) and restart provisioning.',
  })
  ;(type === 'User' ? ctx.state.retryUsers : ctx.state.retryGroups).add(id)
  return true
}

/**
 * Sends a request and files the exchange under the entry. When the policy honours Retry-After
 * (section 8 "Throttling"), a 429 pauses the whole job for that time and only this request is
 * resent; every request waits for a pause in force before it goes. Every attempt is filed, so the
 * log shows the 429s too.
 */
export async function call(ctx: CycleContext, draft: LogEntryDraft, request: ScimRequest): Promise<ScimResult> {
  const policy = ctx.throttle
  let throttled: ScimResult | undefined
  for (let attempt = 0; ; attempt++) {
    if (policy && !(await policy.pause.wait(ctx.signal)) && throttled) {
      // stopped while waiting: logged as a stop, not as the target's 429 (the filed exchange keeps the 429)
      return {
        ...throttled,
        exchange: { ...throttled.exchange, error: { kind: 'aborted', message: 'Provisioning was stopped while waiting for Retry-After.' } },
      }
    }
    // stopped while another request's pause held this one: the transport sends nothing and says so
    const result = await ctx.client.send(request, ctx.signal)
    draft.exchange(result.exchange)
    if (result.status !== 429 || !policy?.honorRetryAfter || attempt >= policy.maxRetries) return result
    // [U] a 429 without a readable Retry-After is not waited on: the object fails and is escrowed
    const wait = retryAfterMs(result.exchange.response?.headers['retry-after'], policy.now())
    if (wait === undefined) return result
    policy.pause.pauseFor(Math.min(wait, policy.maxRetryAfterMs))
    throttled = result
  }
}

/** Marks the entry failed with the error code of the result (a stop is logged as such, not as a target error). */
export function fail(draft: LogEntryDraft, action: 'Create' | 'Update' | 'Delete' | 'Disable' | 'Other', result: ScimResult, doing: string): void {
  if (result.exchange.error?.kind === 'aborted') {
    draft.outcome(action, 'Failure', { errorCode: 'Cancelled', reason: `Provisioning was stopped before the request to ${doing} completed. [U]` })
  } else {
    draft.outcome(action, 'Failure', failureInfo(result, doing))
  }
}

/**
 * The Delete export (section 4 hard delete, group unassign or delete): `DELETE` when the Delete
 * target object action is on, else a Skipped entry. `name` is "User 'x'" or "Group 'x'".
 */
export async function exportDelete(ctx: CycleContext, draft: LogEntryDraft, request: ScimRequest, name: string): Promise<LogEntryDraft> {
  if (!ctx.config.targetActions.delete) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', `The Delete target object action is off: ${name} is left in ${ctx.appName}.`)
    return draft.outcome('Delete', 'Skipped', { errorCode: 'EntrySynchronizationSkipped', reason: 'Deletes are not allowed by the Target Object Actions.' })
  }
  const result = await call(ctx, draft, request)
  if (!succeeded(result)) {
    fail(draft, 'Delete', result, `delete ${name} in ${ctx.appName}`)
    return draft.step('Export', 'EntryExportDelete', 'Failure', `Failed to delete ${name} in ${ctx.appName}`)
  }
  draft.step('Export', 'EntryExportDelete', 'Success', `${name} was deleted in ${ctx.appName}`)
  return draft.outcome('Delete', 'Success')
}

/**
 * The Create export of a user or group (sections 3.3, 3.4): skipped when the Create target
 * object action is off, else the POST and its log steps. Returns the new target id, or
 * undefined when nothing was created (the entry then says why).
 */
export async function exportCreate(
  ctx: CycleContext,
  draft: LogEntryDraft,
  request: ScimRequest,
  subject: { type: 'User' | 'Group'; name: string; values: Map<string, TargetValue>; mappings: readonly AttributeMapping[] },
): Promise<string | undefined> {
  const label = `${subject.type} '${subject.name}'`
  if (!ctx.config.targetActions.create) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', `${label} is not in ${ctx.appName}, and the Create target object action is off.`)
    draft.outcome('Create', 'Skipped', { errorCode: 'EntrySynchronizationSkipped', reason: 'Creates are not allowed by the Target Object Actions.' })
    return undefined
  }
  draft.step(
    'Processing',
    'EntrySynchronizationAdd',
    'Success',
    `${label} will be created in ${ctx.appName} (${subject.type} is active and assigned in Azure Active Directory, but no matching ${subject.type} was found in ${ctx.appName})`,
  )
  const result = await call(ctx, draft, request)
  const targetId = resourceId(result.json)
  if (!succeeded(result) || !targetId) {
    if (succeeded(result)) draft.outcome('Create', 'Failure', incompatible(result, `create ${label}`))
    else fail(draft, 'Create', result, `create ${label} in ${ctx.appName}`)
    draft.step('Export', 'EntryExportAdd', 'Failure', `Failed to create ${label} in ${ctx.appName}`)
    return undefined
  }
  draft.target(targetId, subject.name)
  draft.step('Export', 'EntryExportAdd', 'Success', `${label} was created in ${ctx.appName}`, { id: targetId })
  draft.modified(createdProperties(subject.values, subject.mappings))
  draft.outcome('Create', 'Success')
  return targetId
}

/** The resource id in a response, when it has one. */
export function resourceId(json: unknown): string | undefined {
  const id = (json as { id?: unknown } | undefined)?.id
  return typeof id === 'string' && id !== '' ? id : undefined
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((v) => asText(v) ?? '').join(';')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The name a modified property goes by: the source attribute of a direct mapping, else the target path [U]. */
function propertyName(target: string, mappings: readonly AttributeMapping[]): string {
  const mapping = mappings.find((m) => sameTarget(m.target, target))
  return mapping?.type === 'direct' ? mapping.source : target
}

/** Modified properties of a create: every value sent, old value null. */
export function createdProperties(values: Map<string, TargetValue>, mappings: readonly AttributeMapping[]): ModifiedProperty[] {
  return [...values].map(([target, value]) => ({ displayName: propertyName(target, mappings), oldValue: null, newValue: asText(value) }))
}

/** Modified properties of an update: what differs between the mapped values and the target, with the target's old value. */
export function updatedProperties(
  values: Map<string, TargetValue>,
  target: Record<string, unknown>,
  mappings: readonly AttributeMapping[],
): ModifiedProperty[] {
  return diffValues(values, target).map((change) => ({
    displayName: propertyName(change.path.raw, mappings),
    oldValue: asText(readPath(target, change.path)),
    newValue: asText(change.value),
  }))
}

/** Runs `work` over `items` with at most `limit` at a time, stopping to take new items once `signal` aborts. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const index = next++
      await work(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
