import type { OnDemandErrorCode } from '../../../../shared/console/console-error-codes'
import type { OnDemandResult } from '../../../../shared/console/provisioning-log-schema'
import type { Directory } from '../directory'
import type { SourceGroup, SourceUser } from '../model'
import { parseTenantUrl, resolveDialect } from '../requests'
import { computeScope, userScope, type ProvisioningAppConfig } from './app-config'
import { pool, type CycleContext, type EngineState } from './cycle-context'
import type { Transport } from './exchange'
import { syncGroup, syncMemberships } from './group-sync'
import { syncManager } from './manager-pass'
import {
  groupScopeStep,
  importStep,
  matchStep,
  performStep,
  skippedStep,
  stepNames,
  userScopeStep,
  type OnDemandObjectType,
  type OnDemandStep,
} from './on-demand-steps'
import { LogEntryDraft, type ProvisioningIdentity, type ProvisioningLogEntry } from './provisioning-log'
import { ScimClient } from './scim-client'
import { testConnection } from './test-connection'
import { syncUser } from './user-sync'

/*
 * Provision on demand (azure-ad-provisioning.md section 9): one user, or one group with up to 5
 * of its members, through the same code paths as a cycle (syncUser, syncGroup, the membership
 * and manager passes) and the job's own link table, so what it does is what the next cycle would
 * do. Differences from a cycle, all from section 9: the compliance flag on the Tenant URL is not
 * honoured; disabled and soft-deleted users cannot be found; nested groups are not supported.
 */

/** Section 9: "one group with up to 5 members". */
export const MAX_ON_DEMAND_MEMBERS = 5

export type OnDemandRequest = { userId: string } | { groupId: string; memberIds: string[] }

/** The contract's shape (src/shared/console/provisioning-log-schema.ts): the console shows it as is. */
export type { OnDemandResult } from '../../../../shared/console/provisioning-log-schema'

export type { OnDemandErrorCode } from '../../../../shared/console/console-error-codes'

/** A request the portal would refuse before provisioning anything. */
export class OnDemandError extends Error {
  constructor(
    readonly code: OnDemandErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'OnDemandError'
  }
}

/** The parts of a provisioning job that provision on demand reads and updates (ProvisioningEngine hands them over). */
export interface OnDemandJob {
  directory: Directory
  config: ProvisioningAppConfig
  transport: Transport
  /** The job's link table and retry lists: a user provisioned on demand is linked for the next cycle. */
  state: EngineState
  memberBatchSize: number
  newId(): string
  now(): Date
  /** Files the entries into the job's provisioning logs. */
  keepLogs(entries: ProvisioningLogEntry[]): void
}

/**
 * Provisions one user, or one group and up to 5 of its direct members, now. Throws OnDemandError
 * for a request the portal refuses (unknown, disabled or soft-deleted user; more than 5 members;
 * a member not directly in the group, or a nested group). A failing Test connection (an invalid
 * Tenant URL included) is returned as step 1, with nothing else sent.
 */
