import type { JsonObject } from '../store/records'
import type { Store } from '../store'
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE, type ResourceTypeDef } from './schema/definitions'

/*
 * What a client sees of a stored resource: the stored attributes plus what depends on the
 * request or on other resources — meta.location (from the base URL the client used, so it is
 * right through an ngrok tunnel too) and a User's read-only `groups` (RFC 7643 section 4.1.2).
 */

/** Renders a stored user for a response. */
export function renderUser(store: Store, resource: JsonObject, baseUrl: string): JsonObject {
  const id = resource.id as string
  const out: JsonObject = { ...resource, meta: { ...(resource.meta as JsonObject), location: `${baseUrl}/Users/${id}` } }
  const groupIds = store.groupIdsOfMember(id)
  if (groupIds.size > 0) {
    const groups: JsonObject[] = []
    for (const gid of groupIds) {
      const g = store.getGroup(gid)
      if (!g) continue
      groups.push({ value: gid, $ref: `${baseUrl}/Groups/${gid}`, display: g.resource.displayName as string, type: 'direct' })
    }
    if (groups.length > 0) out.groups = groups
  }
  return out
}

/** Renders a stored group for a response. */
export function renderGroup(resource: JsonObject, baseUrl: string): JsonObject {
  const id = resource.id as string
  return { ...resource, meta: { ...(resource.meta as JsonObject), location: `${baseUrl}/Groups/${id}` } }
}

export function resourceTypeOf(name: 'Users' | 'Groups'): ResourceTypeDef {
  return name === 'Users' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE
}
