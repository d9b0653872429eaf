import { describe, expect, it } from 'vitest'
import { Directory, sequentialIdGenerator } from '../../src/main/core/azure/directory'
import { defaultAppConfig, ProvisioningEngine, type Exchange, type Transport } from '../../src/main/core/azure/engine'
import type { WireRequest } from '../../src/main/core/azure/requests'

// Provision on demand's steps (azure-ad-provisioning.md section 9) against a scripted target, for
// answers the built-in server does not give (several matches) and source data it cannot refuse.

type Answer = { status: number; body?: unknown }

class ScriptedTarget implements Transport {
  readonly sent: WireRequest[] = []
  constructor(private readonly answer: (request: WireRequest) => Answer) {}
  async send(request: WireRequest): Promise<Exchange> {
    this.sent.push(request)
    const { status, body } = this.answer(request)
    const logged = { method: request.method, url: request.url, headers: request.headers, body: request.body }
    return { request: logged, response: { status, headers: {}, body: body === undefined ? '' : JSON.stringify(body) }, startedAt: '', durationMs: 1 }
  }
}

const list = (...resources: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: resources.length,
  Resources: resources,
  startIndex: 1,
  itemsPerPage: 20,
})

function setup(answer: (request: WireRequest) => Answer, overrides: Parameters<typeof defaultAppConfig>[2] = {}) {
  const directory = new Directory({ newId: sequentialIdGenerator() })
  const user = directory.addUser({ userPrincipalName: 'ada@contoso.com', displayName: 'Ada' })
  const target = new ScriptedTarget(answer)
  const config = defaultAppConfig('https://scim.example.com/scim', 't', {
    assignments: { userIds: [user.objectId], groupIds: [] },
    provisionGroups: false,
    ...overrides,
  })
  return { directory, user, target, engine: new ProvisioningEngine({ directory, config, transport: target }) }
}

describe('provision on demand steps', () => {
  it('lists every matching target user and fails the Match step when several share the matching value', async () => {
    const twins = [
      { id: 'a1', userName: 'ada@contoso.com', active: true },
      { id: 'a2', userName: 'ada@contoso.com', active: false },
    ]
    const { user, target, engine } = setup((r) => ({
      status: 200,
      body: r.url.includes('ada%40contoso.com') || r.url.includes('ada@contoso.com') ? list(...twins) : list(),
    }))
    const result = await engine.provisionOnDemand({ userId: user.objectId })

    const match = result.steps[2]
    expect(match.status).toBe('failure')
    expect(match.details).toMatchObject({ 'Match 1: id': 'a1', 'Match 2: id': 'a2', 'Match 2: active': 'false' })
    expect(result.steps[3].status).toBe('skipped')
    expect(result.entry?.statusInfo?.errorCode).toBe('DuplicateTargetEntries')
    expect(target.sent.filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('fails Import and sends nothing past the probe when the matching attribute has no value', async () => {
    // match on externalId <- employeeId, which Ada does not have
    const mappings = defaultAppConfig('x', 't').userMappings.map((m) =>
      m.target === 'userName' ? { ...m, matchingPrecedence: undefined } : m.target === 'externalId' ? { ...m, source: 'employeeId', matchingPrecedence: 1 } : m,
    )
    const { user, target, engine } = setup(() => ({ status: 200, body: list() }), { userMappings: mappings })
    const result = await engine.provisionOnDemand({ userId: user.objectId })

    expect(result.steps.map((s) => s.status)).toEqual(['failure', 'skipped', 'skipped', 'skipped'])
    expect(result.steps[0].description).toMatch(/no value for the matching attribute \(externalId\)/)
    expect(result.steps[0].details).toMatchObject({ userPrincipalName: 'ada@contoso.com' })
    expect(result.steps[0].details).not.toHaveProperty('employeeId') // null attributes are not imported
    expect(result.entry).toMatchObject({ action: 'Other', status: 'Skipped', statusInfo: { errorCode: 'ImportSkipped' } })
    expect(target.sent).toHaveLength(1) // the Test Connection probe only
  })

  it('shows the attempted request in Perform action when the create fails', async () => {
    const { user, engine } = setup((r) =>
      r.method === 'POST'
        ? { status: 409, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'taken' } }
        : { status: 200, body: list() },
    )
    const result = await engine.provisionOnDemand({ userId: user.objectId })
    const perform = result.steps[3]
    expect(perform.status).toBe('failure')
    expect(perform.details['Attempted request']).toBe('POST https://scim.example.com/scim/Users')
    expect(JSON.parse(perform.details['Attempted body'])).toMatchObject({ userName: 'ada@contoso.com' })
    expect(result.action).toBe('create')
  })

  it('refuses a member that is not directly in the group', async () => {
    const { directory, user, engine } = setup(() => ({ status: 200, body: list() }), { provisionGroups: true })
    const group = directory.addGroup({ displayName: 'Pilots' })
    await expect(engine.provisionOnDemand({ groupId: group.objectId, memberIds: [user.objectId] })).rejects.toMatchObject({ code: 'notAMember' })
  })
})
