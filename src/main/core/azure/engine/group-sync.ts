import { evaluateMappings, matchingAttributes } from '../mappings'
import type { SourceGroup } from '../model'
import { buildCreateGroup, buildGroupUpdate, buildMemberAdd, buildMemberRemove, deleteGroup, getGroupById, matchGroupQuery, patchGroup } from '../requests'
import { getKey, isRecord } from '../requests/target-path'
import { call, exportCreate, exportDelete, fail, holdRemoval, resourceId, updatedProperties, type CycleContext, type GroupLink } from './cycle-context'
import type { LogEntryDraft, ProvisioningLogEntry } from './provisioning-log'
import { incompatible, listResources, succeeded } from './scim-client'

/*
 * Groups (azure-ad-provisioning.md 3.4 and the group rows of section 4): match by displayName
 * with excludedAttributes=members, create without members, rename, delete on unassign or delete
 * ([O] acqueon: after the members' disables, which the user pass has sent already); then, in the
 * membership pass, member Add and Remove in batches by the members' target ids.
 */

/**
 * What a cycle does with one group, from the directory, the scope and the link table alone
 * (section 4 group rows): provision it, remove it (unassigned or deleted while provisioned), or
 * nothing. The group pass acts on it; the accidental-deletions guard counts the removals first.
 */
export type GroupChange =
  | { kind: 'ignored' }
  | { kind: 'remove'; group: Readonly<SourceGroup> | undefined; link: GroupLink }
  | { kind: 'provision'; group: Readonly<SourceGroup>; link: GroupLink | undefined }

export function groupChange(ctx: Pick<CycleContext, 'directory' | 'scope' | 'state'>, sourceId: string): GroupChange {
  const group = ctx.directory.getGroup(sourceId)
  const link = ctx.state.groupLinks.get(sourceId)
  if (group !== undefined && ctx.scope.groups.has(group.objectId)) return { kind: 'provision', group, link }
  return link ? { kind: 'remove', group, link } : { kind: 'ignored' }
}

/** Processes one changed group; returns its entry (also kept in ctx.groupDrafts for the membership pass), or null. */
export async function syncGroup(ctx: CycleContext, sourceId: string): Promise<ProvisioningLogEntry | null> {
  const change = groupChange(ctx, sourceId)
  if (change.kind === 'ignored') return null
  if (change.kind === 'remove') return (await removeGroup(ctx, sourceId, change.group, change.link)).finish()
  const { group, link } = change

  const draft = ctx.newDraft({ id: group.objectId, displayName: group.displayName, type: 'Group' })
  ctx.groupDrafts.set(group.objectId, draft)
  draft.step(
    'Import',
    link ? 'EntryImportUpdate' : 'EntryImportAdd',
    'Success',
    `Received Group '${group.displayName}' change of type (${link ? 'Update' : 'Add'}) from Azure Active Directory`,
  )
  draft.step('Scoping', 'EntrySynchronizationScoping', 'Success', `Group '${group.displayName}' is in scope.`, { Assigned: 'True' })
  await provisionGroup(ctx, draft, group, link)
  if (draft.entry.status === 'Failure') ctx.state.retryGroups.add(sourceId)
  return draft.finish()
}

/** Group unassigned or deleted in Entra: `DELETE /Groups/{id}` (section 4 group rows), with the Delete action on. */
async function removeGroup(ctx: CycleContext, sourceId: string, group: Readonly<SourceGroup> | undefined, link: GroupLink): Promise<LogEntryDraft> {
  const draft = ctx.newDraft({ id: sourceId, displayName: group?.displayName ?? link.displayName, type: 'Group' })
  draft.target(link.targetId, link.displayName)
  const why = group ? 'unassigned from the application' : 'deleted in Azure Active Directory'
  draft.step('Import', 'EntryImportDelete', 'Success', `Received Group '${link.displayName}' change of type (Delete) from Azure Active Directory`)
  draft.step('Scoping', 'EntrySynchronizationScoping', 'Success', `Group '${link.displayName}' is out of scope: ${why}.`, { Assigned: 'False' })
  // held back by accidental-deletions prevention: the group stays provisioned and linked
  if (holdRemoval(ctx, draft, 'Delete', `Group '${link.displayName}'`)) return draft
  ctx.state.groupLinks.delete(sourceId)
  return exportDelete(ctx, draft, deleteGroup(link.targetId), `Group '${link.displayName}'`)
}