export async function provisionOnDemand(job: OnDemandJob, request: OnDemandRequest, signal?: AbortSignal): Promise<OnDemandResult> {
  const { directory, config } = job
  const subject = 'userId' in request ? { user: findUser(directory, request.userId) } : { group: findGroup(job, request.groupId, request.memberIds) }

  const probe = await testConnection(config, job.transport, { newGuid: job.newId, signal })
  if (!probe.success) {
    const type: OnDemandObjectType = subject.user ? 'User' : 'Group'
    const names = stepNames(type)
    const failed: OnDemandStep = {
      name: names.testConnection,
      status: 'failure',
      description: probe.message,
      details: { ...(probe.errorCode ? { ErrorCode: probe.errorCode } : {}), ...(probe.details ? { Details: probe.details } : {}) },
    }
    const source = subject.user
      ? { id: subject.user.objectId, displayName: subject.user.userPrincipalName }
      : { id: subject.group!.group.objectId, displayName: subject.group!.group.displayName }
    return {
      subject: { ...source, type },
      action: null,
      steps: [failed, ...[names.import, names.scope, names.match, names.perform].map((n) => skippedStep(n))],
      exchanges: probe.exchanges,
      entry: null,
      members: [],
    }
  }

  const tenant = parseTenantUrl(config.tenantUrl)
  // "The compliance flag is not honoured" on demand (section 9): ?aadOptscim062020 is ignored
  const dialect = resolveDialect(config.dialect, tenant.dialectFlag, { onDemand: true })
  const cycleId = job.newId() // each run its own cycle id [U]
  const ctx: CycleContext = {
    cycleId,
    config,
    directory,
    client: new ScimClient(tenant, { token: config.token, dialect }, job.transport),
    dialect,
    scope: computeScope(config, directory),
    state: job.state,
    signal,
    appName: config.appName ?? 'the SCIM application',
    memberBatchSize: job.memberBatchSize,
    newDraft: (source) => {
      const draft = new LogEntryDraft({ id: job.newId(), cycleId, changeId: job.newId(), activityDateTime: job.now().toISOString(), source })
      draft.entry.onDemand = true
      return draft
    },
    managerWork: [],
    groupDrafts: new Map(),
  }

  let result: OnDemandResult
  if (subject.user) {
    result = await userOnDemand(ctx, subject.user)
    await pool(ctx.managerWork, 1, signal, (work) => syncManager(ctx, work))
    result = refresh(result, 'User')
  } else {
    const { group, members } = subject.group!
    // members first, so the group's membership pass finds them provisioned (3.5)
    const memberResults: OnDemandResult[] = []
    for (const member of members) memberResults.push(await userOnDemand(ctx, member))
    await pool(ctx.managerWork, 1, signal, (work) => syncManager(ctx, work))
    result = { ...(await groupOnDemand(ctx, group)), members: memberResults.map((r) => refresh(r, 'User')) }
  }
  const entries = [...result.members.map((m) => m.entry), result.entry].filter((e): e is ProvisioningLogEntry => e !== null)
  job.keepLogs(entries)
  return { ...result, exchanges: [...probe.exchanges, ...result.members.flatMap((m) => m.exchanges), ...result.exchanges] }
}

/** Section 9: "disabled or deleted users cannot be found". */
function findUser(directory: Directory, id: string): Readonly<SourceUser> {
  const user = directory.getUser(id)
  if (!user || !user.accountEnabled || user.softDeletedAt !== undefined) {
    throw new OnDemandError('notFound', `User '${user?.userPrincipalName ?? id}' cannot be found. Disabled or deleted users cannot be provisioned on demand.`)
  }
  return user
}

function findGroup(job: OnDemandJob, id: string, memberIds: readonly string[]): { group: Readonly<SourceGroup>; members: Readonly<SourceUser>[] } {
  if (!job.config.provisionGroups)
    throw new OnDemandError('groupsNotProvisioned', 'Group provisioning is off for this application ("Provision Microsoft Entra ID Groups" is disabled).')
  const group = job.directory.getGroup(id)
  if (!group) throw new OnDemandError('notFound', `Group '${id}' cannot be found.`)
  const unique = [...new Set(memberIds.map((m) => m.toLowerCase()))]
  if (unique.length > MAX_ON_DEMAND_MEMBERS) {
    throw new OnDemandError(
      'tooManyMembers',
      `Provision on demand takes one group with at most ${MAX_ON_DEMAND_MEMBERS} members; ${unique.length} were selected. Select fewer members, or let the next cycle provision the rest.`,
    )
  }
  const direct = new Map(group.memberIds.map((m) => [m.toLowerCase(), m]))
  const members = unique.map((wanted) => {
    const memberId = direct.get(wanted)
    if (memberId === undefined) throw new OnDemandError('notAMember', `'${wanted}' is not a direct member of Group '${group.displayName}'.`)
    if (job.directory.kindOf(memberId) === 'group')
      throw new OnDemandError('nestedGroup', `'${memberId}' is a group: nested groups are not supported by provision on demand.`)
    return findUser(job.directory, memberId)
  })
  return { group, members }
}

