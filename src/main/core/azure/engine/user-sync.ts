import { evaluateMappings, matchingAttributes } from '../mappings'
import { sameTarget } from '../mappings/mapping-schema'
import type { SourceUser } from '../model'
import { buildCreateUser, buildDisable, buildUserUpdate, deleteUser, getUserById, matchUserQuery, MANAGER_PATH, patchUser } from '../requests'
import { asBoolean, getKey, isRecord } from '../requests/target-path'
import { userScope, type UserScope } from './app-config'
import { call, exportCreate, exportDelete, fail, holdRemoval, resourceId, updatedProperties, type CycleContext, type UserLink } from './cycle-context'
import type { LogEntryDraft, ProvisioningLogEntry } from './provisioning-log'
import { incompatible, listResources, succeeded } from './scim-client'

/*
 * One user through one cycle: azure-ad-provisioning.md 3.3 (match, create, update, skip) and the
 * lifecycle matrix of section 4 (disable on unassign, block sign-in and soft delete; DELETE on
 * hard delete while still managed; re-assign re-matches the inactive user and enables it).
 */

/**
 * What a cycle does with one user, decided from the directory, the scope and the link table
 * alone, before any request (section 4). The user pass acts on it; the accidental-deletions
 * guard counts the disables and deletes among a cycle's changes with it first.
 */
export type UserChange =
  /** Never managed and not in scope: Entra does not look at it (3.2) [U: no Skipped entry in "sync assigned"]. */
  | { kind: 'ignored' }
  /** Gone from the directory while still managed: DELETE (section 4 "Hard-deleted"). */
  | { kind: 'hardDeleted'; link: UserLink }
  | { kind: 'disable'; user: Readonly<SourceUser>; scope: UserScope; link: UserLink; why: DisableReason }
  /** In scope but blocked or soft deleted, and never provisioned: skipped. */
  | { kind: 'notActive'; user: Readonly<SourceUser>; scope: UserScope }
  | { kind: 'provision'; user: Readonly<SourceUser>; scope: UserScope; link: UserLink | undefined }

export type DisableReason = 'unassigned' | 'blocked' | 'softDeleted'

/** What a user's change depends on: the cycle's directory, scope, configuration and links. */
export type ChangeInputs = Pick<CycleContext, 'directory' | 'scope' | 'config' | 'state'>

export function userChange(ctx: ChangeInputs, sourceId: string): UserChange {
  const user = ctx.directory.getUser(sourceId)
  const link = ctx.state.userLinks.get(sourceId)
  if (!user) return link ? { kind: 'hardDeleted', link } : { kind: 'ignored' }
  const scope = userScope(user, ctx.scope, ctx.config, ctx.directory)
  if (!scope.assigned) return link ? { kind: 'disable', user, scope, link, why: 'unassigned' } : { kind: 'ignored' }
  if (!scope.active)
    return link ? { kind: 'disable', user, scope, link, why: user.softDeletedAt ? 'softDeleted' : 'blocked' } : { kind: 'notActive', user, scope }
  return { kind: 'provision', user, scope, link }
}

/** Processes one changed user; returns its log entry, or null when the job has nothing to say about it. */
export async function syncUser(ctx: CycleContext, sourceId: string): Promise<ProvisioningLogEntry | null> {
  const change = userChange(ctx, sourceId)
  if (change.kind === 'ignored') return null
  if (change.kind === 'hardDeleted') return (await deleteHardDeleted(ctx, sourceId, change.link)).finish()

  const { user, scope } = change
  const link = change.kind === 'notActive' ? undefined : change.link
  const draft = ctx.newDraft({ id: user.objectId, displayName: user.displayName ?? user.userPrincipalName, type: 'User' })
  draft.step(
    'Import',
    link ? 'EntryImportUpdate' : 'EntryImportAdd',
    'Success',
    `Received User '${user.userPrincipalName}' change of type (${link ? 'Update' : 'Add'}) from Azure Active Directory`,
    {
      userPrincipalName: user.userPrincipalName,
      accountEnabled: String(user.accountEnabled),
      ...(user.softDeletedAt ? { softDeletedAt: user.softDeletedAt } : {}),
    },
  )
  draft.step('Scoping', 'EntrySynchronizationScoping', 'Success', scopeDescription(user, scope), {
    Active: title(scope.active),
    Assigned: title(scope.assigned),
    ...(scope.viaGroups.length > 0 ? { 'Assigned through groups': scope.viaGroups.join(', ') } : {}),
  })

  if (change.kind === 'disable') await disable(ctx, draft, user, change.link, change.why)
  else if (change.kind === 'notActive') {
    // "A user must be active to be created" (3.2 Known limitations)
    draft.step(
      'Processing',
      'EntrySynchronizationSkip',
      'Skipped',
      `User '${user.userPrincipalName}' is not active in Azure Active Directory, so it is not provisioned.`,
    )
    draft.outcome('Other', 'Skipped', {
      errorCode: 'NotEffectivelyEntitled',
      reason: 'The user is blocked from sign-in or in the recycle bin and is not provisioned until it is active again.',
    })
  } else await provision(ctx, draft, user, change.link)
  if (draft.entry.status === 'Failure') ctx.state.retryUsers.add(sourceId)
  return draft.finish()
}

