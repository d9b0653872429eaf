import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHarness, type TestHarness } from '../helpers/harness'
import { buildTenant, engineFor, harnessGroup, harnessUser, patchBody, type EngineTenant } from '../helpers/azure-engine'
import { OnDemandError, type OnDemandResult, type ProvisioningEngine } from '../../src/main/core/azure/engine'

// Provision on demand (azure-ad-provisioning.md section 9) against the real built-in server.

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

const USER_STEPS = ['Import user', 'Determine if user is in scope', 'Match user between source and target system', 'Perform action']
const writesOf = (result: OnDemandResult) =>
  result.exchanges.filter((x) => x.request.method !== 'GET').map((x) => ({ method: x.request.method, url: x.request.url, body: x.request.body }))

describe('provision on demand for a user', () => {
  it('creates an assigned user in the target and returns the portal steps with their details', async () => {
    const ceo = tenant.users[0] // assigned directly, no manager: a plain create
    const result = await engine.provisionOnDemand({ userId: ceo.objectId })

    expect(result.steps.map((s) => s.name)).toEqual(USER_STEPS)
    expect(result.steps.map((s) => s.status)).toEqual(['success', 'success', 'success', 'success'])
    expect(result.action).toBe('create')
    const [imported, scope, match, perform] = result.steps
    expect(imported.details).toMatchObject({ objectId: ceo.objectId, userPrincipalName: ceo.userPrincipalName, accountEnabled: 'true' })
    expect(scope.details).toMatchObject({ 'Active in source system': 'True', 'Assigned to application': 'True', 'Scope sync all': 'False' })
    expect(match.details).toEqual({}) // no match: no properties shown
    expect(perform.details).toMatchObject({ Action: 'Create', userPrincipalName: ceo.userPrincipalName })

    const stored = await harnessUser(h, ceo.userPrincipalName)
    expect(stored).toMatchObject({ userName: ceo.userPrincipalName, active: true })
    expect(result.entry).toMatchObject({ action: 'Create', status: 'Success', onDemand: true, targetIdentity: { id: stored!.id } })
    expect(engine.logs()).toContainEqual(result.entry)
    expect(engine.links().users).toEqual([{ sourceId: ceo.objectId, targetId: stored!.id, state: 'active' }])
    // the probe, the match query, the POST
    expect(result.exchanges.map((x) => x.request.method)).toEqual(['GET', 'GET', 'GET', 'POST'])
  })

  it('skips a user already in sync with RedundantExport, shows the matched user, and writes nothing', async () => {
    const ceo = tenant.users[0]
    await engine.provisionOnDemand({ userId: ceo.objectId })
    const again = await engine.provisionOnDemand({ userId: ceo.objectId })

    expect(again.action).toBe('skip')
    expect(writesOf(again)).toEqual([])
    const [, , match, perform] = again.steps
    expect(match).toMatchObject({ status: 'success', details: { userName: ceo.userPrincipalName, active: 'true' } })
    expect(match.details.id).toBe(engine.links().users[0].targetId)
    expect(perform).toMatchObject({ status: 'skipped', details: { Action: 'Skip', SkipReason: 'RedundantExport' } })
    expect(again.entry).toMatchObject({ action: 'Other', status: 'Skipped', statusInfo: { errorCode: 'RedundantExport' } })
  })

  it('disables a user that was provisioned and is no longer assigned, with Replace active "False"', async () => {
    const ceo = tenant.users[0]
    await engine.provisionOnDemand({ userId: ceo.objectId })
    const targetId = engine.links().users[0].targetId
    engine.unassignUser(ceo.objectId)
    const result = await engine.provisionOnDemand({ userId: ceo.objectId })

    expect(result.action).toBe('disable')
    expect(result.steps[1]).toMatchObject({ status: 'failure', details: { 'Assigned to application': 'False', 'Scope evaluation result': 'Out of scope' } })
    expect(result.steps[3]).toMatchObject({ status: 'success', details: { Action: 'Disable', IsSoftDeleted: 'True' } })
    expect(writesOf(result)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetId}`, body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) },
    ])
    expect((await harnessUser(h, ceo.userPrincipalName))!.active).toBe(false)
  })

  it('skips a user that is neither assigned nor provisioned, sending only the probe', async () => {
    const outsider = tenant.users[8]
    const result = await engine.provisionOnDemand({ userId: outsider.objectId })
    expect(result.action).toBe('skip')
    expect(result.steps.map((s) => s.status)).toEqual(['success', 'failure', 'skipped', 'skipped'])
    expect(result.steps[3].details).toMatchObject({ ErrorCode: 'NotEffectivelyEntitled' })
    expect(result.exchanges.map((x) => x.request.url.includes('filter='))).toEqual([true, true]) // the user and group probes
    expect(await harnessUser(h, outsider.userPrincipalName)).toBeUndefined()
  })

  it('cannot find a soft-deleted user or one blocked from sign-in, and sends nothing', async () => {
    const [, , , , , , deleted, blocked] = tenant.users
    tenant.directory.softDelete(deleted.objectId)
    tenant.directory.blockSignIn(blocked.objectId)
    for (const user of [deleted, blocked]) {
      const attempt = engine.provisionOnDemand({ userId: user.objectId })
      await expect(attempt).rejects.toBeInstanceOf(OnDemandError)
      await expect(attempt).rejects.toThrow(/cannot be found/)
    }
    expect(engine.logs()).toEqual([])
    expect((await h.scim('GET', '/Users')).json.totalResults).toBe(0)
  })

  it('shows a failing Test connection as step 1 and provisions nothing', async () => {
    engine.updateConfig({ token: 'not-the-token' })
    const result = await engine.provisionOnDemand({ userId: tenant.users[0].objectId })
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ['Test connection', 'failure'],
      ['Import user', 'skipped'],
      ['Determine if user is in scope', 'skipped'],
      ['Match user between source and target system', 'skipped'],
      ['Perform action', 'skipped'],
    ])
    expect(result.steps[0].details).toMatchObject({ ErrorCode: 'InvalidCredentials' })
    expect(result).toMatchObject({ action: null, entry: null })
    expect(result.exchanges).toHaveLength(1)
    expect(engine.logs()).toEqual([])
  })
})

describe('provision on demand for a group', () => {
  it('creates the group and its selected members, with the members in the group', async () => {
    const group = tenant.groups[0] // users 1-3
    const members = tenant.users.slice(1, 4)
    const result = await engine.provisionOnDemand({ groupId: group.objectId, memberIds: members.map((m) => m.objectId) })

    expect(result.steps.map((s) => s.name)).toEqual([
      'Import group',
      'Determine if group is in scope',
      'Match group between source and target system',
      'Perform action',
    ])
    expect(result.action).toBe('create')
    expect(result.members.map((m) => m.action)).toEqual(['create', 'create', 'create'])
    const stored = await harnessGroup(h, group.displayName)
    const memberTargetIds = members.map((m) => engine.links().users.find((l) => l.sourceId === m.objectId)!.targetId)
    expect(stored!.members.map((m: { value: string }) => m.value).sort()).toEqual(memberTargetIds.sort())
    expect(engine.logs().filter((e) => e.onDemand)).toHaveLength(4)
  })

  it('refuses a group with 6 selected members before sending anything', async () => {
    const group = tenant.groups[0]
    for (const user of tenant.users.slice(4, 7)) tenant.directory.addMember(group.objectId, user.objectId)
    const six = tenant.directory.getGroup(group.objectId)!.memberIds
    expect(six).toHaveLength(6)
    const attempt = engine.provisionOnDemand({ groupId: group.objectId, memberIds: [...six] })
    await expect(attempt).rejects.toMatchObject({ code: 'tooManyMembers', message: expect.stringMatching(/at most 5 members; 6 were selected/) })
    expect(engine.logs()).toEqual([])
    expect(await harnessGroup(h, group.displayName)).toBeUndefined()
  })
})

describe('the compliance flag on demand', () => {
  it('is not honoured: a disable sends the string "False" even with ?aadOptscim062020 on the Tenant URL', async () => {
    tenant = buildTenant(`${h.baseUri}?aadOptscim062020`, h.token)
    engine = engineFor(tenant)
    const ceo = tenant.users[0]
    await engine.provisionOnDemand({ userId: ceo.objectId })
    const targetId = engine.links().users[0].targetId
    engine.unassignUser(ceo.objectId)
    const result = await engine.provisionOnDemand({ userId: ceo.objectId })
    expect(writesOf(result)).toEqual([
      { method: 'PATCH', url: `${h.baseUri}/Users/${targetId}`, body: patchBody({ op: 'Replace', path: 'active', value: 'False' }) },
    ])
    expect((await harnessUser(h, ceo.userPrincipalName))!.active).toBe(false)
  })
})
