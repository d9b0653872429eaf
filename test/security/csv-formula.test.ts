import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCsv } from '../../src/main/core/azure/directory/csv'
import { consoleCall, startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * Attack: CSV (formula) injection through the provisioning-log download (issue 14, item 7).
 * Whoever can name a user in the source directory names them `=HYPERLINK("http://evil","x")`;
 * the admin downloads the provisioning logs as CSV to look at them in a spreadsheet, and the
 * spreadsheet runs the name as a formula (a link that leaks data, or, with DDE, a command).
 * The download must show such a cell as text, unless the admin asks for Entra's exact bytes.
 */

// (a leading tab or carriage return never reaches the log: the directory trims names; the unit
// tests of logsToCsv cover them)
const NAMES = ['=HYPERLINK("http://evil","x")', '@SUM(1)', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"]
const FORMULA_START = /^[=+\-@\t\r]/

let h: TestHarness

beforeAll(async () => {
  h = await startTestHarness()
})
afterAll(() => h.close())

const call = (method: string, input: unknown = {}): Promise<any> => consoleCall(h, method, input)

const cells = (text: string): string[][] => [...readCsv(text)].map((r) => r.fields)

describe('the provisioning-log CSV download does not carry formulas to a spreadsheet', () => {
  let files: { name: string; text: string }[]
  let raw: { name: string; text: string }[]
  let logs: any[]

  beforeAll(async () => {
    await call('sim.setupBuiltIn')
    const ids: string[] = []
    for (const [i, name] of NAMES.entries()) {
      const user = await call('sim.users.create', {
        user: {
          userPrincipalName: `formula${i}@contoso.com`,
          displayName: name,
          jobTitle: name,
          mailNickname: `formula${i}`,
          telephoneNumber: '+1 425 555 0100',
        },
      })
      ids.push(user.objectId)
    }
    await call('sim.assign', { userIds: ids })
    await call('sim.provisioning', { action: 'runNow' })
    const deadline = Date.now() + 30_000
    for (;;) {
      const state = await call('sim.state')
      if (!state.schedule.running && state.lastCycle) break
      if (Date.now() > deadline) throw new Error('no provisioning cycle finished')
      await new Promise((r) => setTimeout(r, 25))
    }
    files = (await call('sim.logs.export', { format: 'csv' })).files
    raw = (await call('sim.logs.export', { format: 'csv', neutraliseFormulas: false })).files
    logs = JSON.parse((await call('sim.logs.export', { format: 'json' })).files[0].text)
  })

  it('provisions the users with those names (the harness stores what Entra sends)', () => {
    const created = logs.filter((e) => e.action === 'Create' && e.status !== 'Failure').map((e) => e.sourceIdentity.displayName)
    expect(created.sort()).toEqual([...NAMES].sort())
  })

  it('by default, no cell of the three files starts like a formula: each such value gets a leading quote', () => {
    expect(files.map((f) => f.name)).toEqual(['ProvisioningLogs.csv', 'ProvisioningLogs_ProvisioningSteps.csv', 'ProvisioningLogs_ModifiedProperties.csv'])
    for (const file of files) for (const row of cells(file.text)) for (const cell of row) expect(cell, file.name).not.toMatch(FORMULA_START)

    const [header, ...rows] = cells(files[0].text)
    const names = rows.map((r) => r[header.indexOf('Source Identity Name')])
    for (const name of NAMES) expect(names).toContain(`'${name}`)
    const modified = cells(files[2].text).slice(1)
    expect(modified.find((r) => r[1] === 'jobTitle' && r[3] === `'${NAMES[0]}`)).toBeDefined()
    // OWASP's rule is applied whole: a phone number starting with + is quoted too
    expect(modified.filter((r) => r[3] === "'+1 425 555 0100").length).toBe(NAMES.length)
  })

  it('with neutraliseFormulas: false, writes the values byte for byte as they are', () => {
    expect(raw[0].text).toContain(',"=HYPERLINK(""http://evil"",""x"")",')
    const [header, ...rows] = cells(raw[0].text)
    const byChange = new Map(logs.map((e) => [e.changeId, e]))
    for (const row of rows) expect(row[header.indexOf('Source Identity Name')]).toBe(byChange.get(row[header.indexOf('Change ID')]).sourceIdentity.displayName)
    // the two downloads differ by the leading quotes and nothing else
    raw.forEach((file, f) => {
      const plain = cells(file.text)
      const neutral = cells(files[f].text)
      expect(neutral.length).toBe(plain.length)
      plain.forEach((row, r) => row.forEach((cell, c) => expect(neutral[r][c]).toBe(FORMULA_START.test(cell) ? `'${cell}` : cell)))
    })
  })
})
