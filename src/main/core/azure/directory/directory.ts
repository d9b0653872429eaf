import type { SourceDirectory, SourceGroup, SourceUser } from '../model'
import { ChangeLog, type ChangedObject, type DirectoryChange, type NewDirectoryChange } from './change-feed'
import { DirectoryError } from './directory-error'
import { generateDirectory, generateDirectoryInSteps, type GenerateDirectoryOptions, type GenerationProgress } from './generator/generate-directory'
import { isGuid, randomIdGenerator, type IdGenerator } from './ids'
import { describeChain, describeZodError, findManagerCycle, normaliseDirectory, sourceDirectorySchema } from '../../../../shared/scenario/directory-schema'
import type { UserPatch } from './schema'
import { parseGroupName, parseNewGroup, parseNewUser, parseUserPatch, type NewGroup, type NewUser } from './user-input'

/** How long a soft-deleted user stays in Entra's recycle bin before it is deleted for good. */
export const RECYCLE_BIN_DAYS = 30
const RECYCLE_BIN_MS = RECYCLE_BIN_DAYS * 24 * 60 * 60 * 1000

export interface DirectoryOptions {
  /** Makes objectIds for new users and groups. Default: random v4 GUIDs. */
  newId?: IdGenerator
  /** The directory's clock: change times, soft-delete dates, the 30-day restore window. Default: the system clock. */
  now?: () => Date
}

/** A group as the directory keeps it: members in a Set, so adding to a 50,000-member group stays O(1). */
interface GroupRecord {
  objectId: string
  displayName: string
  mailNickname?: string
  members: Set<string>
  /** The last SourceGroup handed out, reused until the group changes. */
  snapshot?: Readonly<SourceGroup>
}

/**
 * The simulated Entra tenant's users and groups, in memory. Every change goes through a method
 * that applies Entra's rules (unique UPN, existing acyclic managers, recycle bin, direct
 * membership) and appends to the change log that incremental cycles read. Reads hand out frozen
 * objects: a caller cannot change the directory behind the change log's back.
 */
export class Directory {
  private readonly users = new Map<string, Readonly<SourceUser>>()
  /** lower-cased UPN → objectId, for users not in the recycle bin (their UPN can be reused, section 4). */
  private readonly liveUpns = new Map<string, string>()
  private readonly groups = new Map<string, GroupRecord>()
  /** memberId → the groups it is a direct member of. Arrays, not Sets: a user is in a handful of groups, and 100,000 Sets cost a second of GC at load. */
  private readonly memberOf = new Map<string, string[]>()
  /** managerId → its direct reports. */
  private readonly reports = new Map<string, Set<string>>()
  private readonly log: ChangeLog
  private readonly newId: IdGenerator
  private readonly now: () => Date

  constructor(options: DirectoryOptions = {}) {
    this.newId = options.newId ?? randomIdGenerator
    this.now = options.now ?? (() => new Date())
    this.log = new ChangeLog(this.now)
  }

  /**
   * Loads a directory from a scenario file's JSON, validated by sourceDirectorySchema. The change
   * log starts empty (watermark 0): an initial cycle reads everything anyway. Throws
   * DirectoryError 'invalidDirectory' naming the first problems and their JSON paths.
   */
  static fromJSON(json: unknown, options: DirectoryOptions = {}): Directory {
    const parsed = sourceDirectorySchema.safeParse(normaliseDirectory(json))
    if (!parsed.success) {
      const { message, field } = describeZodError(parsed.error)
      throw new DirectoryError('invalidDirectory', `The directory could not be loaded. ${message}`, field || undefined)
    }
    return Directory.load(parsed.data, options)
  }

  /**
   * A generated tenant (see generateDirectory), loaded without re-validating what the generator
   * made valid by construction (its tests check that against sourceDirectorySchema): for 100,000
   * users the schema pass costs more than generating them.
   */
  static generate(generatorOptions: GenerateDirectoryOptions, options: DirectoryOptions = {}): Directory {
    return Directory.load(generateDirectory(generatorOptions), options)
  }

