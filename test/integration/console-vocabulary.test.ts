import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leniencyCatalogue } from '../../src/main/core/scim/rule-catalogue'
import { SOURCE_GROUP_ATTRIBUTES, SOURCE_USER_ATTRIBUTES } from '../../src/main/core/azure/mappings'
import { DEFAULT_OPTIONS } from '../../src/main/core/simulator/simulator-session'
import type { Vocabulary } from '../../src/shared/console/vocabulary'
import { consoleCall, startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * vocabulary.get (issue 15, item 2): the words the screens share with the core come from the
 * core's own lists, over the real console API (the harness checks the answer against the
 * contract's schema), so a screen cannot drift from what the engine and the server use.
 */

let h: TestHarness
beforeAll(async () => {
  h = await startTestHarness()
})
afterAll(() => h.close())

describe('the console vocabulary', () => {
  it('serves the source attributes the mappings read, proxyAddresses and the computed ones included', async () => {
    const vocabulary = await consoleCall<Vocabulary>(h, 'vocabulary.get')
    expect(vocabulary.sourceAttributes.user).toEqual([...SOURCE_USER_ATTRIBUTES])
    expect(vocabulary.sourceAttributes.user).toEqual(expect.arrayContaining(['proxyAddresses', 'manager', 'accountEnabled', 'IsSoftDeleted', 'objectId']))
    expect(vocabulary.sourceAttributes.group).toEqual([...SOURCE_GROUP_ATTRIBUTES])
    expect(vocabulary.targetAttributes.user).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager')
    expect(vocabulary.sourceUserFieldLabels.userPrincipalName).toBe('User principal name')
  })

  it('serves every leniency rule of the server with its summary and source, for Traffic', async () => {
    const vocabulary = await consoleCall<Vocabulary>(h, 'vocabulary.get')
    expect(vocabulary.leniencyRules).toEqual(leniencyCatalogue().map(({ name, summary, source }) => ({ name, summary, source })))
    expect(vocabulary.leniencyRules.find((r) => r.name === 'string-boolean')?.summary).toMatch(/\w{4,}/)
  })

  it("serves the simulator's defaults", async () => {
    const vocabulary = await consoleCall<Vocabulary>(h, 'vocabulary.get')
    expect(vocabulary.simulatorDefaults).toEqual({ options: DEFAULT_OPTIONS, cycleIntervalMs: 40 * 60_000 })
  })
})
