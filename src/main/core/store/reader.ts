/**
 * The read API, shared by the writable Store and the read-only view the CLI uses while a server
 * holds the workspace. Every method is a Map lookup over the in-memory state.
 */

import type { GroupRecord, PortalSettings, TokenRecord, UserRecord } from './records'
import type { StoreState } from './state'

/** What any opened workspace can answer. Records are shared, not copied: never modify them. */
export interface ReadableState {
  readonly dataDir: string
  /** What recovery found and did at open, in words a person can act on; empty when all was well. */
  readonly recoveryNotes: readonly string[]
  readonly portal: PortalSettings
  readonly userCount: number
  readonly groupCount: number
  getUser(id: string): UserRecord | undefined
  findUserByUserName(userName: string): UserRecord | undefined
  findUsersByExternalId(externalId: string): UserRecord[]
  users(): IterableIterator<UserRecord>
  getGroup(id: string): GroupRecord | undefined
  findGroupByDisplayName(displayName: string): GroupRecord | undefined
  findGroupsByExternalId(externalId: string): GroupRecord[]
  groups(): IterableIterator<GroupRecord>
  groupIdsOfMember(memberId: string): ReadonlySet<string>
  tokens(): IterableIterator<TokenRecord>
  getToken(id: string): TokenRecord | undefined
  close(): Promise<void>
}

export abstract class StoreReader implements ReadableState {
  protected constructor(
    readonly dataDir: string,
    protected state: StoreState,
    readonly recoveryNotes: string[],
  ) {}

  abstract close(): Promise<void>

  get portal(): PortalSettings {
    return this.state.portal
  }

  get userCount(): number {
    return this.state.users.size
  }

  get groupCount(): number {
    return this.state.groups.size
  }

  getUser(id: string): UserRecord | undefined {
    return this.state.users.get(id)
  }

  /** Case-insensitive, as RFC 7643 defines userName's uniqueness. */
  findUserByUserName(userName: string): UserRecord | undefined {
    const id = this.state.userIdByUserName(userName)
    return id === undefined ? undefined : this.state.users.get(id)
  }

  /** Exact match; several users may share an externalId (the store does not forbid it). */
  findUsersByExternalId(externalId: string): UserRecord[] {
    return [...this.state.userIdsByExternal(externalId)].map((id) => this.state.users.get(id) as UserRecord)
  }

  /** In insertion order, which is list order. */
  users(): IterableIterator<UserRecord> {
    return this.state.users.values()
  }

  getGroup(id: string): GroupRecord | undefined {
    return this.state.groups.get(id)
  }

  /** Case-insensitive. */
  findGroupByDisplayName(displayName: string): GroupRecord | undefined {
    const id = this.state.groupIdByDisplayName(displayName)
    return id === undefined ? undefined : this.state.groups.get(id)
  }

  findGroupsByExternalId(externalId: string): GroupRecord[] {
    return [...this.state.groupIdsByExternal(externalId)].map((id) => this.state.groups.get(id) as GroupRecord)
  }

  groups(): IterableIterator<GroupRecord> {
    return this.state.groups.values()
  }

  /** The groups whose `members[].value` holds this id. */
  groupIdsOfMember(memberId: string): ReadonlySet<string> {
    return this.state.groupIdsOfMember(memberId)
  }

  tokens(): IterableIterator<TokenRecord> {
    return this.state.tokens.values()
  }

  getToken(id: string): TokenRecord | undefined {
    return this.state.tokens.get(id)
  }
}
