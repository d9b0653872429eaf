import { buildManagerPatch, patchUser } from '../requests'
import { succeeded } from './scim-client'
import { call, fail, type CycleContext, type ManagerWork } from './cycle-context'

/*
 * The reference pass for users (azure-ad-provisioning.md 3.1 step 5, 3.5): once every user of
 * the cycle exists, the manager is written by the manager's target id in its own PATCH. A manager
 * the job has not provisioned is a reference failure: logged on the user's entry and retried next
 * cycle; it does not count toward the escrow threshold (section 8).
 */
export async function syncManager(ctx: CycleContext, work: ManagerWork): Promise<void> {
  const { draft } = work
  const before = draft.entry.exchanges.length
  let wanted: string | null = null
  if (work.managerSourceId !== null) {
    const managerLink = ctx.state.userLinks.get(work.managerSourceId)
    if (!managerLink) {
      const manager = ctx.directory.getUser(work.managerSourceId)
      const name = manager?.userPrincipalName ?? work.managerSourceId
      draft.step(
        'ReferenceResolution',
        'EntryReferenceResolution',
        'Failure',
        `The manager '${name}' has not been provisioned to ${ctx.appName}, so the manager reference cannot be resolved yet. [U step name]`,
        { manager: work.managerSourceId },
      )
      if (draft.entry.status !== 'Failure') {
        draft.outcome(draft.entry.action, 'Warning', {
          errorCode: 'UnresolvedReference',
          reason: `The manager '${name}' is not provisioned in ${ctx.appName}; the reference is retried in the next cycle. [U code]`,
          recommendedAction: 'Assign the manager to the application as well.',
        })
      }
      ctx.referenceFailures?.add(draft.entry.id)
      ctx.state.retryUsers.add(work.sourceId)
      return
    }
    wanted = managerLink.targetId
  }
  const ops = buildManagerPatch(wanted, ctx.dialect, { current: work.current, tenant: ctx.client.tenant })
  if (!ops) return
  if (!ctx.config.targetActions.update && draft.entry.action !== 'Create') return
  draft.step(
    'ReferenceResolution',
    'EntryReferenceResolution',
    'Success',
    wanted ? `Resolved the manager to ${ctx.appName} id ${wanted}` : 'The user has no manager any more.',
  )
  const result = await call(ctx, draft, patchUser(work.targetId, ops, ctx.dialect))
  draft.entry.durationMs += draft.entry.exchanges.slice(before).reduce((sum, e) => sum + e.durationMs, 0)
  if (draft.entry.status === 'Failure') return
  if (!succeeded(result)) {
    fail(
      draft,
      draft.entry.action === 'Create' ? 'Create' : 'Update',
      result,
      `set the manager of User '${draft.entry.targetIdentity.displayName}' in ${ctx.appName}`,
    )
    draft.step('Export', 'EntryExportUpdate', 'Failure', `Failed to set the manager in ${ctx.appName}`)
    ctx.referenceFailures?.add(draft.entry.id)
    ctx.state.retryUsers.add(work.sourceId)
    return
  }
  draft.step('Export', 'EntryExportUpdate', 'Success', `The manager was updated in ${ctx.appName}`)
  draft.modified([{ displayName: 'manager', oldValue: work.current, newValue: wanted }])
  // a user that was otherwise in sync is now an Update
  if (draft.entry.action === 'Other') draft.outcome('Update', 'Success')
}