async function provisionGroup(ctx: CycleContext, draft: LogEntryDraft, group: Readonly<SourceGroup>, link: GroupLink | undefined): Promise<void> {
  const mappings = ctx.config.groupMappings
  const create = evaluateMappings(mappings, group, { isSoftDeleted: false, operation: 'create' })
  let target: Record<string, unknown> | undefined
  let targetId = link?.targetId
  if (link) {
    const read = await call(ctx, draft, getGroupById(link.targetId))
    if (read.status === 404) {
      draft.step('Matching', 'EntryImport', 'Failure', `The linked Group ${link.targetId} was not found in ${ctx.appName}`)
      draft.outcome('Other', 'Failure', {
        errorCode: 'InvalidAnchor',
        reason: `Group '${link.displayName}' was linked to id ${link.targetId} in ${ctx.appName}, which no longer exists.`,
      })
      return
    }
    if (!succeeded(read) || !isRecord(read.json)) {
      if (succeeded(read)) draft.outcome('Other', 'Failure', incompatible(read, `read Group '${link.displayName}'`))
      else fail(draft, 'Other', read, `read Group '${link.displayName}' from ${ctx.appName}`)
      return
    }
    target = read.json
    draft.step('Matching', 'EntryImport', 'Success', `Retrieved Group '${link.displayName}' from ${ctx.appName}`, { id: link.targetId })
  } else {
    for (const mapping of matchingAttributes(mappings)) {
      const value = create.values.get(mapping.target)
      if (typeof value !== 'string') continue
      const result = await call(ctx, draft, matchGroupQuery(value, mapping.target))
      if (!succeeded(result)) {
        fail(draft, 'Other', result, `find Group '${group.displayName}' in ${ctx.appName}`)
        return
      }
      const resources = listResources(result.json)
      if (!resources) {
        draft.outcome('Other', 'Failure', incompatible(result, `find Group '${group.displayName}'`))
        return
      }
      if (resources.length > 1) {
        draft.outcome('Other', 'Failure', {
          errorCode: 'DuplicateTargetEntries',
          reason: `More than one Group in ${ctx.appName} matches ${mapping.target} eq "${value}" (${resources.length} found).`,
          recommendedAction: 'Group display names must be unique in the target (3.4).',
        })
        return
      }
      if (resources.length === 1 && resourceId(resources[0])) {
        target = resources[0]
        targetId = resourceId(target)
        draft.step('Matching', 'EntryImport', 'Success', `Retrieved Group '${group.displayName}' from ${ctx.appName} by ${mapping.target}`, { id: targetId! })
        break
      }
    }
  }

  if (!target || !targetId) {
    const createdId = await exportCreate(ctx, draft, buildCreateGroup(create.values, ctx.dialect), {
      type: 'Group',
      name: group.displayName,
      values: create.values,
      mappings,
    })
    if (createdId) ctx.state.groupLinks.set(group.objectId, { targetId: createdId, displayName: group.displayName, members: new Map() })
    return
  }

  // A group matched for the first time: the job does not know its members; the membership pass adds every in-scope member (Add is idempotent) [U]
  const known = link ?? { targetId, displayName: group.displayName, members: new Map<string, string>() }
  const displayName = typeof getKey(target, 'displayName') === 'string' ? (getKey(target, 'displayName') as string) : group.displayName
  draft.target(targetId, displayName)
  const update = evaluateMappings(mappings, group, { isSoftDeleted: false, operation: 'update' })
  const ops = buildGroupUpdate(update.values, target, ctx.dialect)
  ctx.state.groupLinks.set(group.objectId, { ...known, targetId, displayName: group.displayName })
  if (!ops) {
    draft.step('Processing', 'EntrySynchronizationSkip', 'Skipped', `Group '${group.displayName}' is already in sync with ${ctx.appName}.`)
    draft.outcome('Other', 'Skipped', { errorCode: 'RedundantExport', reason: 'The target already holds the values the job would send.' })
    return
  }
  if (!ctx.config.targetActions.update) {
    draft.outcome('Update', 'Skipped', { errorCode: 'EntrySynchronizationSkipped', reason: 'Updates are not allowed by the Target Object Actions.' })
    return
  }
  // a rename is a Replace of displayName (section 4), which the diff produces
  const modified = updatedProperties(update.values, target, mappings)
  draft.step('Processing', 'EntrySynchronizationUpdate', 'Success', `Group '${group.displayName}' will be updated in ${ctx.appName}`)
  const result = await call(ctx, draft, patchGroup(targetId, ops, ctx.dialect))
  if (!succeeded(result)) {
    fail(draft, 'Update', result, `update Group '${group.displayName}' in ${ctx.appName}`)
    draft.step('Export', 'EntryExportUpdate', 'Failure', `Failed to update Group '${group.displayName}' in ${ctx.appName}`)
    return
  }
  draft.step('Export', 'EntryExportUpdate', 'Success', `Group '${group.displayName}' was updated in ${ctx.appName}`)
  draft.modified(modified)
  draft.outcome('Update', 'Success')
}

