import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCsv, importUsersCsv, readCsv, sequentialIdGenerator } from '../../src/main/core/azure/directory'
import { expectDirectoryError, smallTenant } from './azure-directory-helpers'

const records = (text: string) => [...readCsv(text)]
const ids = () => sequentialIdGenerator('c5')

describe('readCsv (RFC 4180)', () => {
  it('reads quoted values holding commas, doubled quotes and line breaks, numbering lines as an editor does', () => {
    const text = 'a,b,c\r\n"Vance, Adele","say ""hi""","line one\nline two"\r\nx,y,z'
    expect(records(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['Vance, Adele', 'say "hi"', 'line one\nline two'] },
      { line: 4, fields: ['x', 'y', 'z'] },
    ])
  })

  it('skips a BOM and blank lines, and accepts LF, CRLF and lone CR', () => {
    expect(records('\uFEFFa,b\n\nc,d\re,f\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c', 'd'] },
      { line: 4, fields: ['e', 'f'] },
    ])
  })

  it('keeps empty values, including a trailing one', () => {
    expect(records('a,,b,')).toEqual([{ line: 1, fields: ['a', '', 'b', ''] }])
  })

  it('reports a quote never closed, and text after a closing quote', () => {
    expect(records('a,"open\nb,c')[0].error).toContain('never closed')
    const [record] = records('"ab"cd,e')
    expect(record.error).toContain('after the closing quote')
    expect(record.fields).toEqual(['abcd', 'e'])
  })

  it('keeps a quote inside an unquoted value as a character, as Excel does', () => {
    expect(records('5" screen,x')[0]).toEqual({ line: 1, fields: ['5" screen', 'x'] })
  })

  it('reads back whatever formatCsv writes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é') }), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          expect(records(formatCsv(rows)).map((r) => r.fields)).toEqual(rows)
        },
      ),
    )
  })
})