async function userOnDemand(ctx: CycleContext, user: Readonly<SourceUser>): Promise<OnDemandResult> {
  const subject = { id: user.objectId, displayName: user.userPrincipalName, type: 'User' as const }
  const identity = { id: user.objectId, displayName: user.displayName ?? user.userPrincipalName, type: 'User' as const }
  const imported = importStep(user, 'User', ctx.config.userMappings)
  if (imported.status === 'failure') return importFailed(ctx, subject, identity, imported)
  const scope = userScope(user, ctx.scope, ctx.config, ctx.directory)
  const scoped = userScopeStep(user, scope, ctx.config, ctx.state.userLinks.has(user.objectId))
  const entry = (await syncUser(ctx, user.objectId)) ?? notEntitled(ctx, identity, scoped)
  return { subject, action: null, steps: [imported, scoped], exchanges: [], entry, members: [] }
}

async function groupOnDemand(ctx: CycleContext, group: Readonly<SourceGroup>): Promise<OnDemandResult> {
  const subject = { id: group.objectId, displayName: group.displayName, type: 'Group' as const }
  const imported = importStep(group, 'Group', ctx.config.groupMappings)
  if (imported.status === 'failure') return importFailed(ctx, subject, subject, imported)
  const scoped = groupScopeStep(group, ctx.scope.groups.has(group.objectId), ctx.config, ctx.state.groupLinks.has(group.objectId))
  const entry = await syncGroup(ctx, group.objectId)
  // folds the member Adds into the group's entry (one entry per object, 10.1)
  if (entry) await syncMemberships(ctx, group.objectId)
  return refresh({ subject, action: null, steps: [imported, scoped], exchanges: [], entry: entry ?? notEntitled(ctx, subject, scoped), members: [] }, 'Group')
}

/** Import failed (ImportSkipped, 10.2): nothing is sent, the later steps are not run. */
function importFailed(ctx: CycleContext, subject: OnDemandResult['subject'], identity: ProvisioningIdentity, imported: OnDemandStep): OnDemandResult {
  const names = stepNames(subject.type)
  const entry = ctx
    .newDraft(identity)
    .step('Import', 'EntryImport', 'Failure', imported.description, imported.details)
    .outcome('Other', 'Skipped', { errorCode: 'ImportSkipped', reason: `The source ${subject.type.toLowerCase()} has no value for the matching attribute.` })
    .finish()
  return {
    subject,
    action: 'skip',
    steps: [imported, skippedStep(names.scope), skippedStep(names.match), skippedStep(names.perform)],
    exchanges: [],
    entry,
    members: [],
  }
}

/** Out of scope and never provisioned: a cycle does not look at it; on demand logs why [U entry]. */
function notEntitled(ctx: CycleContext, identity: ProvisioningIdentity, scoped: OnDemandStep): ProvisioningLogEntry {
  return ctx
    .newDraft(identity)
    .step('Scoping', 'EntrySynchronizationScoping', 'Skipped', scoped.description, scoped.details)
    .outcome('Other', 'Skipped', {
      errorCode: 'NotEffectivelyEntitled',
      reason: `The ${identity.type.toLowerCase()} is not assigned to the application, and was never provisioned by it.`,
    })
    .finish()
}

/** Fills Match and Perform action (and the exchanges) from the entry, once every pass has written to it. */
function refresh(result: OnDemandResult, type: OnDemandObjectType): OnDemandResult {
  const { entry } = result
  // an Import failure has its four steps already: nothing ran after it
  if (!entry || result.steps.length === 4) return { ...result, exchanges: entry?.exchanges ?? [] }
  const perform = performStep(entry)
  return { ...result, action: perform.action, steps: [...result.steps.slice(0, 2), matchStep(entry, type), perform.step], exchanges: [...entry.exchanges] }
}
