import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { complianceMessage } from '../../src/main/core/azure/engine'
import { parseScenario, parseScenarioText, runScenario, type Scenario } from '../../src/main/core/azure/scenarios'
import { startFailuresTarget, type FailuresTarget } from '../helpers/azure-failures-target'
import { startTestHarness, type TestHarness } from '../helpers/harness'

// The job-level scenario steps: Test Connection (section 2), provision on demand (section 9) and
// the schedule on the scenario's clock (3.1, section 8), against the built-in server and against
// a scripted target that answers the probe with 404.

const ALICE = '00000000-0000-4000-8000-000000000002'
const BOB = '00000000-0000-4000-8000-000000000003'
const SALES = '00000000-0000-4000-8000-000000000101'

function scenario(steps: unknown[]): Scenario {
  return parseScenario({
    format: 'scim-harness-scenario',
    version: 1,
    name: 'job-steps-fixture',
    directory: {
      users: [
        { objectId: ALICE, userPrincipalName: 'alice@contoso.com', mailNickname: 'alice', jobTitle: 'Engineer', accountEnabled: true },
        { objectId: BOB, userPrincipalName: 'bob@contoso.com', mailNickname: 'bob', accountEnabled: false },
      ],
      groups: [{ objectId: SALES, displayName: 'Sales', memberIds: [ALICE] }],
    },
    app: { assignments: { users: ['alice@contoso.com'], groups: ['Sales'] } },
    steps,
  })
}

describe('job-level steps against the built-in server', () => {
  let h: TestHarness
  beforeEach(async () => {
    h = await startTestHarness()
  })
  afterEach(async () => {
    await h.close()
  })
  const run = (s: Scenario) => runScenario(s, { tenantUrl: h.baseUri, token: h.token })

  it('provisions a group and its members on demand, and reports a request the portal refuses as a step error', async () => {
    const report = await run(
      scenario([
        { action: 'provisionOnDemand', group: 'Sales', members: ['alice@contoso.com'], expectAction: 'create' },
        { action: 'expect', user: 'alice@contoso.com', exists: true, memberOf: ['Sales'] },
        { action: 'provisionOnDemand', user: 'bob@contoso.com' },
      ]),
    )
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'error'])
    expect(report.steps[0].detail).toMatch(/^provisioned group Sales: create on demand \(members: user alice@contoso.com: create\)/)
    expect(report.expectations.map((e) => [e.description, e.passed])).toEqual([
      ['provision on demand of group "Sales" performs create', true],
      ['user alice@contoso.com exists', true],
      ['user alice@contoso.com is a member of "Sales"', true],
    ])
    expect(report.logs.every((e) => e.onDemand)).toBe(true)
    expect(report.passed).toBe(false)
  })

  it('runs the incremental cycle only when the clock reaches 40 minutes, and none after stop', async () => {
    const report = await run(
      scenario([
        { action: 'startProvisioning' },
        { action: 'editUser', user: 'alice@contoso.com', set: { jobTitle: 'Lead' } },
        { action: 'advanceClock', minutes: 39 },
        { action: 'expect', user: 'alice@contoso.com', attributes: { title: 'Engineer' } },
        { action: 'advanceClock', minutes: 1 },
        { action: 'expect', user: 'alice@contoso.com', attributes: { title: 'Lead' } },
        { action: 'stopProvisioning' },
        { action: 'editUser', user: 'alice@contoso.com', set: { jobTitle: 'Director' } },
        { action: 'advanceClock', minutes: 600 },
        { action: 'expect', user: 'alice@contoso.com', attributes: { title: 'Lead' } },
      ]),
    )
    expect(report.passed).toBe(true)
    expect(report.steps[0].detail).toMatch(/^provisioning status On; initial cycle completed: .*; next cycle in 40 minutes$/)
    expect(report.steps[2].detail).toBe('advanced the clock 39 minutes; no cycle ran; next cycle in 1 minute')
    expect(report.steps[4].detail).toMatch(/^advanced the clock 1 minute; incremental cycle completed: 1 Update; 0 failed; next cycle in 40 minutes$/)
    expect(report.steps[6].detail).toBe('provisioning status Off; no cycle ran; no cycle scheduled')
    expect(report.steps[8].detail).toBe('advanced the clock 600 minutes; no cycle ran; no cycle scheduled')
    expect(report.job).toEqual({ status: 'active' })
  })
})

