/**
 * The in-memory state and its indexes. Every lookup the SCIM routes make (Entra issues
 * `userName eq "…"` before every create) is a Map hit, never a scan.
 *
 * Records are treated as immutable: a change replaces the record (putUser), it never edits it in
 * place, so the snapshot writer can hold references while commits go on.
 *
 * The multi-valued indexes (externalId, group membership) hold a bare id while a key has one
 * id and a Set only from the second: almost every key has exactly one (a user is in a handful
 * of groups at most, externalIds are unique in practice), and at 100k users the per-key Sets
 * cost ~25 MB of heap and ~100 ms of a cold start (measured: `addTo` was 103 ms of the profile).
 */

import { defaultPortalSettings } from './records'
import { caseInsensitiveKey } from './text-key'
import type { GroupRecord, JsonObject, Mutation, PortalSettings, TokenRecord, UserRecord } from './records'

const NO_IDS: ReadonlySet<string> = new Set()

/** One id, or a Set of two or more. */
type IdOrIds = string | Set<string>

export class StoreState {
  /** Insertion order is list order; Map.set on an existing id keeps its place. */
  readonly users = new Map<string, UserRecord>()
  readonly groups = new Map<string, GroupRecord>()
  readonly tokens = new Map<string, TokenRecord>()
  portal: PortalSettings = defaultPortalSettings()

  private readonly userIdByName = new Map<string, string>()
  private readonly userIdsByExternalId = new Map<string, IdOrIds>()
  private readonly groupIdByName = new Map<string, string>()
  private readonly groupIdsByExternalId = new Map<string, IdOrIds>()
  private readonly groupIdsByMember = new Map<string, IdOrIds>()
  /**
   * Users indexed under a userName key another user already held. The SCIM service refuses such
   * names, so this only fills when a workspace written before userName keys were NFC (issue 14)
   * holds both forms of one name: both users are kept, the later one is found by the index.
   */
  private readonly userNameClashes = new Map<string, [string, string]>()