/**
 * The membership pass (3.1, 3.4, 3.5): after users and groups, each provisioned group gets the
 * in-scope, provisioned users among its direct members. A member not provisioned is left out
 * ("the group is still provisioned without that member"); unlike Entra, it is added once it is
 * provisioned, without a restart [U]. Returns the entries it had to start (groups without one
 * from the group pass).
 */
export async function syncMemberships(ctx: CycleContext, groupId: string): Promise<ProvisioningLogEntry | null> {
  const group = ctx.directory.getGroup(groupId)
  const link = ctx.state.groupLinks.get(groupId)
  if (!group || !link || !ctx.scope.groups.has(group.objectId)) return null
  const wanted = new Map<string, string>()
  for (const memberId of group.memberIds) {
    const userLink = ctx.state.userLinks.get(memberId)
    if (userLink && ctx.scope.users.has(memberId)) wanted.set(memberId, userLink.targetId)
  }
  const added = [...wanted].filter(([id]) => !link.members.has(id))
  const removed = [...link.members].filter(([id]) => !wanted.has(id))
  if (added.length === 0 && removed.length === 0) return null

  const existing = ctx.groupDrafts.get(groupId)
  const draft = existing ?? ctx.newDraft({ id: group.objectId, displayName: group.displayName, type: 'Group' })
  if (!existing) {
    draft.target(link.targetId, link.displayName)
    draft.step('Import', 'EntryImportUpdate', 'Success', `Received Group '${group.displayName}' change of type (Update) from Azure Active Directory`)
  }
  const started = draft.entry.exchanges.length
  const send = async (kind: 'add' | 'remove', members: [string, string][]): Promise<boolean> => {
    // batches of memberBatchSize ids, one PATCH each (3.4: the batch size is [U])
    for (let offset = 0; offset < members.length; offset += ctx.memberBatchSize) {
      const batch = members.slice(offset, offset + ctx.memberBatchSize)
      const ids = batch.map(([, targetId]) => targetId)
      const [ops] = kind === 'add' ? buildMemberAdd(ids, ctx.dialect, ids.length) : buildMemberRemove(ids, ctx.dialect, ids.length)
      const result = await call(ctx, draft, patchGroup(link.targetId, ops, ctx.dialect))
      if (!succeeded(result)) {
        fail(draft, 'Update', result, `${kind} members of Group '${group.displayName}' in ${ctx.appName}`)
        draft.step('Export', 'EntryExportUpdate', 'Failure', `Failed to ${kind} members of Group '${group.displayName}' in ${ctx.appName}`)
        // a member reference failure: left out of the escrow thresholds (section 8)
        ctx.referenceFailures?.add(draft.entry.id)
        return false
      }
      for (const [sourceId, targetId] of batch) {
        if (kind === 'add') link.members.set(sourceId, targetId)
        else link.members.delete(sourceId)
      }
    }
    return true
  }
  const ok = (await send('add', added)) && (await send('remove', removed))
  // the membership exchanges ran after the group entry was finished: count their time too
  if (existing) draft.entry.durationMs += draft.entry.exchanges.slice(started).reduce((sum, e) => sum + e.durationMs, 0)
  if (!ok) {
    ctx.state.retryGroups.add(groupId)
    return existing ? null : draft.finish()
  }
  draft.step('Export', 'EntryExportUpdate', 'Success', `Members of Group '${group.displayName}' were updated in ${ctx.appName}`, {
    added: String(added.length),
    removed: String(removed.length),
  })
  draft.modified([
    {
      displayName: 'members',
      oldValue: removed.length > 0 ? removed.map(([id]) => id).join(';') : null,
      newValue: added.length > 0 ? added.map(([id]) => id).join(';') : null,
    },
  ])
  // a group created or renamed this cycle keeps its action; an untouched one becomes an Update
  if (draft.entry.action === 'Other' && draft.entry.status !== 'Failure') draft.outcome('Update', 'Success')
  return existing ? null : draft.finish()
}
