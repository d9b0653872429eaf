import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseScenarioText, runScenario } from '../../src/main/core/azure/scenarios'
import { startTestHarness, type TestHarness } from '../helpers/harness'

// Every scenario shipped under resources/scenarios/ must replay green against the built-in server.

const EXAMPLES = join(__dirname, '..', '..', 'resources', 'scenarios')
const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'))

let h: TestHarness
beforeEach(async () => {
  h = await startTestHarness()
})
afterEach(async () => {
  await h.close()
})

describe('shipped example scenarios', () => {
  it('ships the classic Azure problems', () => {
    expect(files).toEqual(
      expect.arrayContaining(['string-booleans.json', 'member-removal.json', 'manager-as-string.json', 'duplicate-username.json', 'test-probe-404.json']),
    )
  })

  it.each(files)('%s passes every expectation against the built-in server', async (file) => {
    const scenario = parseScenarioText(readFileSync(join(EXAMPLES, file), 'utf8'))
    const report = await runScenario(scenario, { tenantUrl: h.baseUri, token: h.token, inspectCal: (id) => h.harness.store.getUser(id)?.cal })
    expect(report.steps.filter((s) => s.status !== 'ok')).toEqual([])
    expect(report.expectations.filter((e) => !e.passed)).toEqual([])
    expect(report.expectations.length).toBeGreaterThan(0)
    expect(report.passed).toBe(true)
  })
})