  /** The same, phase by phase (see generateDirectoryInSteps): the last yield is the indexing. */
  static *generateInSteps(generatorOptions: GenerateDirectoryOptions, options: DirectoryOptions = {}): Generator<GenerationProgress, Directory> {
    const data = yield* generateDirectoryInSteps(generatorOptions)
    const directory = Directory.load(data, options)
    yield { phase: 'Indexed the directory', done: 5, total: 5 }
    return directory
  }

  /** Builds the maps from a valid directory, with an empty change log. Takes ownership of `data` (both callers pass fresh objects) and freezes its users. */
  private static load(data: SourceDirectory, options: DirectoryOptions): Directory {
    const directory = new Directory(options)
    for (const user of data.users) directory.putUser(user)
    for (const group of data.groups) {
      const record: GroupRecord = { objectId: group.objectId, displayName: group.displayName, members: new Set() }
      if (group.mailNickname !== undefined) record.mailNickname = group.mailNickname
      directory.groups.set(group.objectId, record)
    }
    for (const group of data.groups) for (const memberId of group.memberIds) directory.link(group.objectId, memberId)
    return directory
  }

  /** The directory as plain JSON for a scenario file (fresh copies: changing them changes nothing here). */
  toJSON(): SourceDirectory {
    return {
      users: [...this.users.values()].map((user) => (user.proxyAddresses ? { ...user, proxyAddresses: [...user.proxyAddresses] } : { ...user })),
      groups: [...this.groups.values()].map((group) => ({ ...this.groupSnapshot(group), memberIds: [...group.members] })),
    }
  }

  // ---- reading ----

  get userCount(): number {
    return this.users.size
  }

  get groupCount(): number {
    return this.groups.size
  }

  getUser(objectId: string): Readonly<SourceUser> | undefined {
    return this.users.get(normaliseId(objectId))
  }

  /** The user holding a UPN, ignoring case; users in the recycle bin are not found (Entra frees their UPN). */
  findUserByUpn(userPrincipalName: string): Readonly<SourceUser> | undefined {
    const objectId = this.liveUpns.get(userPrincipalName.trim().toLowerCase())
    return objectId === undefined ? undefined : this.users.get(objectId)
  }

  /** Every user, soft-deleted ones included, in creation order. */
  listUsers(): Readonly<SourceUser>[] {
    return [...this.users.values()]
  }

  getGroup(objectId: string): Readonly<SourceGroup> | undefined {
    const group = this.groups.get(normaliseId(objectId))
    return group && this.groupSnapshot(group)
  }

  listGroups(): Readonly<SourceGroup>[] {
    return [...this.groups.values()].map((group) => this.groupSnapshot(group))
  }

  /** The groups an object is a direct member of (nested groups are not expanded, section 3.2). */
  groupsOf(memberId: string): string[] {
    return [...(this.memberOf.get(normaliseId(memberId)) ?? [])]
  }

  /** The users whose manager is this user. */
  directReportsOf(managerId: string): string[] {
    return [...(this.reports.get(normaliseId(managerId)) ?? [])]
  }

  /** Whether an objectId is a user, a group, or unknown here. */
  kindOf(objectId: string): 'user' | 'group' | undefined {
    const id = normaliseId(objectId)
    return this.users.has(id) ? 'user' : this.groups.has(id) ? 'group' : undefined
  }

  // ---- change feed ----

  /** The seq of the latest change (0 before any): what a cycle persists as its watermark. */
  watermark(): number {
    return this.log.watermark()
  }

  /**
   * The objects changed after `watermark`, each once (Graph delta-query stand-in, section 3.1).
   * Throws DirectoryError 'invalidWatermark' for a watermark this directory never gave.
   */
  changesSince(watermark: number): ChangedObject[] {
    return this.log.changedSince(watermark, (kind, objectId) => (kind === 'user' ? this.users.has(objectId) : this.groups.has(objectId)))
  }

  /** The raw change entries after `watermark`, oldest first: the directory's activity history. */
  changeLogSince(watermark: number): DirectoryChange[] {
    return this.log.entriesSince(watermark)
  }

  // ---- users ----

