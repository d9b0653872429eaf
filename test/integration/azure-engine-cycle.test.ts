import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHarness, type TestHarness } from '../helpers/harness'
import { buildTenant, engineFor, entriesFor, harnessGroup, harnessUser, patchBody, writes, type EngineTenant } from '../helpers/azure-engine'
import type { ProvisioningEngine } from '../../src/main/core/azure/engine'

// azure-ad-provisioning.md 3.1-3.5 and the lifecycle matrix of section 4, against the real built-in server.

let h: TestHarness
let tenant: EngineTenant
let engine: ProvisioningEngine

beforeEach(async () => {
  h = await startTestHarness()
  tenant = buildTenant(h.baseUri, h.token)
  engine = engineFor(tenant)
})
afterEach(async () => {
  await h.close()
})

const targetIdOf = (sourceId: string): string => engine.links().users.find((l) => l.sourceId === sourceId)!.targetId

describe('initial cycle', () => {
  it('creates the assigned users (directly and through groups) and the groups with their members', async () => {
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report.status).toBe('completed')
    expect(report.probe?.success).toBe(true)
    const { users, groups } = tenant

    for (const user of users.slice(0, 8)) {
      const [entry] = entriesFor(report.entries, user.objectId)
      expect(entry, user.userPrincipalName).toMatchObject({ action: 'Create', status: 'Success', sourceIdentity: { id: user.objectId, type: 'User' } })
      const post = entry.exchanges.find((x) => x.request.method === 'POST')!
      expect(post.request.url).toBe(`${h.baseUri}/Users`)
      expect(post.request.headers.Authorization).toBe('Bearer ****')
      expect(post.response?.status).toBe(201)
      expect(entry.targetIdentity.id).toBe(JSON.parse(post.response!.body).id)
      const stored = await harnessUser(h, user.userPrincipalName)
      expect(stored).toMatchObject({ userName: user.userPrincipalName, active: true })
    }
    for (const user of users.slice(8)) {
      expect(entriesFor(report.entries, user.objectId)).toEqual([])
      expect(await harnessUser(h, user.userPrincipalName)).toBeUndefined()
    }

    const [g0, g1] = groups
    const created = await harnessGroup(h, g0.displayName)
    expect(entriesFor(report.entries, g0.objectId)[0]).toMatchObject({ action: 'Create', status: 'Success' })
    expect(created!.members.map((m: { value: string }) => m.value).sort()).toEqual(
      users
        .slice(1, 4)
        .map((u) => targetIdOf(u.objectId))
        .sort(),
    )
    expect((await harnessGroup(h, g1.displayName))!.members).toHaveLength(2)
    expect(engine.watermark()).toBe(tenant.directory.watermark())
  })

  it('creates nothing when the Create target object action is off, and says so for users and groups alike', async () => {
    const off = buildTenant(h.baseUri, h.token, { targetActions: { create: false, update: true, delete: true } })
    const report = await engineFor(off).runCycle({ kind: 'initial' })
    expect(writes(report.entries)).toEqual([])
    for (const source of [off.users[0], off.groups[0]]) {
      const [entry] = entriesFor(report.entries, source.objectId)
      expect(entry).toMatchObject({ action: 'Create', status: 'Skipped', statusInfo: { errorCode: 'EntrySynchronizationSkipped' } })
      expect(entry.steps.map((step) => step.name)).toContain('EntrySynchronizationSkip')
    }
    expect(await harnessUser(h, off.users[0].userPrincipalName)).toBeUndefined()
    expect(await harnessGroup(h, off.groups[0].displayName)).toBeUndefined()
  })

  it("writes the manager in a second PATCH by the manager's target id, after the users exist", async () => {
    const report = await engine.runCycle({ kind: 'initial' })
    const [ceo, report1] = tenant.users
    const [entry] = entriesFor(report.entries, report1.objectId)
    const methods = entry.exchanges.map((x) => x.request.method)
    expect(methods).toEqual(['GET', 'POST', 'PATCH'])
    expect(entry.exchanges[2].request.body).toBe(
      patchBody({ op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: targetIdOf(ceo.objectId) }),
    )
    const stored = await harnessUser(h, report1.userPrincipalName)
    expect(stored!['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].manager.value).toBe(targetIdOf(ceo.objectId))
  })

  it('sends no write request in an incremental cycle when nothing changed', async () => {
    await engine.runCycle({ kind: 'initial' })
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(report.status).toBe('completed')
    expect(writes(report.entries)).toEqual([])
    expect(report.entries.every((e) => e.action === 'Other' && e.status === 'Skipped' && e.statusInfo?.errorCode === 'RedundantExport')).toBe(true)
  })

  it('logs Other / Skipped / RedundantExport with a GET and no write when a restarted job finds everything in sync', async () => {
    await engine.runCycle({ kind: 'initial' })
    engine.restart()
    const report = await engine.runCycle({ kind: 'initial' })
    expect(writes(report.entries)).toEqual([])
    const [entry] = entriesFor(report.entries, tenant.users[0].objectId)
    expect(entry).toMatchObject({ action: 'Other', status: 'Skipped', statusInfo: { errorCode: 'RedundantExport' } })
    expect(entry.exchanges.map((x) => `${x.request.method} ${x.response?.status}`)).toEqual(['GET 200'])
  })
})

describe('lifecycle (default2017 dialect)', () => {
  beforeEach(async () => {
    await engine.runCycle({ kind: 'initial' })
  })

  it('disables an unassigned user with Replace active "False", and sends no DELETE when it is deleted later', async () => {
    const user = tenant.users[6]
    const targetId = targetIdOf(user.objectId)
    engine.unassignUser(user.objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    const [entry] = entriesFor(report.entries, user.objectId)
    expect(entry).toMatchObject({ action: 'Disable', status: 'Success', targetIdentity: { id: targetId } })
    expect(writes(report.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetId}`, body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) },
    ])
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(false)

    tenant.directory.softDelete(user.objectId)
    tenant.directory.hardDelete(user.objectId)
    const after = await engine.runCycle({ kind: 'incremental' })
    expect(writes(after.entries)).toEqual([])
  })

  it('re-enables a re-assigned user after matching it by userName: PATCH active "True"', async () => {
    const user = tenant.users[7]
    engine.unassignUser(user.objectId)
    await engine.runCycle({ kind: 'incremental' })
    engine.assignUser(user.objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    const [entry] = entriesFor(report.entries, user.objectId)
    expect(entry).toMatchObject({ action: 'Update', status: 'Success' })
    expect(entry.exchanges[0].request.url).toBe(`${h.baseUri}/Users?filter=userName+eq+%22${encodeURIComponent(user.userPrincipalName)}%22`)
    expect(entry.exchanges[1].request.body).toBe(patchBody({ op: 'Replace', path: 'active', value: 'True' }))
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(true)
  })

  it('disables a user blocked from sign-in and enables it again when sign-in is allowed', async () => {
    const user = tenant.users[0]
    tenant.directory.blockSignIn(user.objectId)
    const blocked = await engine.runCycle({ kind: 'incremental' })
    expect(entriesFor(blocked.entries, user.objectId)[0]).toMatchObject({ action: 'Disable', status: 'Success' })
    expect(writes(blocked.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetIdOf(user.objectId)}`, body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) },
    ])
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(false)

    tenant.directory.unblockSignIn(user.objectId)
    const allowed = await engine.runCycle({ kind: 'incremental' })
    expect(entriesFor(allowed.entries, user.objectId)[0]).toMatchObject({ action: 'Update', status: 'Success' })
    expect(writes(allowed.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetIdOf(user.objectId)}`, body: patchBody({ op: 'Replace', path: 'active', value: 'True' }) },
    ])
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(true)
  })

  it('disables a soft-deleted user, enables it on restore, and DELETEs it once hard deleted while still managed', async () => {
    const user = tenant.users[2] // in scope through group 0
    const targetId = targetIdOf(user.objectId)
    tenant.directory.softDelete(user.objectId)
    const deleted = await engine.runCycle({ kind: 'incremental' })
    expect(entriesFor(deleted.entries, user.objectId)[0]).toMatchObject({ action: 'Disable', status: 'Success' })
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(false)

    tenant.directory.restore(user.objectId)
    const restored = await engine.runCycle({ kind: 'incremental' })
    expect(entriesFor(restored.entries, user.objectId)[0]).toMatchObject({ action: 'Update', status: 'Success' })
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(true)

    tenant.directory.softDelete(user.objectId)
    await engine.runCycle({ kind: 'incremental' })
    tenant.directory.hardDelete(user.objectId)
    const purged = await engine.runCycle({ kind: 'incremental' })
    const [entry] = entriesFor(purged.entries, user.objectId)
    expect(entry).toMatchObject({ action: 'Delete', status: 'Success' })
    expect(entry.exchanges.map((x) => `${x.request.method} ${x.request.url}`)).toEqual([`DELETE ${h.baseUri}/Users/${targetId}`])
  })

  it('sends only the changed attribute when a source attribute changes', async () => {
    const user = tenant.users[3]
    tenant.directory.updateUser(user.objectId, { jobTitle: 'Principal Engineer' })
    const report = await engine.runCycle({ kind: 'incremental' })
    const [entry] = entriesFor(report.entries, user.objectId)
    expect(entry).toMatchObject({ action: 'Update', status: 'Success', modifiedProperties: [{ displayName: 'jobTitle', newValue: 'Principal Engineer' }] })
    expect(writes(report.entries)).toEqual([
      {
        method: 'PATCH',
        url: `${h.baseUri}/Users/${targetIdOf(user.objectId)}`,
        body: patchBody({ op: 'Replace', path: 'title', value: 'Principal Engineer' }),
      },
    ])
    expect((await harnessUser(h, user.userPrincipalName))!.title).toBe('Principal Engineer')
  })

  it('removes a member with one Remove of path members and a value array, and disables the user who lost access', async () => {
    const [group] = tenant.groups
    const user = tenant.users[3]
    const targetId = targetIdOf(user.objectId)
    const groupTargetId = engine.links().groups.find((l) => l.sourceId === group.objectId)!.targetId
    tenant.directory.removeMember(group.objectId, user.objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(writes(report.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetId}`, body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) },
      {
        method: 'PATCH',
        url: `${h.baseUri}/Groups/${groupTargetId}`,
        body: patchBody({ op: 'Remove', path: 'members', value: [{ $ref: null, value: targetId }] }),
      },
    ])
    const stored = await harnessGroup(h, group.displayName)
    expect(stored!.members.map((m: { value: string }) => m.value)).not.toContain(targetId)
    expect(stored!.members).toHaveLength(2)
  })

  it('renames a group with Replace displayName', async () => {
    const [, group] = tenant.groups
    tenant.directory.renameGroup(group.objectId, 'Renamed Team')
    const report = await engine.runCycle({ kind: 'incremental' })
    const groupTargetId = engine.links().groups.find((l) => l.sourceId === group.objectId)!.targetId
    expect(writes(report.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Groups/${groupTargetId}`, body: patchBody({ op: 'Replace', path: 'displayName', value: 'Renamed Team' }) },
    ])
    expect(await harnessGroup(h, 'Renamed Team')).toBeDefined()
  })

  it('on group unassignment disables the members who lost access, then deletes the group', async () => {
    const [, group] = tenant.groups
    const groupTargetId = engine.links().groups.find((l) => l.sourceId === group.objectId)!.targetId
    const memberTargetIds = tenant.users.slice(4, 6).map((u) => targetIdOf(u.objectId))
    engine.unassignGroup(group.objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(writes(report.entries)).toEqual([
      ...memberTargetIds.map((id) => ({
        method: 'PATCH',
        url: `${h.baseUri}/Users/${id}`,
        body: patchBody({ op: 'Replace', path: 'active', value: 'False' }),
      })),
      { method: 'DELETE', url: `${h.baseUri}/Groups/${groupTargetId}`, body: undefined },
    ])
    expect(entriesFor(report.entries, group.objectId)[0]).toMatchObject({ action: 'Delete', status: 'Success' })
    expect(await harnessGroup(h, group.displayName)).toBeUndefined()
  })
})

describe('compliant dialect (aadOptscim062020)', () => {
  beforeEach(async () => {
    tenant = buildTenant(`${h.baseUri}?aadOptscim062020`, h.token)
    engine = engineFor(tenant)
    await engine.runCycle({ kind: 'initial' })
  })

  it('disables an unassigned user with a boolean active', async () => {
    const user = tenant.users[6]
    const targetId = targetIdOf(user.objectId)
    engine.unassignUser(user.objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(writes(report.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetId}`, body: patchBody({ op: 'replace', path: 'active', value: false }) },
    ])
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(false)
  })

  it('removes a member with a filtered path and no value', async () => {
    const [group] = tenant.groups
    const user = tenant.users[1]
    engine.assignUser(user.objectId) // still in scope directly: only the membership changes
    const targetId = targetIdOf(user.objectId)
    const groupTargetId = engine.links().groups.find((l) => l.sourceId === group.objectId)!.targetId
    tenant.directory.removeMember(group.objectId, user.objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(writes(report.entries)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Groups/${groupTargetId}`, body: patchBody({ op: 'remove', path: `members[value eq "${targetId}"]` }) },
    ])
    const stored = await harnessGroup(h, group.displayName)
    expect(stored!.members.map((m: { value: string }) => m.value)).not.toContain(targetId)
    expect((await harnessUser(h, user.userPrincipalName))!.active).toBe(true)
  })
})
