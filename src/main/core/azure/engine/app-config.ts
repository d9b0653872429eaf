import type { Directory } from '../directory'
import { defaultGroupMappings, defaultUserMappings } from '../mappings'
import type { AttributeMapping, PatchDialect, SourceUser } from '../model'

/*
 * The enterprise application's provisioning settings as the Entra admin center holds them
 * (azure-ad-provisioning.md sections 1, 3.2, 5 and 12 "State"). Plain JSON: a scenario file
 * stores it as is.
 */

export type ProvisioningScope = 'assigned' | 'all'

export interface ProvisioningAppConfig {
  /** The Tenant URL; `?aadOptscim062020` on it switches a default2017 job to compliant (section 0). */
  tenantUrl: string
  /** The Secret Token, sent as `Authorization: Bearer`. */
  token: string
  dialect: PatchDialect
  /** "Sync only assigned users and groups" (the recommended default) or "Sync all users and groups" (3.2). */
  scope: ProvisioningScope
  /** Users and groups assigned to the app; direct members of an assigned group are in scope, nested groups are not expanded (3.2). */
  assignments: { userIds: string[]; groupIds: string[] }
  userMappings: AttributeMapping[]
  groupMappings: AttributeMapping[]
  /** Target Object Actions: what the job may do in the target (section 4, customize-application-attributes). */
  targetActions: { create: boolean; update: boolean; delete: boolean }
  /** The group mapping is enabled ("Provision Microsoft Entra ID Groups"). */
  provisionGroups: boolean
  /** The app's name in log descriptions ("will be created in <app>"). */
  appName?: string
  /** "Notification Email" of the Settings section: where quarantine notices go (section 8). */
  notificationEmail?: string
  /** "Send an email notification when a failure occurs". */
  sendFailureNotification?: boolean
  /**
   * "Prevent accidental deletions" (accidental-deletions.md): a cycle that would disable or
   * delete more objects than the threshold sends none of them until an admin allows deletes.
   * Off unless set, as the docs have the admin tick it [U].
   */
  preventAccidentalDeletions?: boolean
  /** "Accidental deletion threshold". Default 500 [U: the value the portal offers]. */
  accidentalDeletionThreshold?: number
}

/** A new non-gallery SCIM app as Entra creates it: default2017, sync assigned, default mappings, every action on, groups on. */
export function defaultAppConfig(tenantUrl: string, token: string, overrides: Partial<ProvisioningAppConfig> = {}): ProvisioningAppConfig {
  return {
    tenantUrl,
    token,
    dialect: 'default2017',
    scope: 'assigned',
    assignments: { userIds: [], groupIds: [] },
    userMappings: defaultUserMappings(),
    groupMappings: defaultGroupMappings(),
    targetActions: { create: true, update: true, delete: true },
    provisionGroups: true,
    ...overrides,
  }
}

/** A deep copy, so the engine's configuration cannot be changed behind its back. */
export function copyAppConfig(config: ProvisioningAppConfig): ProvisioningAppConfig {
  return structuredClone(config)
}

/** Why a user is or is not in scope, as the Scoping step details it (10.1; azure-docs#22948's "Assigned = False"). */
export interface UserScope {
  /** Assigned directly, through a direct membership of an assigned group, or scope is "all". */
  assigned: boolean
  /** accountEnabled and not in the recycle bin: only such a user is provisioned (3.2 "Known limitations"). */
  active: boolean
  /** The assigned groups that bring the user in, for the log. */
  viaGroups: string[]
}

/** The users and groups in scope right now (3.2). */
export interface ScopeSnapshot {
  users: Set<string>
  groups: Set<string>
}

/** Computes the assignment scope: assigned users, direct user members of assigned groups; groups assigned (or all). */
export function computeScope(config: ProvisioningAppConfig, directory: Directory): ScopeSnapshot {
  if (config.scope === 'all') {
    return { users: new Set(directory.listUsers().map((u) => u.objectId)), groups: new Set(directory.listGroups().map((g) => g.objectId)) }
  }
  const users = new Set<string>()
  const groups = new Set<string>()
  for (const id of config.assignments.userIds) if (directory.kindOf(id) === 'user') users.add(directory.getUser(id)!.objectId)
  for (const id of config.assignments.groupIds) {
    const group = directory.getGroup(id)
    if (!group) continue
    groups.add(group.objectId)
    // direct members only: a nested group's members are not in scope (3.2)
    for (const memberId of group.memberIds) if (directory.kindOf(memberId) === 'user') users.add(memberId)
  }
  return { users, groups }
}

/** The scope details of one user, for the Scoping step. */
export function userScope(user: Readonly<SourceUser>, scope: ScopeSnapshot, config: ProvisioningAppConfig, directory: Directory): UserScope {
  const viaGroups = config.scope === 'assigned' ? directory.groupsOf(user.objectId).filter((g) => scope.groups.has(g)) : []
  return { assigned: scope.users.has(user.objectId), active: user.accountEnabled && user.softDeletedAt === undefined, viaGroups }
}