  /** Applies one mutation and keeps every index right. Domain rules are the services' job. */
  apply(mutation: Mutation): void {
    switch (mutation.kind) {
      case 'putUser':
        return this.putUser(mutation.user)
      case 'removeUser': {
        const previous = this.users.get(mutation.id)
        if (!previous) return
        this.unindexUser(previous)
        this.users.delete(mutation.id)
        return
      }
      case 'putGroup':
        return this.putGroup(mutation.group)
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

  /** `apply({ kind: 'putUser', user })` without the wrapper object (100k of them at a cold start). */
  putUser(user: UserRecord): void {
    const previous = this.users.get(user.id)
    if (previous) this.unindexUser(previous)
    this.users.set(user.id, user)
    this.indexUser(user)
  }

  putGroup(group: GroupRecord): void {
    const previous = this.groups.get(group.id)
    if (previous) this.unindexGroup(previous)
    this.groups.set(group.id, group)
    this.indexGroup(group)
  }

  userIdByUserName(userName: string): string | undefined {
    return this.userIdByName.get(caseInsensitiveKey(userName))
  }

  /** Pairs of users whose userNames are still one name under the NFC, case-insensitive key. */
  userNameClashesNow(): Array<{ key: string; userNames: [string, string]; ids: [string, string] }> {
    const out: Array<{ key: string; userNames: [string, string]; ids: [string, string] }> = []
    for (const [key, ids] of this.userNameClashes) {
      const names = ids.map((id) => stringField(this.users.get(id)?.resource ?? {}, 'userName'))
      if (names[0] === undefined || names[1] === undefined) continue
      if (caseInsensitiveKey(names[0]) === key && caseInsensitiveKey(names[1]) === key) out.push({ key, userNames: [names[0], names[1]], ids })
    }
    return out
  }

  userIdsByExternal(externalId: string): ReadonlySet<string> {
    return asSet(this.userIdsByExternalId.get(externalId))
  }

  groupIdByDisplayName(displayName: string): string | undefined {
    return this.groupIdByName.get(caseInsensitiveKey(displayName))
  }

  groupIdsByExternal(externalId: string): ReadonlySet<string> {
    return asSet(this.groupIdsByExternalId.get(externalId))
  }

  groupIdsOfMember(memberId: string): ReadonlySet<string> {
    return asSet(this.groupIdsByMember.get(memberId))
  }

  private indexUser(user: UserRecord): void {
    const userName = stringField(user.resource, 'userName')
    if (userName !== undefined) {
      const key = caseInsensitiveKey(userName)
      const holder = this.userIdByName.get(key)
      if (holder !== undefined && holder !== user.id && this.users.has(holder)) this.userNameClashes.set(key, [holder, user.id])
      this.userIdByName.set(key, user.id)
    }
    const externalId = stringField(user.resource, 'externalId')
    if (externalId !== undefined) addTo(this.userIdsByExternalId, externalId, user.id)
  }

  private unindexUser(user: UserRecord): void {
    const userName = stringField(user.resource, 'userName')
    // Only drop the entry if it still points here: the store does not enforce uniqueness, so a
    // duplicate put by a buggy caller must not make the surviving user unfindable.
    if (userName !== undefined) {
      const key = caseInsensitiveKey(userName)
      if (this.userIdByName.get(key) === user.id) this.userIdByName.delete(key)
    }
    const externalId = stringField(user.resource, 'externalId')
    if (externalId !== undefined) removeFrom(this.userIdsByExternalId, externalId, user.id)
  }

  private indexGroup(group: GroupRecord): void {
    const displayName = stringField(group.resource, 'displayName')
    if (displayName !== undefined) this.groupIdByName.set(caseInsensitiveKey(displayName), group.id)
    const externalId = stringField(group.resource, 'externalId')
    if (externalId !== undefined) addTo(this.groupIdsByExternalId, externalId, group.id)
    forEachMemberValue(group.resource, (memberId) => addTo(this.groupIdsByMember, memberId, group.id))
  }

  private unindexGroup(group: GroupRecord): void {
    const displayName = stringField(group.resource, 'displayName')
    if (displayName !== undefined) {
      const key = caseInsensitiveKey(displayName)
      if (this.groupIdByName.get(key) === group.id) this.groupIdByName.delete(key)
    }
    const externalId = stringField(group.resource, 'externalId')
    if (externalId !== undefined) removeFrom(this.groupIdsByExternalId, externalId, group.id)
    forEachMemberValue(group.resource, (memberId) => removeFrom(this.groupIdsByMember, memberId, group.id))
  }
}

function stringField(resource: JsonObject, name: string): string | undefined {
  const value = resource[name]
  return typeof value === 'string' ? value : undefined
}

function forEachMemberValue(resource: JsonObject, fn: (memberId: string) => void): void {
  const members = resource.members
  if (!Array.isArray(members)) return
  for (const member of members) {
    if (typeof member === 'object' && member !== null && !Array.isArray(member) && typeof member.value === 'string') fn(member.value)
  }
}

/** A fresh one-element Set for a bare id, so callers never see (or could change) the index itself. */
function asSet(ids: IdOrIds | undefined): ReadonlySet<string> {
  if (ids === undefined) return NO_IDS
  return typeof ids === 'string' ? new Set([ids]) : ids
}

function addTo(index: Map<string, IdOrIds>, key: string, id: string): void {
  const ids = index.get(key)
  if (ids === undefined) index.set(key, id)
  else if (typeof ids !== 'string') ids.add(id)
  else if (ids !== id) index.set(key, new Set([ids, id]))
}

function removeFrom(index: Map<string, IdOrIds>, key: string, id: string): void {
  const ids = index.get(key)
  if (ids === undefined) return
  if (typeof ids === 'string') {
    if (ids === id) index.delete(key)
    return
  }
  ids.delete(id)
  // Back to a bare id, so a key that once had two ids does not keep a Set for ever.
  if (ids.size === 1) index.set(key, ids.values().next().value as string)
  else if (ids.size === 0) index.delete(key)
}
