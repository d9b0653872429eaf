import type { Store } from '../store'
import type { GroupRecord } from '../store/records'

/** What a CAL rule sees of one group the user belongs to. */
export interface CalGroup {
  id: string
  displayName: string
  externalId?: string
}

/**
 * The groups CAL rules evaluate for a user, read from the store; `changed` stands in for a group
 * whose new version is being committed together with the user's re-evaluation.
 */
export function calGroups(store: Store, groupIds: Iterable<string>, changed?: GroupRecord): CalGroup[] {
  const groups: CalGroup[] = []
  for (const gid of groupIds) {
    const g = changed && gid === changed.id ? changed : store.getGroup(gid)
    if (!g) continue
    const externalId = g.resource.externalId
    groups.push({ id: gid, displayName: String(g.resource.displayName), ...(typeof externalId === 'string' ? { externalId } : {}) })
  }
  return groups
}
