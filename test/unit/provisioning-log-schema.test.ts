import { describe, expect, it } from 'vitest'
import { LogEntryDraft } from '../../src/main/core/azure/engine/provisioning-log'
import { maskedRequest } from '../../src/main/core/azure/engine/exchange'
import { provisioningLogEntrySchema, scenarioReportSchema } from '../../src/shared/console/provisioning-log-schema'
import { consoleErrorCodeSchema } from '../../src/shared/console/console-error-codes'

/*
 * The contract owns the simulator's records (issue 15, item 1): the engine builds them with the
 * types only, and the console boundary checks them against these strict schemas. These checks
 * show both halves: what the engine builds passes, and a field the contract does not know fails.
 */

function builtEntry() {
  const draft = new LogEntryDraft({
    id: 'log-1',
    cycleId: 'c-1',
    changeId: 'ch-1',
    activityDateTime: '2030-01-01T00:00:00.000Z',
    source: { id: 'u-1', displayName: 'adele@contoso.com', type: 'User' },
  })
  draft.step('Import', 'EntryImportAdd', 'Success', 'Received User change', { userPrincipalName: 'adele@contoso.com' })
  draft.exchange({
    request: maskedRequest({ method: 'POST', url: 'http://127.0.0.1/scim/v2/Users', headers: { Authorization: 'Bearer secret' }, body: '{}' }),
    response: { status: 201, headers: { 'content-type': 'application/scim+json' }, body: '{"id":"t-1"}' },
    startedAt: '2030-01-01T00:00:00.000Z',
    durationMs: 3,
  })
  draft
    .target('t-1')
    .outcome('Create', 'Success')
    .modified([{ displayName: 'userPrincipalName', oldValue: null, newValue: 'adele@contoso.com' }])
  return draft.finish()
}

describe('the contract for provisioning log entries', () => {
  it('accepts an entry as the engine builds it, the token masked in its exchange', () => {
    const entry = builtEntry()
    expect(provisioningLogEntrySchema.parse(entry)).toEqual(entry)
    expect(entry.exchanges[0].request.headers.Authorization).toBe('Bearer ****')
  })

  it('refuses a field the contract does not name, so the engine and the contract cannot drift apart', () => {
    expect(() => provisioningLogEntrySchema.parse({ ...builtEntry(), retries: 2 })).toThrow(/retries/)
    expect(() => provisioningLogEntrySchema.parse({ ...builtEntry(), action: 'Upsert' })).toThrow()
  })

  it("refuses a scenario report step whose status is not one of the report's", () => {
    const report = { scenario: 's', passed: true, cancelled: false, steps: [{ index: 0, kind: 'runCycle', status: 'done', detail: '' }], expectations: [] }
    expect(() => scenarioReportSchema.parse(report)).toThrow()
    expect(scenarioReportSchema.parse({ ...report, steps: [{ ...report.steps[0], status: 'ok' }] }).passed).toBe(true)
  })
})

describe('the console error codes', () => {
  it('know the codes the console sends, in both families, and not the one it never sent', () => {
    for (const code of ['invalid-input', 'not-found', 'offline', 'noDefaultCal', 'userNotFound', 'tooManyMembers', 'invalidScenario', 'ngrokAuthtokenMissing'])
      expect(consoleErrorCodeSchema.safeParse(code).success, code).toBe(true)
    expect(consoleErrorCodeSchema.safeParse('not-built').success).toBe(false)
  })
})
