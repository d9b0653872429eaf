import { describe, expect, it } from 'vitest'
import { readCsv } from '../../src/main/core/azure/directory/csv'
import { logsToCsv, logsToJson, type ProvisioningLogEntry } from '../../src/main/core/azure/engine'

// The provisioning log downloads (azure-ad-provisioning.md 10.3): JSON, and CSV as three files joined on the change ID.

function entry(changeId: string, overrides: Partial<ProvisioningLogEntry> = {}): ProvisioningLogEntry {
  return {
    id: `log-${changeId}`,
    cycleId: 'cycle-1',
    changeId,
    activityDateTime: '2024-05-01T10:00:00.000Z',
    action: 'Create',
    status: 'Success',
    steps: [
      { name: 'EntryImportAdd', type: 'Import', status: 'Success', description: `Received User '${changeId}' change of type (Add)`, details: {} },
      { name: 'EntryExportAdd', type: 'Export', status: 'Success', description: 'created', details: { id: `t-${changeId}` } },
    ],
    modifiedProperties: [{ displayName: 'displayName', oldValue: null, newValue: `User ${changeId}` }],
    sourceIdentity: { id: `s-${changeId}`, displayName: `User ${changeId}`, type: 'User' },
    targetIdentity: { id: `t-${changeId}`, displayName: `User ${changeId}`, type: 'User' },
    durationMs: 12,
    exchanges: [],
    ...overrides,
  }
}

const rows = (text: string): string[][] =>
  [...readCsv(text)].map((r) => {
    expect(r.error).toBeUndefined()
    return r.fields
  })

describe('logsToCsv', () => {
  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    const tricky = entry('c1', {
      status: 'Failure',
      statusInfo: { errorCode: 'SystemForCrossDomainIdentityManagementBadResponse', reason: 'The target said: "no", then\r\nhung up, twice' },
      modifiedProperties: [{ displayName: 'jobTitle', oldValue: 'Engineer, "Senior"', newValue: 'Lead\nEngineer' }],
    })
    const csv = logsToCsv([tricky])
    expect(csv.summary).toContain('"The target said: ""no"", then\r\nhung up, twice"')
    expect(csv.modifiedProperties.split('\r\n')[1]).toBe('c1,jobTitle,"Engineer, ""Senior""","Lead\nEngineer"')
    expect(csv.summary.startsWith('Date (UTC),ID,Cycle ID,Change ID,Action,Status,Error Code,Status Reason')).toBe(true)
  })

  it('writes three files that share the change IDs of the entries', () => {
    const csv = logsToCsv([entry('c1'), entry('c2', { modifiedProperties: [] })])
    const summary = rows(csv.summary)
    const steps = rows(csv.steps)
    const modified = rows(csv.modifiedProperties)
    const changeIds = summary.slice(1).map((r) => r[summary[0].indexOf('Change ID')])
    expect(changeIds).toEqual(['c1', 'c2'])
    expect(steps[0].slice(0, 3)).toEqual(['Change ID', 'Step Number', 'Name'])
    expect(steps.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['c1', '1', 'EntryImportAdd'],
      ['c1', '2', 'EntryExportAdd'],
      ['c2', '1', 'EntryImportAdd'],
      ['c2', '2', 'EntryExportAdd'],
    ])
    expect(modified).toEqual([
      ['Change ID', 'Property Name', 'Old Value', 'New Value'],
      ['c1', 'displayName', '', 'User c1'],
    ])
  })

  it('reads back through the CSV reader to the values it was given', () => {
    const nasty = 'a,b "c"\nd\r\ne, '
    const source = entry('c1', {
      sourceIdentity: { id: 's1', displayName: nasty, type: 'User' },
      steps: [{ name: 'EntryExportUpdate', type: 'Export', status: 'Failure', description: nasty, details: { reason: nasty } }],
      modifiedProperties: [{ displayName: 'department', oldValue: nasty, newValue: '' }],
    })
    const csv = logsToCsv([source])
    const [header, row] = rows(csv.summary)
    expect(row[header.indexOf('Source Identity Name')]).toBe(nasty)
    expect(row[header.indexOf('Duration (ms)')]).toBe('12')
    const [stepHeader, step] = rows(csv.steps)
    expect(step[stepHeader.indexOf('Description')]).toBe(nasty)
    expect(JSON.parse(step[stepHeader.indexOf('Details')])).toEqual({ reason: nasty })
    expect(rows(csv.modifiedProperties)[1]).toEqual(['c1', 'department', nasty, ''])
  })
})

describe('logsToCsv: formulas (CSV injection, OWASP)', () => {
  const FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    '@SUM(1)',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '\t=1+1',
    '\r=1+1',
    '-5',
    '+tag@contoso.com',
    '+1 425 555 0100',
  ]

  it('prefixes with a single quote every cell that starts with = + - @, a tab or a carriage return', () => {
    const csv = logsToCsv(
      FORMULAS.map((name, i) =>
        entry(`c${i}`, {
          sourceIdentity: { id: `s${i}`, displayName: name, type: 'User' },
          modifiedProperties: [{ displayName: 'displayName', oldValue: null, newValue: name }],
        }),
      ),
    )
    const [header, ...summary] = rows(csv.summary)
    expect(summary.map((r) => r[header.indexOf('Source Identity Name')])).toEqual(FORMULAS.map((f) => `'${f}`))
    expect(
      rows(csv.modifiedProperties)
        .slice(1)
        .map((r) => r[3]),
    ).toEqual(FORMULAS.map((f) => `'${f}`))
    // no cell of any file starts like a formula once read back
    for (const text of [csv.summary, csv.steps, csv.modifiedProperties])
      for (const row of rows(text)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('leaves every other value as it is', () => {
    for (const value of ["'=already quoted", ' =1+1', 'a=1', 'Ada Lovelace', '', '5', '{"id":"x"}']) {
      const csv = logsToCsv([entry('c1', { sourceIdentity: { id: 's1', displayName: value, type: 'User' } })])
      const [header, row] = rows(csv.summary)
      expect(row[header.indexOf('Source Identity Name')]).toBe(value)
    }
  })

  it('with neutraliseFormulas: false writes the values as they are, as Entra does', () => {
    const entries = FORMULAS.map((name, i) => entry(`c${i}`, { sourceIdentity: { id: `s${i}`, displayName: name, type: 'User' } }))
    const raw = logsToCsv(entries, { neutraliseFormulas: false })
    const [header, ...summary] = rows(raw.summary)
    expect(summary.map((r) => r[header.indexOf('Source Identity Name')])).toEqual(FORMULAS)
    expect(raw.summary).toContain(',"=HYPERLINK(""http://evil"",""x"")",')
    // and without formulas in the data the two are the same bytes
    expect(logsToCsv([entry('c1')], { neutraliseFormulas: false })).toEqual(logsToCsv([entry('c1')]))
  })
})

describe('logsToJson', () => {
  it('writes a compact array keyed action, statusInfo and changeId, as the portal download', () => {
    const json = logsToJson([entry('c1', { status: 'Skipped', action: 'Other', statusInfo: { errorCode: 'RedundantExport', reason: 'in sync' } })])
    expect(json).not.toMatch(/\n/)
    const [parsed] = JSON.parse(json)
    expect(parsed).toMatchObject({ changeId: 'c1', action: 'Other', statusInfo: { errorCode: 'RedundantExport' } })
  })
})
