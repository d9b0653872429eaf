/**
 * The in-memory state and its indexes. Every lookup the SCIM routes make (Entra issues
 * `userName eq "…"` before every create) is a Map hit, never a scan.
 *
 * Records are treated as immutable: a change replaces the record (putUser), it never edits it in
 * place, so the snapshot writer can hold references while commits go on.
 */

import { defaultPortalSettings } from './records'
import type { GroupRecord, JsonObject, Mutation, PortalSettings, TokenRecord, UserRecord } from './records'

const NO_IDS: ReadonlySet<string> = new Set()

export class StoreState {
  /** Insertion order is list order; Map.set on an existing id keeps its place. */
  readonly users = new Map<string, UserRecord>()
  readonly groups = new Map<string, GroupRecord>()
  readonly tokens = new Map<string, TokenRecord>()
  portal: PortalSettings = defaultPortalSettings()

  private readonly userIdByName = new Map<string, string>()
  private readonly userIdsByExternalId = new Map<string, Set<string>>()
  private readonly groupIdByName = new Map<string, string>()
  private readonly groupIdsByExternalId = new Map<string, Set<string>>()
  private readonly groupIdsByMember = new Map<string, Set<string>>()

  /** Applies one mutation and keeps every index right. Domain rules are the services' job. */
  apply(mutation: Mutation): void {
    switch (mutation.kind) {
      case 'putUser': {
        const previous = this.users.get(mutation.user.id)
        if (previous) this.unindexUser(previous)
        this.users.set(mutation.user.id, mutation.user)
        this.indexUser(mutation.user)
        return
      }
      case 'removeUser': {
        const previous = this.users.get(mutation.id)
        if (!previous) return
        this.unindexUser(previous)
        this.users.delete(mutation.id)
        return
      }
      case 'putGroup': {
        const previous = this.groups.get(mutation.group.id)
        if (previous) this.unindexGroup(previous)
        this.groups.set(mutation.group.id, mutation.group)
        this.indexGroup(mutation.group)
        return
      }
      case 'removeGroup': {
        const previous = this.groups.get(mutation.id)
        if (!previous) return
        this.unindexGroup(previous)
        this.groups.delete(mutation.id)
        return
      }
      case 'setPortal':
        this.portal = mutation.portal
        return
      case 'putToken':
        this.tokens.set(mutation.token.id, mutation.token)
        return
    }
  }

  userIdByUserName(userName: string): string | undefined {
    return this.userIdByName.get(userName.toLowerCase())
  }

  userIdsByExternal(externalId: string): ReadonlySet<string> {
    return this.userIdsByExternalId.get(externalId) ?? NO_IDS
  }

  groupIdByDisplayName(displayName: string): string | undefined {
    return this.groupIdByName.get(displayName.toLowerCase())
  }

  groupIdsByExternal(externalId: string): ReadonlySet<string> {
    return this.groupIdsByExternalId.get(externalId) ?? NO_IDS
  }

  groupIdsOfMember(memberId: string): ReadonlySet<string> {
    return this.groupIdsByMember.get(memberId) ?? NO_IDS
  }

  private indexUser(user: UserRecord): void {
    const userName = stringField(user.resource, 'userName')
    if (userName !== undefined) this.userIdByName.set(userName.toLowerCase(), user.id)
    const externalId = stringField(user.resource, 'externalId')
    if (externalId !== undefined) addTo(this.userIdsByExternalId, externalId, user.id)
  }

  private unindexUser(user: UserRecord): void {
    const userName = stringField(user.resource, 'userName')
    // Only drop the entry if it still points here: the store does not enforce uniqueness, so a
    // duplicate put by a buggy caller must not make the surviving user unfindable.
    if (userName !== undefined && this.userIdByName.get(userName.toLowerCase()) === user.id) {
      this.userIdByName.delete(userName.toLowerCase())
    }
    const externalId = stringField(user.resource, 'externalId')
    if (externalId !== undefined) removeFrom(this.userIdsByExternalId, externalId, user.id)
  }

  private indexGroup(group: GroupRecord): void {
    const displayName = stringField(group.resource, 'displayName')
    if (displayName !== undefined) this.groupIdByName.set(displayName.toLowerCase(), group.id)
    const externalId = stringField(group.resource, 'externalId')
    if (externalId !== undefined) addTo(this.groupIdsByExternalId, externalId, group.id)
    for (const memberId of memberValues(group.resource)) addTo(this.groupIdsByMember, memberId, group.id)
  }

  private unindexGroup(group: GroupRecord): void {
    const displayName = stringField(group.resource, 'displayName')
    if (displayName !== undefined && this.groupIdByName.get(displayName.toLowerCase()) === group.id) {
      this.groupIdByName.delete(displayName.toLowerCase())
    }
    const externalId = stringField(group.resource, 'externalId')
    if (externalId !== undefined) removeFrom(this.groupIdsByExternalId, externalId, group.id)
    for (const memberId of memberValues(group.resource)) removeFrom(this.groupIdsByMember, memberId, group.id)
  }
}

function stringField(resource: JsonObject, name: string): string | undefined {
  const value = resource[name]
  return typeof value === 'string' ? value : undefined
}

function memberValues(resource: JsonObject): string[] {
  const members = resource.members
  if (!Array.isArray(members)) return []
  const values: string[] = []
  for (const member of members) {
    if (typeof member === 'object' && member !== null && !Array.isArray(member) && typeof member.value === 'string') {
      values.push(member.value)
    }
  }
  return values
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key)
  if (ids) ids.add(id)
  else index.set(key, new Set([id]))
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key)
  if (!ids) return
  ids.delete(id)
  if (ids.size === 0) index.delete(key)
}
