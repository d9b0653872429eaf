import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HttpTransport, type Transport } from '../../src/main/core/azure/engine'
import { parseScenario, runScenario, type Scenario } from '../../src/main/core/azure/scenarios'
import { startTestHarness, type TestHarness } from '../helpers/harness'

// The scenario runner against the real built-in server: what it reports when the target agrees,
// when it does not, and when a step cannot be applied.

const BOSS = '00000000-0000-4000-8000-000000000001'
const ALICE = '00000000-0000-4000-8000-000000000002'
const SALES = '00000000-0000-4000-8000-000000000101'

function scenario(steps: unknown[]): Scenario {
  return parseScenario({
    format: 'scim-harness-scenario',
    version: 1,
    name: 'runner-fixture',
    directory: {
      users: [
        { objectId: BOSS, userPrincipalName: 'boss@contoso.com', mailNickname: 'boss', accountEnabled: true },
        { objectId: ALICE, userPrincipalName: 'alice@contoso.com', mailNickname: 'alice', jobTitle: 'Engineer', managerId: BOSS, accountEnabled: true },
      ],
      groups: [{ objectId: SALES, displayName: 'Sales', memberIds: [ALICE] }],
    },
    app: { assignments: { users: ['boss@contoso.com'], groups: ['Sales'] } },
    steps,
  })
}

let h: TestHarness
beforeEach(async () => {
  h = await startTestHarness()
})
afterEach(async () => {
  await h.close()
})

const run = (s: Scenario, extra: { transport?: Transport; signal?: AbortSignal; withCal?: boolean } = {}) =>
  runScenario(s, {
    tenantUrl: h.baseUri,
    token: h.token,
    transport: extra.transport,
    signal: extra.signal,
    inspectCal: extra.withCal === false ? undefined : (id) => h.harness.store.getUser(id)?.cal,
  })

describe('running a scenario', () => {
  it('reports one result per step and one expectation per check, all passing when the target agrees', async () => {
    const report = await run(
      scenario([
        { action: 'runCycle', kind: 'initial' },
        {
          action: 'expect',
          user: 'alice@contoso.com',
          exists: true,
          active: true,
          attributes: { title: 'Engineer' },
          memberOf: ['Sales'],
          manager: BOSS,
          cal: 'Viewer',
        },
        { action: 'expect', group: 'Sales', memberCount: 1 },
      ]),
    )
    expect(report.steps.map((s) => [s.index, s.kind, s.status])).toEqual([
      [0, 'runCycle', 'ok'],
      [1, 'expect', 'ok'],
      [2, 'expect', 'ok'],
    ])
    expect(report.steps[0].detail).toMatch(/^initial cycle completed: .*Create/)
    expect(report.expectations.map((e) => e.description)).toEqual([
      'user alice@contoso.com exists',
      'user alice@contoso.com is active',
      'user alice@contoso.com has title = "Engineer"',
      'user alice@contoso.com is a member of "Sales"',
      `user alice@contoso.com has manager ${BOSS} as { value }`,
      'user alice@contoso.com holds CAL Viewer',
      'group "Sales" has 1 member',
    ])
    expect(report.expectations.every((e) => e.passed)).toBe(true)
    expect(report.passed).toBe(true)
    expect(report.logs.some((e) => e.action === 'Create')).toBe(true)
  })

  it('fails an expectation the target contradicts, with the expected and the actual value', async () => {
    const report = await run(
      scenario([
        { action: 'runCycle', kind: 'initial' },
        { action: 'unassignGroup', group: 'Sales' },
        { action: 'runCycle', kind: 'incremental' },
        { action: 'expect', user: ALICE, active: true, notMemberOf: ['Sales'] },
      ]),
    )
    expect(report.expectations).toEqual([
      { index: 3, description: `user ${ALICE} is active`, passed: false, expected: true, actual: false },
      // the group was deleted in the target: nobody is a member of it
      { index: 3, description: `user ${ALICE} is not a member of "Sales"`, passed: true, expected: false, actual: '(no group "Sales" in the target)' },
    ])
    expect(report.passed).toBe(false)
  })

  it('says a user that was never provisioned does not exist, and fails its other checks with that reason', async () => {
    const report = await run(
      scenario([
        { action: 'unassignGroup', group: SALES },
        { action: 'runCycle', kind: 'initial' },
        { action: 'expect', user: ALICE, exists: false, active: true },
      ]),
    )
    expect(report.expectations.map((e) => [e.passed, e.actual])).toEqual([
      [true, false],
      [false, '(not found in the target)'],
    ])
  })

  it('fails the manager check when the server serves the manager as a bare string', async () => {
    // a transport that rewrites GET answers as a server that stored Entra's string value would
    const http = new HttpTransport()
    const stringManager: Transport = {
      async send(request, signal) {
        const exchange = await http.send(request, signal)
        if (request.method !== 'GET' || !exchange.response || !/\/Users\/[^?]+$/.test(request.url)) return exchange
        const body = JSON.parse(exchange.response.body)
        const extension = body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']
        if (extension?.manager) extension.manager = extension.manager.value
        return { ...exchange, response: { ...exchange.response, body: JSON.stringify(body) } }
      },
    }
    const report = await run(
      scenario([
        { action: 'runCycle', kind: 'initial' },
        { action: 'expect', user: ALICE, manager: BOSS },
      ]),
      { transport: stringManager },
    )
    const [check] = report.expectations
    expect(check.passed).toBe(false)
    expect(typeof check.actual).toBe('string')
    expect(check.expected).toEqual({ value: check.actual })
  })

  it('marks a step Entra would refuse as an error and fails the run, then carries on', async () => {
    const report = await run(
      scenario([
        { action: 'restore', user: ALICE },
        { action: 'runCycle', kind: 'initial' },
        { action: 'expect', user: ALICE, exists: true },
      ]),
    )
    expect(report.steps[0]).toMatchObject({ kind: 'restore', status: 'error' })
    expect(report.steps[0].detail).toMatch(/recycle bin|not.*deleted/i)
    expect(report.expectations.every((e) => e.passed)).toBe(true)
    expect(report.passed).toBe(false)
  })

  it('fails a CAL expectation clearly when the target is not the built-in server', async () => {
    const report = await run(
      scenario([
        { action: 'runCycle', kind: 'initial' },
        { action: 'expect', user: ALICE, cal: 'Viewer' },
      ]),
      { withCal: false },
    )
    expect(report.expectations[0]).toMatchObject({ passed: false, actual: '(CALs can only be read on the built-in server)' })
  })

  it('skips the remaining steps and does not pass once stopped', async () => {
    const controller = new AbortController()
    controller.abort()
    const report = await run(
      scenario([
        { action: 'runCycle', kind: 'initial' },
        { action: 'expect', user: ALICE, exists: true },
      ]),
      { signal: controller.signal },
    )
    expect(report.steps.map((s) => s.status)).toEqual(['skipped', 'skipped'])
    expect(report).toMatchObject({ cancelled: true, passed: false })
  })

  it('replays with the same log ids and the same probe request on a fresh target', async () => {
    const s = scenario([{ action: 'runCycle', kind: 'initial' }])
    const first = await run(s)
    await h.close()
    h = await startTestHarness()
    const second = await run(s)
    expect(second.logs.map((e) => e.id)).toEqual(first.logs.map((e) => e.id))
    expect(second.logs.length).toBeGreaterThan(0)
  })
})
