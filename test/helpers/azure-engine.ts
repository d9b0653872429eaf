import { Directory } from '../../src/main/core/azure/directory'
import type { SourceGroup, SourceUser } from '../../src/main/core/azure/model'
import { defaultAppConfig, ProvisioningEngine, type ProvisioningAppConfig, type ProvisioningLogEntry } from '../../src/main/core/azure/engine'
import type { TestHarness } from './harness'

/**
 * A small generated tenant with a known shape: 10 users, everyone but the CEO (users[0])
 * reporting to the CEO; group 0 holds users 1-3, group 1 users 4-5; users 0, 6 and 7 are assigned
 * directly, both groups are assigned, users 8 and 9 are not assigned.
 */
export interface EngineTenant {
  directory: Directory
  users: Readonly<SourceUser>[]
  groups: Readonly<SourceGroup>[]
  config: ProvisioningAppConfig
}

export function buildTenant(tenantUrl: string, token: string, overrides: Partial<ProvisioningAppConfig> = {}): EngineTenant {
  const directory = Directory.generate({ users: 10, groups: 2, seed: 'engine-fixture' })
  const users = directory.listUsers()
  for (const user of users) {
    if (!user.accountEnabled) directory.unblockSignIn(user.objectId)
    if (user !== users[0]) directory.updateUser(user.objectId, { managerId: users[0].objectId })
  }
  const groups = directory.listGroups()
  for (const group of groups) for (const memberId of group.memberIds) directory.removeMember(group.objectId, memberId)
  for (const user of users.slice(1, 4)) directory.addMember(groups[0].objectId, user.objectId)
  for (const user of users.slice(4, 6)) directory.addMember(groups[1].objectId, user.objectId)
  const config = defaultAppConfig(tenantUrl, token, {
    assignments: { userIds: [users[0], users[6], users[7]].map((u) => u.objectId), groupIds: groups.map((g) => g.objectId) },
    appName: 'SCIM Harness',
    ...overrides,
  })
  return { directory, users: directory.listUsers(), groups: directory.listGroups(), config }
}

/** An engine over the tenant, probing the harness like Entra, with readable sequential ids. */
export function engineFor(tenant: EngineTenant, options: { concurrency?: number } = {}): ProvisioningEngine {
  return new ProvisioningEngine({ directory: tenant.directory, config: tenant.config, ...options })
}

/** The entries about one source object. */
export function entriesFor(entries: ProvisioningLogEntry[], sourceId: string): ProvisioningLogEntry[] {
  return entries.filter((e) => e.sourceIdentity.id === sourceId)
}

/** Every exchange that wrote to the target. */
export function writes(entries: ProvisioningLogEntry[]): { method: string; url: string; body?: string }[] {
  return entries
    .flatMap((e) => e.exchanges)
    .filter((x) => x.request.method !== 'GET')
    .map((x) => ({ method: x.request.method, url: x.request.url, body: x.request.body }))
}

/** The user as the built-in server holds it, found by userName. */
export async function harnessUser(h: TestHarness, userName: string): Promise<Record<string, any> | undefined> {
  const res = await h.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)
  return res.json.Resources[0]
}

export async function harnessGroup(h: TestHarness, displayName: string): Promise<Record<string, any> | undefined> {
  const res = await h.scim('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`)
  return res.json.Resources[0]
}

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const patchBody = (...ops: unknown[]): string => JSON.stringify({ schemas: [PATCH_SCHEMA], Operations: ops })
