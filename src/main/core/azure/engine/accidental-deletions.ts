import { sameTarget } from '../mappings/mapping-schema'
import type { ProvisioningAppConfig } from './app-config'
import { removalKey, type HeldRemovals } from './cycle-context'
import { groupChange } from './group-sync'
import { userChange, type ChangeInputs } from './user-sync'

/*
 * Accidental deletions prevention (accidental-deletions.md; azure-ad-provisioning.md section 4
 * "Accidental-deletions threshold exceeded" and section 8). With "Prevent accidental deletions"
 * on, a cycle that would disable or delete more objects than the threshold sends none of those
 * removals: they are logged StagedDelete, the job is quarantined (Graph's reason TooManyDeletes)
 * and nothing is removed until an admin allows deletes, which lets the next cycle send every
 * removal it has, however many. The threshold is evaluated per cycle. What counts (the docs'
 * FAQ): users disabled (unassigned, blocked, soft deleted) or deleted, and groups to delete.
 */

export const DEFAULT_ACCIDENTAL_DELETION_THRESHOLD = 500

/**
 * The disables and deletes a cycle over these users and groups would send, as removal keys.
 * Only removals that would reach the target count [U]: a disable needs the Update action and a
 * mapping to active, and a user already disabled by the job (link state 'disabled') would get
 * none; a delete needs the Delete action.
 */
export function plannedRemovals(ctx: ChangeInputs, users: readonly string[], groups: readonly string[]): Set<string> {
  const { config } = ctx
  // the conditions user-sync's disable checks before it sends anything
  const disablesSent = config.targetActions.update && config.userMappings.some((m) => sameTarget(m.target, 'active'))
  const keys = new Set<string>()
  for (const id of users) {
    const change = userChange(ctx, id)
    if (change.kind === 'hardDeleted' && config.targetActions.delete) keys.add(removalKey('User', id))
    if (change.kind === 'disable' && change.link.state === 'active' && disablesSent) keys.add(removalKey('User', id))
  }
  if (config.provisionGroups && config.targetActions.delete) {
    for (const id of groups) if (groupChange(ctx, id).kind === 'remove') keys.add(removalKey('Group', id))
  }
  return keys
}

/**
 * The removals to hold this cycle: all of them when prevention is on, deletes have not been
 * allowed, and there are more than the threshold ("anything above the threshold"); else none.
 */
export function removalsToHold(config: ProvisioningAppConfig, planned: Set<string>, deletesAllowed: boolean): HeldRemovals | undefined {
  if (!config.preventAccidentalDeletions || deletesAllowed) return undefined
  const threshold = config.accidentalDeletionThreshold ?? DEFAULT_ACCIDENTAL_DELETION_THRESHOLD
  return planned.size > threshold ? { keys: planned, threshold } : undefined
}