  /**
   * Creates a user. Throws DirectoryError: 'invalidUser' (an attribute Entra would refuse),
   * 'duplicateUserPrincipalName', 'duplicateObjectId', 'managerNotFound', 'managerSoftDeleted'.
   */
  addUser(input: NewUser): Readonly<SourceUser> {
    return this.addUsers([input])[0]
  }

  /**
   * Creates several users at once, all or none, so managers can be anyone in the batch whatever
   * the order (a CSV import). The batch's manager chains must not loop. Throws as addUser, the
   * message naming the batch position.
   */
  addUsers(inputs: readonly NewUser[]): Readonly<SourceUser>[] {
    const batch = new Map<string, SourceUser>()
    const batchUpns = new Map<string, number>()
    const users = inputs.map((input, index) => {
      const user = this.prefixed(inputs.length, index, () => {
        const objectId = this.claimObjectId(input?.objectId, batch)
        const parsed = parseNewUser(input, objectId)
        const key = parsed.userPrincipalName.toLowerCase()
        if (this.liveUpns.has(key) || batchUpns.has(key)) throw duplicateUpn(parsed.userPrincipalName)
        return parsed
      })
      batch.set(user.objectId, user)
      batchUpns.set(user.userPrincipalName.toLowerCase(), index)
      return user
    })
    users.forEach((user, index) =>
      this.prefixed(inputs.length, index, () => {
        if (user.managerId === undefined) return
        if (user.managerId === user.objectId) throw new DirectoryError('managerIsSelf', `${user.userPrincipalName} cannot be its own manager.`, 'managerId')
        if (!batch.has(user.managerId)) this.checkManager(user.managerId)
      }),
    )
    const cycle = findManagerCycle(batch)
    if (cycle) throw new DirectoryError('managerCycle', `The users were not saved: their managers form a loop (${describeChain(cycle, batch)}).`, 'managerId')
    return users.map((user) => {
      this.putUser(user)
      this.record({ kind: 'user', objectId: user.objectId, change: 'created' })
      return this.users.get(user.objectId) as Readonly<SourceUser>
    })
  }

  /**
   * Changes any attributes of a user but objectId and softDeletedAt. A key set to null or ''
   * removes that attribute; a key set to undefined is ignored. Records one 'updated' change
   * naming the attributes that really changed, and none when nothing did (so the next cycle has
   * nothing to send).
   * Throws DirectoryError: 'userNotFound', 'userSoftDeleted', 'readOnlyAttribute', 'invalidUser',
   * 'duplicateUserPrincipalName', 'managerNotFound', 'managerIsSelf', 'managerSoftDeleted', 'managerCycle'.
   */
  updateUser(objectId: string, patch: UserPatch): Readonly<SourceUser> {
    const user = this.liveUser(objectId, 'edited')
    const { set, remove } = parseUserPatch(patch as Record<string, unknown>)
    if (set.userPrincipalName !== undefined) {
      const holder = this.liveUpns.get(set.userPrincipalName.toLowerCase())
      if (holder !== undefined && holder !== user.objectId) throw duplicateUpn(set.userPrincipalName)
    }
    if (set.managerId !== undefined && set.managerId !== user.managerId) this.checkNewManager(user, set.managerId)
    const next: SourceUser = { ...user, ...set }
    for (const key of remove) delete next[key]
    const changed = changedAttributes(user, next)
    if (changed.length === 0) return user
    this.replaceUser(user, next)
    this.record({ kind: 'user', objectId: user.objectId, change: 'updated', attributes: changed })
    return this.users.get(user.objectId) as Readonly<SourceUser>
  }

  /** "Block sign-in": accountEnabled false, which takes the user out of scope (IsSoftDeleted, section 4). No change if already blocked. */
  blockSignIn(objectId: string): Readonly<SourceUser> {
    return this.setAccountEnabled(objectId, false)
  }

  /** Allows sign-in again: accountEnabled true. No change if already allowed. */
  unblockSignIn(objectId: string): Readonly<SourceUser> {
    return this.setAccountEnabled(objectId, true)
  }

