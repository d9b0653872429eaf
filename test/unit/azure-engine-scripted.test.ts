import { describe, expect, it } from 'vitest'
import { Directory, sequentialIdGenerator } from '../../src/main/core/azure/directory'
import {
  computeScope,
  defaultAppConfig,
  NOT_EMPTY_LIST_MESSAGE,
  ProvisioningEngine,
  testConnection,
  type Exchange,
  type Transport,
} from '../../src/main/core/azure/engine'
import type { WireRequest } from '../../src/main/core/azure/requests'

// The engine's decisions against a scripted target (azure-ad-provisioning.md 2, 3.2, 3.3, 10.2):
// answers chosen per request, so failure paths the built-in server never produces can be reached.

type Answer = { status: number; body?: unknown }

/** A Transport answering from a script; records every request. */
class ScriptedTarget implements Transport {
  readonly sent: WireRequest[] = []
  constructor(private readonly answer: (request: WireRequest) => Answer) {}
  async send(request: WireRequest, signal?: AbortSignal): Promise<Exchange> {
    const logged = { method: request.method, url: request.url, headers: request.headers, body: request.body }
    if (signal?.aborted) return { request: logged, startedAt: '', durationMs: 0, error: { kind: 'aborted', message: 'stopped' } }
    this.sent.push(request)
    const { status, body } = this.answer(request)
    return { request: logged, response: { status, headers: {}, body: body === undefined ? '' : JSON.stringify(body) }, startedAt: '', durationMs: 1 }
  }
}

const EMPTY_LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 20 }
const list = (...resources: unknown[]) => ({ ...EMPTY_LIST, totalResults: resources.length, Resources: resources })

function tenant() {
  const directory = new Directory({ newId: sequentialIdGenerator() })
  const boss = directory.addUser({ userPrincipalName: 'boss@contoso.com', displayName: 'Boss' })
  const worker = directory.addUser({ userPrincipalName: 'worker@contoso.com', displayName: 'Worker', managerId: boss.objectId })
  return { directory, boss, worker }
}

describe('Test Connection rules', () => {
  it('fails on HTTP 200 whose Resources is null, as Entra does', async () => {
    const target = new ScriptedTarget(() => ({ status: 200, body: { ...EMPTY_LIST, Resources: null } }))
    const result = await testConnection(defaultAppConfig('https://scim.example.com/scim', 't'), target)
    expect(result).toMatchObject({ success: false, message: NOT_EMPTY_LIST_MESSAGE, errorCode: 'ScimComplianceIssue' })
  })

  it('fails when the group probe is refused even though the user probe passed', async () => {
    const target = new ScriptedTarget((r) => (r.url.includes('/Groups') ? { status: 404 } : { status: 200, body: EMPTY_LIST }))
    const result = await testConnection(defaultAppConfig('https://scim.example.com/scim', 't'), target)
    expect(result.success).toBe(false)
    expect(result.exchanges).toHaveLength(2)
    expect(result.details).toMatch(/group probe/)
  })
})

describe('scope', () => {
  it('puts direct members of an assigned group in scope, but not members of a nested group', () => {
    const { directory, boss, worker } = tenant()
    const inner = directory.addGroup({ displayName: 'Inner', memberIds: [worker.objectId] })
    const outer = directory.addGroup({ displayName: 'Outer', memberIds: [boss.objectId, inner.objectId] })
    const scope = computeScope(defaultAppConfig('https://x.example/scim', 't', { assignments: { userIds: [], groupIds: [outer.objectId] } }), directory)
    expect([...scope.users]).toEqual([boss.objectId])
  })
})