function title(value: boolean): string {
  return value ? 'True' : 'False'
}

function scopeDescription(user: Readonly<SourceUser>, scope: UserScope): string {
  if (!scope.assigned)
    return `User '${user.userPrincipalName}' is out of scope: it is no longer assigned to the application, directly or through an assigned group.`
  if (!scope.active) return `User '${user.userPrincipalName}' is assigned, but blocked from sign-in or soft deleted (IsSoftDeleted is true).`
  return `User '${user.userPrincipalName}' is in scope.`
}

/** Section 4, "Hard-deleted": DELETE only while the user is still managed and the Delete action is on. */
async function deleteHardDeleted(ctx: CycleContext, sourceId: string, link: UserLink): Promise<LogEntryDraft> {
  const draft = ctx.newDraft({ id: sourceId, displayName: link.userName, type: 'User' })
  draft.target(link.targetId, link.userName)
  draft.step('Import', 'EntryImportDelete', 'Success', `Received User '${link.userName}' change of type (Delete) from Azure Active Directory`)
  if (holdRemoval(ctx, draft, 'Delete', `User '${link.userName}'`)) return draft
  // the object is gone from the source either way: the link goes with it [U]
  ctx.state.userLinks.delete(sourceId)
  return exportDelete(ctx, draft, deleteUser(link.targetId), `User '${link.userName}'`)
}

/**
 * Section 4, Disable: unassigned, blocked sign-in, soft deleted -> `PATCH active` false, only
 * the active op (the observed request). Reads the user first (3.3, linked -> GET by id) so an
 * already inactive user gets no request. An unassigned user is then no longer managed: its link
 * is dropped, so a later hard delete sends no DELETE and a re-assign matches it again.
 */
async function disable(ctx: CycleContext, draft: LogEntryDraft, user: Readonly<SourceUser>, link: UserLink, why: DisableReason): Promise<void> {
  draft.target(link.targetId, link.userName)
  // held back by accidental-deletions prevention: nothing is read or sent, the user stays managed
  if (holdRemoval(ctx, draft, 'Disable', `User '${link.userName}'`)) return
  const unmanage = (): void => {
    if (why === 'unassigned') ctx.state.userLinks.delete(user.objectId)
    else link.state = 'disabled'
  }
  // "With no IsSoftDeleted mapping, nothing is sent on unassignment" (section 4)
  const activeMapping = ctx.config.userMappings.find((m) => sameTarget(m.target, 'active'))
  if (!activeMapping) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', 'No attribute mapping targets active, so the user is not disabled in the target.')
    draft.outcome('Other', 'Skipped', { errorCode: 'EntrySynchronizationSkipped', reason: 'There is no mapping to active (IsSoftDeleted): nothing is sent.' })
    unmanage()
    return
  }
  if (!ctx.config.targetActions.update) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', 'The Update target object action is off: the user is not disabled.')
    draft.outcome('Disable', 'Skipped', { errorCode: 'EntrySynchronizationSkipped', reason: 'Updates are not allowed by the Target Object Actions.' })
    unmanage()
    return
  }
  const read = await call(ctx, draft, getUserById(link.targetId))
  if (!succeeded(read) || !isRecord(read.json)) {
    if (read.status === 404) unmanage()
    fail(draft, 'Disable', read, `read User '${link.userName}' from ${ctx.appName}`)
    draft.step('Matching', 'EntryImport', 'Failure', `Failed to read User '${link.userName}' (id ${link.targetId}) from ${ctx.appName}`)
    return
  }
  draft.step('Matching', 'EntryImport', 'Success', `Retrieved User '${link.userName}' from ${ctx.appName}`, { id: link.targetId })
  if (asBoolean(getKey(read.json, 'active')) === false) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', `User '${link.userName}' is already inactive in ${ctx.appName}.`)
    draft.outcome('Other', 'Skipped', { errorCode: 'RedundantExport', reason: 'The target already holds the values the job would send.' })
    unmanage()
    return
  }
  draft.step(
    'Processing',
    'EntrySynchronizationDisable',
    'Success',
    `User '${link.userName}' will be disabled in ${ctx.appName} (${why === 'unassigned' ? 'out of scope' : why === 'blocked' ? 'blocked from sign-in' : 'soft deleted'}). [U step name]`,
  )
  const result = await call(ctx, draft, patchUser(link.targetId, buildDisable(ctx.dialect), ctx.dialect))
  if (!succeeded(result)) {
    fail(draft, 'Disable', result, `disable User '${link.userName}' in ${ctx.appName}`)
    draft.step('Export', 'EntryExportUpdateSoftDelete', 'Failure', `Failed to disable User '${link.userName}' in ${ctx.appName}`)
    return
  }
  draft.step('Export', 'EntryExportUpdateSoftDelete', 'Success', `User '${link.userName}' was disabled in ${ctx.appName}`)
  draft.modified([{ displayName: 'IsSoftDeleted', oldValue: 'False', newValue: 'True' }])
  draft.outcome('Disable', 'Success')
  unmanage()
}