  /**
   * Moves a user to the recycle bin (soft delete): softDeletedAt is set, the UPN is freed, group
   * memberships and manager links are kept so a restore brings them back. Throws DirectoryError
   * 'userNotFound' or 'userSoftDeleted'.
   */
  softDelete(objectId: string): Readonly<SourceUser> {
    const user = this.liveUser(objectId, 'deleted again')
    this.replaceUser(user, { ...user, softDeletedAt: this.now().toISOString() })
    this.record({ kind: 'user', objectId: user.objectId, change: 'softDeleted', attributes: ['softDeletedAt'] })
    return this.users.get(user.objectId) as Readonly<SourceUser>
  }

  /**
   * Restores a soft-deleted user within 30 days. Throws DirectoryError 'userNotFound',
   * 'userNotSoftDeleted', 'restoreWindowExpired', or 'duplicateUserPrincipalName' when another
   * user took the UPN meanwhile (Entra refuses that restore too).
   */
  restore(objectId: string): Readonly<SourceUser> {
    const user = this.existingUser(objectId)
    if (user.softDeletedAt === undefined) {
      throw new DirectoryError('userNotSoftDeleted', `${user.userPrincipalName} is not in the recycle bin, so there is nothing to restore.`)
    }
    const deletedAt = Date.parse(user.softDeletedAt)
    if (this.now().getTime() - deletedAt > RECYCLE_BIN_MS) {
      throw new DirectoryError(
        'restoreWindowExpired',
        `${user.userPrincipalName} was deleted on ${user.softDeletedAt}, more than ${RECYCLE_BIN_DAYS} days ago: Entra has deleted it permanently and it can no longer be restored. Hard delete it, or create a new user.`,
      )
    }
    const holder = this.liveUpns.get(user.userPrincipalName.toLowerCase())
    if (holder !== undefined) {
      throw new DirectoryError(
        'duplicateUserPrincipalName',
        `${user.userPrincipalName} cannot be restored: another user has taken that user principal name since it was deleted. Rename or delete that user first.`,
        'userPrincipalName',
      )
    }
    const next: SourceUser = { ...user }
    delete next.softDeletedAt
    this.replaceUser(user, next)
    this.record({ kind: 'user', objectId: user.objectId, change: 'restored', attributes: ['softDeletedAt'] })
    return this.users.get(user.objectId) as Readonly<SourceUser>
  }

  /**
   * Deletes a user for good: only from the recycle bin, unless `force` (Entra's "delete
   * permanently"). The user leaves every group and its reports lose their manager, each recorded
   * as a change. Throws DirectoryError 'userNotFound' or 'userNotSoftDeleted'.
   */
  hardDelete(objectId: string, options: { force?: boolean } = {}): void {
    const user = this.existingUser(objectId)
    if (user.softDeletedAt === undefined && !options.force) {
      throw new DirectoryError(
        'userNotSoftDeleted',
        `${user.userPrincipalName} is not in the recycle bin: soft delete it first, or delete it permanently with force.`,
      )
    }
    this.record({ kind: 'user', objectId: user.objectId, change: 'hardDeleted' })
    for (const groupId of this.groupsOf(user.objectId)) this.unlinkRecorded(groupId, user.objectId)
    for (const reportId of this.directReportsOf(user.objectId)) {
      const report = this.users.get(reportId) as Readonly<SourceUser>
      const next: SourceUser = { ...report }
      delete next.managerId
      this.replaceUser(report, next)
      this.record({ kind: 'user', objectId: reportId, change: 'updated', attributes: ['managerId'] })
    }
    this.removeUser(user)
  }

  /**
   * Permanently deletes the users that have been in the recycle bin more than 30 days, as Entra
   * does on its own; a simulated clock calls this after moving time. Returns their objectIds.
   */
  purgeExpired(): string[] {
    const now = this.now().getTime()
    const expired = [...this.users.values()].filter((user) => user.softDeletedAt !== undefined && now - Date.parse(user.softDeletedAt) > RECYCLE_BIN_MS)
    for (const user of expired) this.hardDelete(user.objectId)
    return expired.map((user) => user.objectId)
  }

  // ---- groups ----