describe('importUsersCsv', () => {
  const header = 'userPrincipalName,displayName,givenName,surname,jobTitle,department,managerUserPrincipalName,accountEnabled'

  it('imports users with Graph column names in any case, managers resolved within the file', () => {
    const text = [
      'UserPrincipalName,DISPLAYNAME,givenname,Surname,JobTitle,Department,ManagerUserPrincipalName,accountenabled,mobile,city,country,employeeId',
      'alex@contoso.com,Alex Wilber,Alex,Wilber,Seller,Sales,adele@contoso.com,true,+1 425 555 0101,Seattle,United States,1002',
      'adele@contoso.com,Adele Vance,Adele,Vance,Director,Sales,,TRUE,,Seattle,United States,1001',
    ].join('\r\n')
    const { users, errors, ignoredColumns } = importUsersCsv(text, { newId: ids() })
    expect(errors).toEqual([])
    expect(ignoredColumns).toEqual([])
    expect(users[0]).toEqual({
      objectId: '000000c5-0000-4000-8000-000000000001',
      userPrincipalName: 'alex@contoso.com',
      mailNickname: 'alex',
      displayName: 'Alex Wilber',
      givenName: 'Alex',
      surname: 'Wilber',
      jobTitle: 'Seller',
      department: 'Sales',
      mobile: '+1 425 555 0101',
      city: 'Seattle',
      country: 'United States',
      employeeId: '1002',
      managerId: users[1].objectId,
      accountEnabled: true,
    })
    expect(users[1].managerId).toBeUndefined()
  })

  it('reads quoted values with commas, quotes and line breaks, after a BOM', () => {
    const text = `\uFEFF${header},streetAddress\n"o'brien@contoso.com","O'Brien, Seán","Seán","O'Brien","The ""Closer""",Sales,,yes,"1 Main St\nSuite 5"`
    const { users, errors } = importUsersCsv(text, { newId: ids() })
    expect(errors).toEqual([])
    expect(users[0]).toMatchObject({
      userPrincipalName: "o'brien@contoso.com",
      displayName: "O'Brien, Seán",
      jobTitle: 'The "Closer"',
      streetAddress: '1 Main St\nSuite 5',
    })
  })

  it('reports bad rows by line and keeps the good ones', () => {
    const text = [
      header,
      'good1@contoso.com,Good One,,,,,,true',
      'bad boolean@contoso.com,Bad,,,,,,maybe',
      'good2@contoso.com,"Good\nTwo",,,,,,false',
      'good3@contoso.com,Bad Boolean,,,,,,maybe',
      'not-a-upn,X,,,,,,',
      'GOOD1@contoso.com,Duplicate,,,,,,',
      'short@contoso.com,only three',
    ].join('\n')
    const { users, errors } = importUsersCsv(text, { newId: ids() })
    expect(users.map((u) => u.userPrincipalName)).toEqual(['good1@contoso.com', 'good2@contoso.com'])
    expect(users[1].accountEnabled).toBe(false)
    expect(errors.map((e) => e.line)).toEqual([3, 6, 7, 8, 9])
    expect(errors[0].message).toContain("accountEnabled must be true or false (or yes/no, 1/0), not 'maybe'")
    expect(errors[2].message).toMatch(/^userPrincipalName: 'not-a-upn' is not a user principal name/)
    expect(errors[3].message).toBe('userPrincipalName GOOD1@contoso.com is already used on line 2 (names are compared ignoring case).')
    expect(errors[4].message).toContain('has 2 values but the header has 8 columns')
  })

  it('refuses a manager found nowhere, and the reports of a refused manager, down the chain', () => {
    const text = [
      header,
      'a@contoso.com,A,,,,,ghost@contoso.com,',
      'b@contoso.com,B,,,,,a@contoso.com,',
      'c@contoso.com,C,,,,,b@contoso.com,',
      'd@contoso.com,D,,,,,bad@contoso.com,',
      'bad@contoso.com,Bad,,,,,,perhaps',
    ].join('\n')
    const { users, errors } = importUsersCsv(text, { newId: ids() })
    expect(users).toEqual([])
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'The manager ghost@contoso.com is not a user of this file: import the manager too, or leave managerUserPrincipalName empty.'],
      [3, 'The manager a@contoso.com (line 2) was not imported, so this row is not either: fix line 2 first.'],
      [4, 'The manager b@contoso.com (line 3) was not imported, so this row is not either: fix line 3 first.'],
      [5, 'The manager bad@contoso.com (line 6) was not imported, so this row is not either: fix line 6 first.'],
      [6, "accountEnabled must be true or false (or yes/no, 1/0), not 'perhaps'."],
    ])
  })

  it('refuses a user managing itself and managers that loop', () => {
    const text = [
      header,
      'self@contoso.com,S,,,,,SELF@contoso.com,',
      'x@contoso.com,X,,,,,y@contoso.com,',
      'y@contoso.com,Y,,,,,x@contoso.com,',
      'z@contoso.com,Z,,,,,x@contoso.com,',
    ].join('\n')
    const { users, errors } = importUsersCsv(text, { newId: ids() })
    expect(users).toEqual([])
    expect(errors[0].message).toBe('self@contoso.com cannot be its own manager.')
    expect(errors[1].message).toContain('The managers form a loop (x@contoso.com → y@contoso.com → x@contoso.com)')
    expect(errors[2].message).toContain('loop')
    expect(errors[3].message).toContain('(line 3) was not imported')
  })

  it('resolves managers and refuses taken UPNs against an existing directory', () => {
    const { directory, adele } = smallTenant()
    const text = [header, 'new@contoso.com,New,,,,,ADELE.VANCE@contoso.com,', 'alex.wilber@contoso.com,Again,,,,,,'].join('\n')
    const { users, errors } = importUsersCsv(text, { newId: ids(), directory })
    expect(users.map((u) => [u.userPrincipalName, u.managerId])).toEqual([['new@contoso.com', adele.objectId]])
    expect(errors).toEqual([{ line: 3, message: 'userPrincipalName alex.wilber@contoso.com is already used by a user of the directory.' }])
    // the imported users then join the directory as one batch
    directory.addUsers(users)
    expect(directory.directReportsOf(adele.objectId)).toContain(users[0].objectId)
  })

  it('reports a missing userPrincipalName column, an empty file and a column given twice', () => {
    expect(importUsersCsv('displayName,mail\nA,a@contoso.com').errors[0]).toEqual({
      line: 1,
      message: "The header has no userPrincipalName column, which every user needs. Columns found: 'displayName', 'mail'.",
    })
    expect(importUsersCsv('').errors[0].message).toContain('The file is empty')
    expect(importUsersCsv('upn,userPrincipalName\na@x.com,a@x.com').errors[0].message).toContain(
      "Columns 1 ('upn') and 2 ('userPrincipalName') both hold userPrincipalName",
    )
  })

  it('reads an Entra export: id as objectId, Graph names, unknown columns listed as ignored', () => {
    const text =
      'userPrincipalName,displayName,id,mobilePhone,officeLocation,userType,createdDateTime\n' +
      'a@contoso.com,A,0A1B2C3D-0000-4000-8000-000000000001,+44 20 7946 0000,London,Member,2024-01-01'
    const { users, ignoredColumns } = importUsersCsv(text)
    expect(users[0]).toMatchObject({ objectId: '0a1b2c3d-0000-4000-8000-000000000001', mobile: '+44 20 7946 0000', physicalDeliveryOfficeName: 'London' })
    expect(ignoredColumns).toEqual(['userType', 'createdDateTime'])
  })

  it('reads Entra’s bulk-create template, where "Block sign in: Yes" means accountEnabled false', () => {
    const text = [
      'version:v1.0',
      'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname]',
      'Chris Green,chris@contoso.com,P@ssw0rd!,Yes,Chris,Green',
      'Dana Lee,dana@contoso.com,P@ssw0rd!,No,Dana,Lee',
    ].join('\r\n')
    const { users, errors, ignoredColumns } = importUsersCsv(text, { newId: ids() })
    expect(errors).toEqual([])
    expect(users.map((u) => [u.userPrincipalName, u.accountEnabled, u.givenName])).toEqual([
      ['chris@contoso.com', false, 'Chris'],
      ['dana@contoso.com', true, 'Dana'],
    ])
    expect(ignoredColumns).toEqual(['Initial password [passwordProfile] Required'])
  })

  it('splits proxyAddresses on semicolons and skips rows of empty cells', () => {
    const { users, errors } = importUsersCsv('userPrincipalName,proxyAddresses\na@contoso.com,SMTP:a@contoso.com; smtp:a@fabrikam.com\n,\n', { newId: ids() })
    expect(errors).toEqual([])
    expect(users).toHaveLength(1)
    expect(users[0].proxyAddresses).toEqual(['SMTP:a@contoso.com', 'smtp:a@fabrikam.com'])
  })

  it('refuses a file over the size or row limit with a clear error', () => {
    expect(expectDirectoryError(() => importUsersCsv('userPrincipalName\n' + 'x'.repeat(2000), { maxBytes: 1024 }), 'csvTooLarge').message).toContain(
      'larger than 0 MB',
    )
    // multi-byte characters count in UTF-8 bytes, not in UTF-16 characters
    expectDirectoryError(() => importUsersCsv('userPrincipalName\n' + 'é'.repeat(600), { maxBytes: 1024 }), 'csvTooLarge')
    const rows = ['userPrincipalName', ...Array.from({ length: 6 }, (_, i) => `u${i}@contoso.com`)].join('\n')
    expect(expectDirectoryError(() => importUsersCsv(rows, { maxRows: 5 }), 'csvTooLarge').message).toContain('more than 5 rows')
    expect(importUsersCsv(rows, { maxRows: 6 }).users).toHaveLength(6)
  })
})