describe('accidental-deletions prevention in a scenario against the built-in server', () => {
  let h: TestHarness
  beforeEach(async () => {
    h = await startTestHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('holds the disables over the threshold until allowDeletes, then the next cycle sends them', async () => {
    const file = scenario([
      { action: 'runCycle', kind: 'initial' },
      { action: 'unassignUser', user: 'alice@contoso.com' },
      { action: 'unassignGroup', group: 'Sales' },
      { action: 'runCycle', kind: 'incremental' },
      { action: 'expect', user: 'alice@contoso.com', active: true },
      { action: 'expect', group: 'Sales', exists: true },
      { action: 'allowDeletes' },
      { action: 'runCycle', kind: 'incremental' },
      { action: 'expect', user: 'alice@contoso.com', active: false },
      { action: 'expect', group: 'Sales', exists: false },
    ])
    file.app.preventAccidentalDeletions = true
    file.app.accidentalDeletionThreshold = 1
    const report = await runScenario(file, { tenantUrl: h.baseUri, token: h.token })

    expect(report.expectations.every((e) => e.passed)).toBe(true)
    expect(report.steps[3].detail).toBe('incremental cycle completed: 2 StagedDelete; 0 failed')
    expect(report.steps[6].detail).toMatch(
      /^allowed deletes: the next cycle sends every disable and delete \(the job is quarantined: The cycle would disable or delete 2 objects, more than the accidental deletions threshold of 1;/,
    )
    expect(report.steps[7].detail).toBe('incremental cycle completed: 1 Delete, 1 Disable; 0 failed')
    expect(report.job).toEqual({ status: 'active' })
  })
})

describe('the test-probe-404 example against a server that answers the probe with 404', () => {
  let target: FailuresTarget
  beforeEach(async () => {
    target = await startFailuresTarget(() => ({
      status: 404,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Not Found' },
    }))
  })
  afterEach(async () => {
    await target.close()
  })

  it("fails Test Connection with Entra's compliance message, quarantines the job and waits a day for the next cycle", async () => {
    const file = join(__dirname, '..', '..', 'resources', 'scenarios', 'test-probe-404.json')
    const report = await runScenario(parseScenarioText(readFileSync(file, 'utf8')), { tenantUrl: target.url, token: 'secret' })

    expect(report.passed).toBe(false)
    const message = complianceMessage(404, 'Not Found')
    expect(report.expectations.slice(0, 3)).toEqual([
      { index: 0, description: 'Test Connection succeeds', passed: false, expected: true, actual: `false: ${message}` },
      { index: 0, description: 'Test Connection message contains "authorized"', passed: false, expected: 'authorized', actual: message },
      {
        index: 1,
        description: 'provision on demand of user probe.one@contoso.com performs create',
        passed: false,
        expected: 'create',
        actual: `(nothing performed: ${message})`,
      },
    ])
    expect(report.steps[0].detail).toContain('Test Connection failed (ScimComplianceIssue)')
    // section 8: a compliance failure quarantines whatever the counts, and cycles slow to once a day
    expect(report.job).toMatchObject({
      status: 'quarantined',
      quarantine: { reason: 'EncounteredQuarantineException', error: { code: 'ScimComplianceIssue' } },
    })
    expect(report.steps[2]).toMatchObject({ kind: 'startProvisioning', status: 'error', detail: expect.stringContaining(`initial cycle failed: ${message}`) })
    expect(report.steps[2].detail).toMatch(/next cycle in 1440 minutes$/)
    expect(report.steps[5]).toMatchObject({
      kind: 'advanceClock',
      status: 'ok',
      detail: 'advanced the clock 40 minutes; no cycle ran; next cycle in 1400 minutes',
    })
    // nothing but probes reached the target
    expect(target.seen.every((r) => r.method === 'GET' && r.path.includes('filter='))).toBe(true)
  })
})