  /**
   * Creates a group, optionally with direct members. Group names need not be unique (they are
   * not in Entra either). Throws DirectoryError 'invalidGroup', 'duplicateObjectId',
   * 'memberNotFound', 'userSoftDeleted'.
   */
  addGroup(input: NewGroup): Readonly<SourceGroup> {
    const objectId = this.claimObjectId(input?.objectId)
    const group = parseNewGroup(input, objectId)
    const members = new Set<string>()
    for (const memberId of group.memberIds) {
      if (memberId === objectId) throw new DirectoryError('groupSelfMember', `The group '${group.displayName}' cannot be a member of itself.`, 'memberIds')
      if (members.has(memberId))
        throw new DirectoryError('alreadyMember', `${memberId} is listed twice among the members of '${group.displayName}'.`, 'memberIds')
      this.checkNewMember(memberId)
      members.add(memberId)
    }
    const record: GroupRecord = { objectId, displayName: group.displayName, members: new Set() }
    if (group.mailNickname !== undefined) record.mailNickname = group.mailNickname
    this.groups.set(objectId, record)
    this.record({ kind: 'group', objectId, change: 'created' })
    for (const memberId of members) {
      this.link(objectId, memberId)
      this.record({ kind: 'membership', objectId, change: 'memberAdded', memberId })
    }
    return this.groupSnapshot(record)
  }

  /** Renames a group (Entra then PATCHes displayName, section 4). No change if the name is the same. Throws 'groupNotFound', 'invalidGroup'. */
  renameGroup(objectId: string, displayName: string): Readonly<SourceGroup> {
    const group = this.existingGroup(objectId)
    const name = parseGroupName(displayName)
    if (name === group.displayName) return this.groupSnapshot(group)
    group.displayName = name
    group.snapshot = undefined
    this.record({ kind: 'group', objectId: group.objectId, change: 'renamed' })
    return this.groupSnapshot(group)
  }

  /** Deletes a group; it leaves the groups it was a member of (each recorded). Throws 'groupNotFound'. */
  deleteGroup(objectId: string): void {
    const group = this.existingGroup(objectId)
    this.record({ kind: 'group', objectId: group.objectId, change: 'deleted' })
    for (const parentId of this.groupsOf(group.objectId)) this.unlinkRecorded(parentId, group.objectId)
    for (const memberId of group.members) this.dropMemberOf(memberId, group.objectId)
    this.groups.delete(group.objectId)
  }

  /**
   * Adds a direct member, a user or a group. Nested groups are allowed but never expanded for
   * scope (section 3.2), so only a group inside itself is refused. Throws 'groupNotFound',
   * 'memberNotFound', 'groupSelfMember', 'userSoftDeleted', 'alreadyMember' (as Graph answers 400).
   */
  addMember(groupId: string, memberId: string): Readonly<SourceGroup> {
    const group = this.existingGroup(groupId)
    const id = normaliseId(memberId)
    if (id === group.objectId) throw new DirectoryError('groupSelfMember', `The group '${group.displayName}' cannot be a member of itself.`)
    this.checkNewMember(id)
    if (group.members.has(id)) throw new DirectoryError('alreadyMember', `${this.describe(id)} is already a member of '${group.displayName}'.`)
    this.link(group.objectId, id)
    this.record({ kind: 'membership', objectId: group.objectId, change: 'memberAdded', memberId: id })
    return this.groupSnapshot(group)
  }

  /** Removes a direct member. Throws 'groupNotFound', or 'notMember' (as Graph answers 404). */
  removeMember(groupId: string, memberId: string): Readonly<SourceGroup> {
    const group = this.existingGroup(groupId)
    const id = normaliseId(memberId)
    if (!group.members.has(id)) throw new DirectoryError('notMember', `${this.describe(id)} is not a direct member of '${group.displayName}'.`)
    this.unlinkRecorded(group.objectId, id)
    return this.groupSnapshot(group)
  }

  // ---- internals ----

  private record(change: NewDirectoryChange): void {
    this.log.append(change)
  }

