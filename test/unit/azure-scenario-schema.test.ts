import { describe, expect, it } from 'vitest'
import { parseScenario, parseScenarioText, ScenarioError, type Scenario } from '../../src/main/core/azure/scenarios'

const ALICE = '00000000-0000-4000-8000-000000000001'
const SALES = '00000000-0000-4000-8000-000000000101'

/** A minimal valid scenario file, with `patch` merged on top. */
function file(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'scim-harness-scenario',
    version: 1,
    name: 'fixture',
    directory: {
      users: [{ objectId: ALICE, userPrincipalName: 'alice@contoso.com', mailNickname: 'alice', accountEnabled: true }],
      groups: [{ objectId: SALES, displayName: 'Sales', memberIds: [ALICE] }],
    },
    steps: [{ action: 'runCycle', kind: 'initial' }],
    ...patch,
  }
}

/** The ScenarioError that parsing `json` throws. */
function refusal(json: unknown): ScenarioError {
  try {
    parseScenario(json)
  } catch (error) {
    if (error instanceof ScenarioError) return error
    throw error
  }
  throw new Error('the scenario was accepted')
}

describe('scenario file format', () => {
  it('fills a minimal file with the defaults of a new non-gallery app', () => {
    const scenario: Scenario = parseScenario(file())
    expect(scenario.app).toEqual({ dialect: 'default2017', scope: 'assigned' })
    expect(scenario.directory.users[0].objectId).toBe(ALICE)
  })

  it('refuses another format or a newer version, naming the field', () => {
    expect(refusal(file({ format: 'postman' }))).toMatchObject({ path: 'format', message: expect.stringContaining('format must be "scim-harness-scenario"') })
    expect(refusal(file({ version: 2 }))).toMatchObject({ path: 'version', message: expect.stringContaining('version must be 1') })
  })

  it('names the JSON path of a bad user in the directory', () => {
    const bad = file()
    ;(bad.directory as { users: Record<string, unknown>[] }).users[0].mail = 'not-an-email'
    expect(refusal(bad).path).toBe('directory.users[0].mail')
  })

  it('refuses a step that names a user who is not in the directory, at load time', () => {
    const error = refusal(file({ steps: [{ action: 'assignUser', user: 'bob@contoso.com' }] }))
    expect(error.path).toBe('steps[0].user')
    expect(error.message).toContain("No user 'bob@contoso.com' in the directory")
  })

  it('accepts users by objectId or userPrincipalName and groups by objectId or displayName, in any case', () => {
    const steps = [
      { action: 'assignUser', user: ALICE.toUpperCase() },
      { action: 'assignGroup', group: 'sales' },
      { action: 'removeMember', group: SALES, member: 'ALICE@contoso.com' },
    ]
    expect(parseScenario(file({ steps })).steps).toHaveLength(3)
  })

  it('lists the known actions when a step has an unknown one', () => {
    const error = refusal(file({ steps: [{ action: 'syncNow', user: ALICE }] }))
    expect(error.path).toBe('steps[0].action')
    expect(error.message).toContain('action must be one of assignUser')
    expect(error.message).toContain('advanceClock')
  })

  it('accepts the job-level steps: testConnection, provisionOnDemand, startProvisioning, stopProvisioning, advanceClock', () => {
    const steps = [
      { action: 'testConnection', expectSuccess: false, expectMessageContains: 'HTTP/404' },
      { action: 'testConnection' },
      { action: 'provisionOnDemand', user: 'alice@contoso.com', expectAction: 'create' },
      { action: 'provisionOnDemand', group: 'Sales', members: [ALICE] },
      { action: 'startProvisioning' },
      { action: 'advanceClock', minutes: 40 },
      { action: 'stopProvisioning', note: 'Off' },
    ]
    expect(parseScenario(file({ steps })).steps.map((s) => s.action)).toEqual(steps.map((s) => s.action))
  })

  it('accepts allowDeletes and the accidental-deletions settings of the app, and refuses a threshold under 1', () => {
    const parsed = parseScenario(
      file({ app: { preventAccidentalDeletions: true, accidentalDeletionThreshold: 2 }, steps: [{ action: 'allowDeletes', note: 'reviewed' }] }),
    )
    expect(parsed.app).toMatchObject({ preventAccidentalDeletions: true, accidentalDeletionThreshold: 2 })
    expect(parsed.steps).toEqual([{ action: 'allowDeletes', note: 'reviewed' }])
    expect(refusal(file({ app: { accidentalDeletionThreshold: 0 } }))).toMatchObject({
      path: 'app.accidentalDeletionThreshold',
      message: expect.stringContaining('at least 1'),
    })
    expect(refusal(file({ app: { accidentalDeletionThreshold: 2.5 } })).path).toBe('app.accidentalDeletionThreshold')
    expect(refusal(file({ steps: [{ action: 'syncNow' }] })).message).toContain('allowDeletes')
  })

  it('names the JSON path of a bad job-level step', () => {
    expect(refusal(file({ steps: [{ action: 'testConnection', expectSuccess: 'yes' }] })).path).toBe('steps[0].expectSuccess')
    expect(refusal(file({ steps: [{ action: 'advanceClock', minutes: 0 }] }))).toMatchObject({
      path: 'steps[0].minutes',
      message: expect.stringContaining('more than 0'),
    })
    expect(refusal(file({ steps: [{ action: 'advanceClock' }] })).path).toBe('steps[0].minutes')
    expect(refusal(file({ steps: [{ action: 'provisionOnDemand', user: ALICE, expectAction: 'provision' }] })).path).toBe('steps[0].expectAction')
    expect(refusal(file({ steps: [{ action: 'provisionOnDemand' }] })).message).toContain('exactly one subject')
    expect(refusal(file({ steps: [{ action: 'provisionOnDemand', user: ALICE, group: 'Sales' }] })).message).toContain('exactly one subject')
    expect(refusal(file({ steps: [{ action: 'provisionOnDemand', user: ALICE, members: [ALICE] }] })).path).toBe('steps[0].members')
    expect(refusal(file({ steps: [{ action: 'provisionOnDemand', group: 'Marketing' }] })).path).toBe('steps[0].group')
    const unknownMember = refusal(file({ steps: [{ action: 'provisionOnDemand', group: 'Sales', members: [ALICE, 'bob@contoso.com'] }] }))
    expect(unknownMember).toMatchObject({ path: 'steps[0].members[1]', message: expect.stringContaining("No user 'bob@contoso.com'") })
    expect(refusal(file({ steps: [{ action: 'provisionOnDemand', group: 'Sales', members: Array(6).fill(ALICE) }] })).message).toContain('at most 5 members')
    expect(refusal(file({ steps: [{ action: 'startProvisioning', kind: 'initial' }] })).path).toMatch(/^steps\[0\]/)
  })

  it('requires exactly one subject and at least one check in an expect step', () => {
    expect(refusal(file({ steps: [{ action: 'expect', user: ALICE, userName: 'alice@contoso.com', exists: true }] })).message).toContain('exactly one subject')
    expect(refusal(file({ steps: [{ action: 'expect', user: ALICE }] })).message).toContain('at least one check')
    expect(refusal(file({ steps: [{ action: 'expect', group: 'Sales', active: true }] })).path).toBe('steps[0].active')
    expect(refusal(file({ steps: [{ action: 'expect', user: ALICE, memberCount: 1 }] })).path).toBe('steps[0].memberCount')
  })

  it("validates custom mappings with the mapping editor's rules", () => {
    const userMappings = [{ id: 'm1', type: 'direct', source: '[mail]', target: 'userName', applyOn: 'always' }]
    const error = refusal(file({ app: { userMappings } }))
    expect(error.path).toBe('app.userMappings[0].source')
    expect(error.message).toContain('without the brackets')
  })

  it('refuses an editUser patch with an unknown attribute', () => {
    expect(refusal(file({ steps: [{ action: 'editUser', user: ALICE, set: { shoeSize: 42 } }] })).path).toMatch(/^steps\[0\]\.set/)
  })

  it('reports text that is not JSON as a ScenarioError', () => {
    expect(() => parseScenarioText('{ "format": ')).toThrow(/The scenario is not JSON/)
  })
})