type MatchOutcome = { kind: 'found'; target: Record<string, unknown>; targetId: string } | { kind: 'notFound' } | { kind: 'done' }

/** Reads the linked user by id, or queries by each matching attribute in precedence order (3.3). */
async function findTarget(
  ctx: CycleContext,
  draft: LogEntryDraft,
  user: Readonly<SourceUser>,
  link: UserLink | undefined,
  values: Map<string, unknown>,
): Promise<MatchOutcome> {
  if (link) {
    const read = await call(ctx, draft, getUserById(link.targetId))
    if (read.status === 404) {
      // InvalidAnchor (10.2): the linked object no longer exists; kept linked and retried [U]
      draft.outcome('Other', 'Failure', {
        errorCode: 'InvalidAnchor',
        reason: `User '${link.userName}' was linked to id ${link.targetId} in ${ctx.appName}, which no longer exists.`,
        recommendedAction: 'Restore the user in the target, or restart provisioning with a full reset to match it again.',
      })
      draft.step('Matching', 'EntryImport', 'Failure', `The linked User ${link.targetId} was not found in ${ctx.appName}`)
      return { kind: 'done' }
    }
    if (!succeeded(read)) {
      fail(draft, 'Other', read, `read User '${link.userName}' from ${ctx.appName}`)
      return { kind: 'done' }
    }
    if (!isRecord(read.json)) {
      draft.outcome('Other', 'Failure', incompatible(read, `read User '${link.userName}'`))
      return { kind: 'done' }
    }
    draft.step('Matching', 'EntryImport', 'Success', `Retrieved User '${link.userName}' from ${ctx.appName}`, { id: link.targetId })
    return { kind: 'found', target: read.json, targetId: link.targetId }
  }
  let tried = 0
  for (const mapping of matchingAttributes(ctx.config.userMappings)) {
    const value = values.get(mapping.target)
    if (typeof value !== 'string') continue
    tried++
    const result = await call(ctx, draft, matchUserQuery(mapping.target, value))
    if (!succeeded(result)) {
      fail(draft, 'Other', result, `find User '${user.userPrincipalName}' in ${ctx.appName}`)
      return { kind: 'done' }
    }
    const resources = listResources(result.json)
    if (!resources) {
      draft.outcome('Other', 'Failure', incompatible(result, `find User '${user.userPrincipalName}'`))
      return { kind: 'done' }
    }
    if (resources.length > 1) {
      draft.step('Matching', 'EntryImport', 'Failure', `${resources.length} Users in ${ctx.appName} have ${mapping.target} '${value}'`)
      draft.outcome('Other', 'Failure', {
        errorCode: 'DuplicateTargetEntries',
        reason: `More than one User in ${ctx.appName} matches ${mapping.target} eq "${value}" (${resources.length} found).`,
        recommendedAction: 'Make the matching attribute unique in the target application.',
      })
      return { kind: 'done' }
    }
    const [found] = resources
    const targetId = resourceId(found)
    if (found && targetId) {
      draft.step('Matching', 'EntryImport', 'Success', `Retrieved User '${user.userPrincipalName}' from ${ctx.appName} by ${mapping.target}`, {
        id: targetId,
        matchedOn: mapping.target,
      })
      return { kind: 'found', target: found, targetId }
    }
  }
  if (tried === 0) {
    // ImportSkipped (10.2): the matching attribute is missing on the source
    draft.step('Matching', 'EntryImport', 'Skipped', `User '${user.userPrincipalName}' has no value for any matching attribute.`)
    draft.outcome('Other', 'Skipped', { errorCode: 'ImportSkipped', reason: 'The source user has no value for the matching attribute.' })
    return { kind: 'done' }
  }
  draft.step('Matching', 'EntryImport', 'Success', `No matching User was found in ${ctx.appName}`)
  return { kind: 'notFound' }
}

