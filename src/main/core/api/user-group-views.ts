import type { GroupRow, UserRow } from '../../../shared/console/api'
import type { Store } from '../store'
import type { GroupRecord, JsonObject, UserRecord } from '../store/records'
import { isPlainObject } from '../scim/values/json'
import { nameWarnings } from '../scim/values/name-warnings'

/*
 * The Users and Groups screens' tables: rows cut from the stored records, sorted and searchable.
 * A sorted index is built once per store revision (a 100k-user sort takes ~100 ms) and reused
 * by every page and search until something changes.
 */

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** The primary email, else the first one: what a person means by "the user's email". */
function primaryEmail(resource: JsonObject): string {
  const emails = resource.emails
  if (!Array.isArray(emails) || emails.length === 0) return ''
  const primary = emails.find((e) => isPlainObject(e) && e.primary === true) ?? emails[0]
  return isPlainObject(primary) ? text(primary.value) : ''
}

function displayNameOf(resource: JsonObject): string {
  const given = text(resource.displayName)
  if (given) return given
  const name = resource.name
  if (isPlainObject(name)) {
    return text(name.formatted) || [text(name.givenName), text(name.familyName)].filter(Boolean).join(' ')
  }
  return ''
}

function lastModified(resource: JsonObject): string {
  const meta = resource.meta
  return isPlainObject(meta) ? text(meta.lastModified) : ''
}

export function userRow(store: Store, record: UserRecord): UserRow {
  const r = record.resource
  const row: UserRow = {
    id: record.id,
    userName: text(r.userName),
    displayName: displayNameOf(r),
    email: primaryEmail(r),
    externalId: text(r.externalId),
    active: r.active !== false,
    cal: record.cal,
    federated: record.federated,
    groupCount: store.groupIdsOfMember(record.id).size,
    lastModified: lastModified(r),
  }
  // computed per row shown (a page, not the 100k list), so no index to keep in step
  const warnings = [...nameWarnings('user name', row.userName), ...nameWarnings('display name', row.displayName)]
  if (warnings.length > 0) row.nameWarnings = warnings
  return row
}

export function groupRow(record: GroupRecord): GroupRow {
  const r = record.resource
  return {
    id: record.id,
    displayName: text(r.displayName),
    externalId: text(r.externalId),
    memberCount: Array.isArray(r.members) ? r.members.length : 0,
    lastModified: lastModified(r),
  }
}

interface IndexedUser {
  record: UserRecord
  /** userName, display name and email, lower-cased, for "search by name or email". */
  haystack: string
}

interface IndexedGroup {
  record: GroupRecord
  haystack: string
}

export class UserGroupViews {
  private users: { revision: number; list: IndexedUser[] } | undefined
  private groups: { revision: number; list: IndexedGroup[] } | undefined

  constructor(private readonly store: Store) {}

  listUsers(query: { offset: number; limit: number; search?: string; status: 'all' | 'active' | 'inactive'; cal?: string; groupId?: string }): {
    total: number
    items: UserRow[]
  } {
    const needle = query.search?.trim().toLowerCase() ?? ''
    const cal = query.cal?.toLowerCase()
    const members = query.groupId !== undefined ? this.memberIdsOf(query.groupId) : undefined
    const wanted = (u: IndexedUser): boolean => {
      if (query.status !== 'all' && (u.record.resource.active !== false) !== (query.status === 'active')) return false
      if (cal !== undefined && u.record.cal.toLowerCase() !== cal) return false
      if (members !== undefined && !members.has(u.record.id)) return false
      return needle === '' || u.haystack.includes(needle)
    }
    const all = this.userIndex()
    const plain = needle === '' && query.status === 'all' && cal === undefined && members === undefined
    const matching = plain ? all : all.filter(wanted)
    return { total: matching.length, items: matching.slice(query.offset, query.offset + query.limit).map((u) => userRow(this.store, u.record)) }
  }

  listGroups(query: { offset: number; limit: number; search?: string }): { total: number; items: GroupRow[] } {
    const needle = query.search?.trim().toLowerCase() ?? ''
    const all = this.groupIndex()
    const matching = needle === '' ? all : all.filter((g) => g.haystack.includes(needle))
    return { total: matching.length, items: matching.slice(query.offset, query.offset + query.limit).map((g) => groupRow(g.record)) }
  }

  private memberIdsOf(groupId: string): Set<string> {
    const group = this.store.getGroup(groupId)
    const members = group && Array.isArray(group.resource.members) ? group.resource.members : []
    return new Set(members.map((m) => (isPlainObject(m) ? text(m.value) : '')))
  }

  private userIndex(): IndexedUser[] {
    if (this.users?.revision !== this.store.revision) {
      const list: IndexedUser[] = []
      for (const record of this.store.users()) {
        const r = record.resource
        list.push({ record, haystack: `${text(r.userName)}\u0000${displayNameOf(r)}\u0000${primaryEmail(r)}`.toLowerCase() })
      }
      // userName is unique ignoring case; plain comparison keeps the sort cheap and stable
      list.sort((a, b) => (a.haystack < b.haystack ? -1 : a.haystack > b.haystack ? 1 : 0))
      this.users = { revision: this.store.revision, list }
    }
    return this.users.list
  }

  private groupIndex(): IndexedGroup[] {
    if (this.groups?.revision !== this.store.revision) {
      const list: IndexedGroup[] = []
      for (const record of this.store.groups())
        list.push({ record, haystack: `${text(record.resource.displayName)}\u0000${text(record.resource.externalId)}`.toLowerCase() })
      list.sort((a, b) => (a.haystack < b.haystack ? -1 : a.haystack > b.haystack ? 1 : 0))
      this.groups = { revision: this.store.revision, list }
    }
    return this.groups.list
  }
}