  /** Adds a user to the maps and indexes, frozen. */
  private putUser(user: SourceUser): void {
    if (user.proxyAddresses) Object.freeze(user.proxyAddresses)
    this.users.set(user.objectId, Object.freeze(user))
    if (user.softDeletedAt === undefined) this.liveUpns.set(user.userPrincipalName.toLowerCase(), user.objectId)
    if (user.managerId !== undefined) addTo(this.reports, user.managerId, user.objectId)
  }

  private removeUser(user: Readonly<SourceUser>): void {
    this.users.delete(user.objectId)
    if (this.liveUpns.get(user.userPrincipalName.toLowerCase()) === user.objectId) this.liveUpns.delete(user.userPrincipalName.toLowerCase())
    if (user.managerId !== undefined) this.reports.get(user.managerId)?.delete(user.objectId)
    this.memberOf.delete(user.objectId)
    this.reports.delete(user.objectId)
  }

  /** Swaps in an edited user. Map.set on an existing key keeps its place, so listUsers and toJSON stay in creation order. */
  private replaceUser(previous: Readonly<SourceUser>, next: SourceUser): void {
    const key = previous.userPrincipalName.toLowerCase()
    if (this.liveUpns.get(key) === previous.objectId) this.liveUpns.delete(key)
    if (previous.managerId !== undefined) this.reports.get(previous.managerId)?.delete(previous.objectId)
    this.putUser(next)
  }

  private setAccountEnabled(objectId: string, accountEnabled: boolean): Readonly<SourceUser> {
    const user = this.liveUser(objectId, accountEnabled ? 'unblocked' : 'blocked')
    if (user.accountEnabled === accountEnabled) return user
    this.replaceUser(user, { ...user, accountEnabled })
    this.record({ kind: 'user', objectId: user.objectId, change: accountEnabled ? 'signInUnblocked' : 'signInBlocked', attributes: ['accountEnabled'] })
    return this.users.get(user.objectId) as Readonly<SourceUser>
  }

