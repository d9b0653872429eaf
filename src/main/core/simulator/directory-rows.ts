import type { SourceGroupRow, SourceUserRow } from '../../../shared/console/simulator-api'
import { computeScope, type ProvisioningAppConfig } from '../azure/engine'
import type { Directory } from '../azure/directory'
import type { SourceGroup, SourceUser } from '../azure/model'

/*
 * The simulated tenant's tables for the console: rows cut from the directory, sorted by name and
 * searchable. The sorted index is built once per directory state (its change-feed watermark; a
 * 100,000-user sort costs ~100 ms) and reused by every page and search until something changes.
 * Assignment, scope and target id are computed per request from the app configuration, which
 * changes without touching the directory.
 */

export type UserFilter = 'all' | 'assigned' | 'inScope' | 'softDeleted' | 'blocked'

export interface RowContext {
  directory: Directory
  config: ProvisioningAppConfig
  /** The target id the job holds (or last held) for a source object. */
  targetIdOf(objectId: string): string | null
}

interface Indexed<T> {
  item: T
  haystack: string
  /** Lower-cased sort key: plain comparison sorts 100,000 rows in a fraction of localeCompare's time. */
  key: string
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

function page<T>(items: T[], offset: number, limit: number): { total: number; items: T[] } {
  return { total: items.length, items: items.slice(offset, offset + limit) }
}

export class DirectoryRows {
  private users: { directory: Directory; mark: number; list: Indexed<Readonly<SourceUser>>[] } | undefined
  private groups: { directory: Directory; mark: number; list: Indexed<Readonly<SourceGroup>>[] } | undefined

  private sortedUsers(directory: Directory): Indexed<Readonly<SourceUser>>[] {
    const mark = directory.watermark()
    if (this.users?.directory !== directory || this.users.mark !== mark) {
      const list = directory.listUsers().map((item) => ({
        item,
        haystack: `${item.userPrincipalName}\n${item.displayName ?? ''}\n${item.mail ?? ''}`.toLowerCase(),
        key: `${item.displayName ?? item.userPrincipalName}\u0000${item.userPrincipalName}`.toLowerCase(),
      }))
      list.sort(byKey)
      this.users = { directory, mark, list }
    }
    return this.users.list
  }

  private sortedGroups(directory: Directory): Indexed<Readonly<SourceGroup>>[] {
    const mark = directory.watermark()
    if (this.groups?.directory !== directory || this.groups.mark !== mark) {
      const list = directory
        .listGroups()
        .map((item) => ({ item, haystack: `${item.displayName}\n${item.mailNickname ?? ''}`.toLowerCase(), key: item.displayName.toLowerCase() }))
      list.sort(byKey)
      this.groups = { directory, mark, list }
    }
    return this.groups.list
  }

  listUsers(ctx: RowContext, query: { offset: number; limit: number; search?: string; filter: UserFilter }): { total: number; items: SourceUserRow[] } {
    const rows = new UserRows(ctx)
    const needle = query.search?.trim().toLowerCase()
    const keep = (user: Readonly<SourceUser>): boolean => {
      switch (query.filter) {
        case 'all':
          return true
        case 'assigned':
          return rows.assignment(user) !== 'none'
        case 'inScope':
          return rows.inScope(user)
        case 'softDeleted':
          return user.softDeletedAt !== undefined
        case 'blocked':
          return !user.accountEnabled
      }
    }
    const matched = this.sortedUsers(ctx.directory).filter((u) => (!needle || u.haystack.includes(needle)) && keep(u.item))
    const result = page(matched, query.offset, query.limit)
    return { total: result.total, items: result.items.map((u) => rows.row(u.item)) }
  }

  listGroups(ctx: RowContext, query: { offset: number; limit: number; search?: string }): { total: number; items: SourceGroupRow[] } {
    const needle = query.search?.trim().toLowerCase()
    const matched = this.sortedGroups(ctx.directory).filter((g) => !needle || g.haystack.includes(needle))
    const result = page(matched, query.offset, query.limit)
    return { total: result.total, items: result.items.map((g) => groupRow(ctx, g.item)) }
  }
}

/** Row building for one request: the scope is computed once (3.2), then asked per user. */
export class UserRows {
  private readonly scope: ReturnType<typeof computeScope>
  private readonly assignedUsers: Set<string>
  /** Direct members of assigned groups (3.2: nested groups are not expanded). */
  private readonly throughGroups = new Set<string>()

  constructor(private readonly ctx: RowContext) {
    this.scope = computeScope(ctx.config, ctx.directory)
    this.assignedUsers = new Set(ctx.config.assignments.userIds.map((id) => id.toLowerCase()))
    for (const id of ctx.config.assignments.groupIds) for (const member of ctx.directory.getGroup(id)?.memberIds ?? []) this.throughGroups.add(member)
  }

  assignment(user: Readonly<SourceUser>): SourceUserRow['assignment'] {
    if (this.assignedUsers.has(user.objectId)) return 'direct'
    return this.throughGroups.has(user.objectId) ? 'group' : 'none'
  }

  /** In provisioning scope now: assigned (or scope "all"), sign-in allowed, not in the recycle bin (3.2). */
  inScope(user: Readonly<SourceUser>): boolean {
    return this.scope.users.has(user.objectId) && user.accountEnabled && user.softDeletedAt === undefined
  }

  row(user: Readonly<SourceUser>): SourceUserRow {
    return {
      objectId: user.objectId,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName ?? '',
      department: user.department ?? '',
      jobTitle: user.jobTitle ?? '',
      accountEnabled: user.accountEnabled,
      softDeleted: user.softDeletedAt !== undefined,
      assignment: this.assignment(user),
      inScope: this.inScope(user),
      targetId: this.ctx.targetIdOf(user.objectId),
    }
  }
}

export function groupRow(ctx: RowContext, group: Readonly<SourceGroup>): SourceGroupRow {
  return {
    objectId: group.objectId,
    displayName: group.displayName,
    mailNickname: group.mailNickname ?? '',
    memberCount: group.memberIds.length,
    assigned: ctx.config.assignments.groupIds.some((id) => id.toLowerCase() === group.objectId),
    targetId: ctx.targetIdOf(group.objectId),
  }
}