describe('matching and failures', () => {
  it('logs DuplicateTargetEntries and creates nothing when the matching query returns two users', async () => {
    const { directory, boss } = tenant()
    const target = new ScriptedTarget((r) =>
      r.url.includes('boss')
        ? { status: 200, body: list({ id: 'a', userName: 'boss@contoso.com' }, { id: 'b', userName: 'boss@contoso.com' }) }
        : { status: 200, body: EMPTY_LIST },
    )
    const engine = new ProvisioningEngine({
      directory,
      transport: target,
      probeEachCycle: false,
      config: defaultAppConfig('https://x.example/scim', 't', { assignments: { userIds: [boss.objectId], groupIds: [] } }),
    })
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report.entries).toHaveLength(1)
    expect(report.entries[0]).toMatchObject({ status: 'Failure', statusInfo: { errorCode: 'DuplicateTargetEntries' } })
    expect(target.sent.map((r) => r.method)).toEqual(['GET'])
  })

  it('logs InvalidAnchor when a linked user answers 404, and tries again next cycle', async () => {
    const { directory, boss } = tenant()
    let created = false
    const target = new ScriptedTarget((r) => {
      if (r.method === 'POST') {
        created = true
        return { status: 201, body: { id: 't-boss', userName: 'boss@contoso.com', active: true } }
      }
      if (r.url.endsWith('/Users/t-boss')) return { status: 404, body: { detail: 'gone' } }
      return { status: 200, body: created ? list() : EMPTY_LIST }
    })
    const engine = new ProvisioningEngine({
      directory,
      transport: target,
      probeEachCycle: false,
      config: defaultAppConfig('https://x.example/scim', 't', { assignments: { userIds: [boss.objectId], groupIds: [] } }),
    })
    await engine.runCycle({ kind: 'initial' })
    directory.updateUser(boss.objectId, { jobTitle: 'CEO' })
    const second = await engine.runCycle({ kind: 'incremental' })
    expect(second.entries[0]).toMatchObject({ action: 'Other', status: 'Failure', statusInfo: { errorCode: 'InvalidAnchor' } })
    const third = await engine.runCycle({ kind: 'incremental' })
    expect(third.entries.map((e) => e.statusInfo?.errorCode)).toEqual(['InvalidAnchor'])
  })

  it('logs a reference failure when the manager is not provisioned, and sets the manager once it is', async () => {
    const { directory, boss, worker } = tenant()
    const ids = new Map<string, string>()
    const target = new ScriptedTarget((r) => {
      if (r.method === 'POST') {
        const userName = JSON.parse(r.body!).userName as string
        ids.set(userName, `t-${userName.split('@')[0]}`)
        return { status: 201, body: { id: ids.get(userName), userName, active: true } }
      }
      if (r.method === 'PATCH') return { status: 204 }
      const byId = /\/Users\/(t-\w+)$/.exec(r.url)
      if (byId)
        return {
          status: 200,
          body: { id: byId[1], userName: `${byId[1].slice(2)}@contoso.com`, active: true, displayName: byId[1] === 't-boss' ? 'Boss' : 'Worker' },
        }
      return { status: 200, body: EMPTY_LIST }
    })
    const engine = new ProvisioningEngine({
      directory,
      transport: target,
      probeEachCycle: false,
      config: defaultAppConfig('https://x.example/scim', 't', { assignments: { userIds: [worker.objectId], groupIds: [] } }),
    })
    const first = await engine.runCycle({ kind: 'initial' })
    expect(first.entries[0]).toMatchObject({ action: 'Create', status: 'Warning', statusInfo: { errorCode: 'UnresolvedReference' } })
    expect(first.entries[0].steps.at(-1)).toMatchObject({ type: 'ReferenceResolution', status: 'Failure' })

    engine.assignUser(boss.objectId)
    const second = await engine.runCycle({ kind: 'incremental' })
    const workerEntry = second.entries.find((e) => e.sourceIdentity.id === worker.objectId)!
    expect(workerEntry).toMatchObject({ action: 'Update', status: 'Success' })
    expect(JSON.parse(workerEntry.exchanges.at(-1)!.request.body!).Operations).toEqual([
      { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: 't-boss' },
    ])
  })

  it('stops mid-cycle when the signal aborts: the cycle is cancelled and the watermark does not move', async () => {
    const directory = Directory.generate({ users: 40, groups: 0, seed: 'stop' })
    const stop = new AbortController()
    let posts = 0
    const target = new ScriptedTarget((r) => {
      if (r.method === 'POST' && ++posts === 5) stop.abort()
      return r.method === 'POST' ? { status: 201, body: { id: `t${posts}` } } : { status: 200, body: EMPTY_LIST }
    })
    const engine = new ProvisioningEngine({
      directory,
      transport: target,
      probeEachCycle: false,
      concurrency: 2,
      config: defaultAppConfig('https://x.example/scim', 't', { scope: 'all' }),
    })
    const report = await engine.runCycle({ kind: 'initial' }, stop.signal)
    expect(report.status).toBe('cancelled')
    expect(posts).toBeLessThan(10)
    expect(engine.watermark()).toBeNull()
  })
})