  private link(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId) as GroupRecord
    group.members.add(memberId)
    group.snapshot = undefined
    const groups = this.memberOf.get(memberId)
    if (groups) groups.push(groupId)
    else this.memberOf.set(memberId, [groupId])
  }

  private dropMemberOf(memberId: string, groupId: string): void {
    const groups = this.memberOf.get(memberId)
    const index = groups ? groups.indexOf(groupId) : -1
    if (index >= 0) (groups as string[]).splice(index, 1)
  }

  private unlinkRecorded(groupId: string, memberId: string): void {
    const group = this.groups.get(groupId) as GroupRecord
    group.members.delete(memberId)
    group.snapshot = undefined
    this.dropMemberOf(memberId, groupId)
    this.record({ kind: 'membership', objectId: groupId, change: 'memberRemoved', memberId })
  }

  private groupSnapshot(group: GroupRecord): Readonly<SourceGroup> {
    if (!group.snapshot) {
      const snapshot: SourceGroup = { objectId: group.objectId, displayName: group.displayName, memberIds: Object.freeze([...group.members]) as string[] }
      if (group.mailNickname !== undefined) snapshot.mailNickname = group.mailNickname
      group.snapshot = Object.freeze(snapshot)
    }
    return group.snapshot
  }

  /** The caller's objectId, or a new one; either way a GUID no user or group holds yet. */
  private claimObjectId(requested: string | undefined, pending?: ReadonlyMap<string, unknown>): string {
    const objectId = (requested ?? this.newId()).trim().toLowerCase()
    if (!isGuid(objectId)) {
      const source = requested === undefined ? 'The id generator returned' : 'The objectId'
      throw new DirectoryError('invalidObjectId', `${source} '${objectId}', which is not a GUID such as 4c7a3b1e-2f0d-4b8e-9a61-0d5c2e7f9b13.`, 'objectId')
    }
    if (this.users.has(objectId) || this.groups.has(objectId) || pending?.has(objectId)) {
      throw new DirectoryError('duplicateObjectId', `objectId ${objectId} is already used by ${this.describe(objectId)}.`, 'objectId')
    }
    return objectId
  }

  private existingUser(objectId: string): Readonly<SourceUser> {
    const user = this.users.get(normaliseId(objectId))
    if (!user) throw new DirectoryError('userNotFound', `There is no user with objectId ${objectId} in this directory.`)
    return user
  }

  /** A user not in the recycle bin: Entra lets nobody edit a deleted user. */
  private liveUser(objectId: string, action: string): Readonly<SourceUser> {
    const user = this.existingUser(objectId)
    if (user.softDeletedAt !== undefined) {
      throw new DirectoryError(
        'userSoftDeleted',
        `${user.userPrincipalName} is in the recycle bin (deleted on ${user.softDeletedAt}) and cannot be ${action}: restore it first.`,
      )
    }
    return user
  }

  private existingGroup(objectId: string): GroupRecord {
    const group = this.groups.get(normaliseId(objectId))
    if (!group) throw new DirectoryError('groupNotFound', `There is no group with objectId ${objectId} in this directory.`)
    return group
  }

  private checkManager(managerId: string): void {
    const manager = this.users.get(managerId)
    if (!manager) throw new DirectoryError('managerNotFound', `The manager ${managerId} is not a user of this directory.`, 'managerId')
    if (manager.softDeletedAt !== undefined) {
      throw new DirectoryError(
        'managerSoftDeleted',
        `The manager ${manager.userPrincipalName} is in the recycle bin: restore it first, or choose another manager.`,
        'managerId',
      )
    }
  }

  /** A new manager must exist, be live, and not be the user or one of its reports, however deep. */
  private checkNewManager(user: Readonly<SourceUser>, managerId: string): void {
    if (managerId === user.objectId) throw new DirectoryError('managerIsSelf', `${user.userPrincipalName} cannot be its own manager.`, 'managerId')
    this.checkManager(managerId)
    const chain = [user.objectId, managerId]
    // walking up from the new manager reaches the user only if the user already manages it
    for (let current = this.users.get(managerId)?.managerId; current !== undefined; current = this.users.get(current)?.managerId) {
      chain.push(current)
      if (current === user.objectId) {
        throw new DirectoryError(
          'managerCycle',
          `That manager would make a loop: ${describeChain(chain, this.users)}. Choose a manager outside ${user.userPrincipalName}'s reporting line.`,
          'managerId',
        )
      }
    }
  }

  private checkNewMember(memberId: string): void {
    const user = this.users.get(memberId)
    if (user?.softDeletedAt !== undefined) {
      throw new DirectoryError('userSoftDeleted', `${user.userPrincipalName} is in the recycle bin and cannot join a group: restore it first.`)
    }
    if (!user && !this.groups.has(memberId))
      throw new DirectoryError('memberNotFound', `${memberId} is neither a user nor a group of this directory.`, 'memberIds')
  }

  /** Runs one step of a batch, saying which item failed when there is more than one. */
  private prefixed<T>(count: number, index: number, step: () => T): T {
    try {
      return step()
    } catch (error) {
      if (count > 1 && error instanceof DirectoryError) throw new DirectoryError(error.code, `User ${index + 1} of ${count}: ${error.message}`, error.field)
      throw error
    }
  }

  private describe(objectId: string): string {
    const user = this.users.get(objectId)
    if (user) return `the user ${user.userPrincipalName}`
    const group = this.groups.get(objectId)
    return group ? `the group '${group.displayName}'` : objectId
  }
}

function duplicateUpn(upn: string): DirectoryError {
  return new DirectoryError(
    'duplicateUserPrincipalName',
    `Another user already has the user principal name ${upn} (names are compared ignoring case). Choose another one.`,
    'userPrincipalName',
  )
}

function normaliseId(objectId: string): string {
  return typeof objectId === 'string' ? objectId.trim().toLowerCase() : objectId
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key)
  if (!set) index.set(key, (set = new Set()))
  set.add(value)
}

/** The attributes whose value differs, proxyAddresses compared element by element. */
function changedAttributes(before: Readonly<SourceUser>, after: Readonly<SourceUser>): (keyof SourceUser)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof SourceUser)[])
  return [...keys].filter((key) => {
    const a = before[key]
    const b = after[key]
    if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length || a.some((value, i) => value !== b[i])
    return a !== b
  })
}