/** In scope and active: create, update only the diff, or nothing (RedundantExport) (3.3, 6.4). */
async function provision(ctx: CycleContext, draft: LogEntryDraft, user: Readonly<SourceUser>, link: UserLink | undefined): Promise<void> {
  const mappings = ctx.config.userMappings
  const create = evaluateMappings(mappings, user, { isSoftDeleted: false, operation: 'create' })
  const match = await findTarget(ctx, draft, user, link, create.values)
  if (match.kind === 'done') return
  const managerMapping = mappings.find((m) => m.isReference && sameTarget(m.target, MANAGER_PATH))
  const queueManager = (targetId: string, current: string | null, references: Map<string, string[]>): void => {
    if (!managerMapping) return
    ctx.managerWork.push({ sourceId: user.objectId, targetId, draft, managerSourceId: references.get(managerMapping.target)?.[0] ?? null, current })
  }

  if (match.kind === 'notFound') {
    const targetId = await exportCreate(ctx, draft, buildCreateUser(create.values, ctx.dialect), {
      type: 'User',
      name: user.userPrincipalName,
      values: create.values,
      mappings,
    })
    if (!targetId) return
    ctx.state.userLinks.set(user.objectId, { targetId, userName: user.userPrincipalName, state: 'active' })
    queueManager(targetId, null, create.references)
    return
  }

  const { target, targetId } = match
  const userName = typeof getKey(target, 'userName') === 'string' ? (getKey(target, 'userName') as string) : user.userPrincipalName
  ctx.state.userLinks.set(user.objectId, { targetId, userName, state: 'active' })
  draft.target(targetId, userName)
  const update = evaluateMappings(mappings, user, { isSoftDeleted: false, operation: 'update' })
  const ops = buildUserUpdate(update.values, target, ctx.dialect)
  if (!ops) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', `User '${user.userPrincipalName}' is already in sync with ${ctx.appName}.`)
    draft.outcome('Other', 'Skipped', { errorCode: 'RedundantExport', reason: 'The target already holds the values the job would send.' })
  } else if (!ctx.config.targetActions.update) {
    draft.step(
      'Processing',
      'EntrySynchronizationSkip',
      'Skipped',
      `User '${user.userPrincipalName}' differs in ${ctx.appName}, but the Update target object action is off.`,
    )
    draft.outcome('Update', 'Skipped', { errorCode: 'EntrySynchronizationSkipped', reason: 'Updates are not allowed by the Target Object Actions.' })
  } else {
    const modified = updatedProperties(update.values, target, mappings)
    draft.step('Processing', 'EntrySynchronizationUpdate', 'Success', `User '${user.userPrincipalName}' will be updated in ${ctx.appName}`, {
      attributes: modified.map((m) => m.displayName).join(', '),
    })
    const result = await call(ctx, draft, patchUser(targetId, ops, ctx.dialect))
    if (!succeeded(result)) {
      fail(draft, 'Update', result, `update User '${user.userPrincipalName}' in ${ctx.appName}`)
      draft.step('Export', 'EntryExportUpdate', 'Failure', `Failed to update User '${user.userPrincipalName}' in ${ctx.appName}`)
      return
    }
    draft.step('Export', 'EntryExportUpdate', 'Success', `User '${user.userPrincipalName}' was updated in ${ctx.appName}`)
    draft.modified(modified)
    draft.outcome('Update', 'Success')
  }
  queueManager(targetId, currentManager(target), update.references)
}

/** The manager id the target holds: `{value}` as SCIM has it, or a bare string as some servers store it. */
function currentManager(target: Record<string, unknown>): string | null {
  const manager = getKey(getKey(target, MANAGER_PATH.slice(0, MANAGER_PATH.lastIndexOf(':'))), 'manager')
  if (typeof manager === 'string') return manager === '' ? null : manager
  const value = getKey(manager, 'value')
  return typeof value === 'string' && value !== '' ? value : null
}
