import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Directory, sourceDirectorySchema, type SourceDirectory } from '../../src/main/core/azure/directory'
import { expectDirectoryError, newDirectory, smallTenant } from './azure-directory-helpers'

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

function scenario(): SourceDirectory {
  return {
    users: [
      { objectId: id(1), userPrincipalName: 'adele@contoso.com', mailNickname: 'adele', accountEnabled: true },
      { objectId: id(2), userPrincipalName: 'alex@contoso.com', mailNickname: 'alex', managerId: id(1), accountEnabled: false },
      { objectId: id(3), userPrincipalName: 'adele@contoso.com', mailNickname: 'adele', accountEnabled: true, softDeletedAt: '2030-01-01T00:00:00Z' },
    ],
    groups: [
      { objectId: id(10), displayName: 'Sales', memberIds: [id(2), id(11)] },
      { objectId: id(11), displayName: 'Sales EMEA', mailNickname: 'SalesEMEA', memberIds: [id(3)] },
    ],
  }
}

describe('Directory.toJSON and Directory.fromJSON', () => {
  it('round-trips a scenario directory, indexes rebuilt, change log starting empty', () => {
    const directory = Directory.fromJSON(scenario())
    expect(directory.toJSON()).toEqual(scenario())
    expect(directory.watermark()).toBe(0)
    expect(directory.directReportsOf(id(1))).toEqual([id(2)])
    expect(directory.groupsOf(id(11))).toEqual([id(10)])
    // the soft-deleted namesake does not hold the UPN
    expect(directory.findUserByUpn('ADELE@contoso.com')?.objectId).toBe(id(1))
  })

  it('hands out copies: changing the JSON changes nothing inside', () => {
    const { directory, alex, sales } = smallTenant()
    const json = directory.toJSON()
    json.users[0].displayName = 'Changed'
    json.groups[0].memberIds.push('x')
    expect(directory.getUser(json.users[0].objectId)?.displayName).toBe('Adele Vance')
    expect(directory.getGroup(sales.objectId)?.memberIds).toEqual([alex.objectId])
  })

  it('tidies values: trims texts, drops empty ones, lower-cases GUIDs', () => {
    const json = scenario()
    json.users[1] = { ...json.users[1], managerId: id(1).toUpperCase(), displayName: ' Alex ', city: '' }
    const directory = Directory.fromJSON(json)
    expect(directory.getUser(id(2))).toEqual({
      objectId: id(2),
      userPrincipalName: 'alex@contoso.com',
      mailNickname: 'alex',
      managerId: id(1),
      displayName: 'Alex',
      accountEnabled: false,
    })
  })

  const refusals: [string, (json: SourceDirectory) => void, RegExp][] = [
    ['a duplicate live UPN', (j) => (j.users[1].userPrincipalName = 'ADELE@contoso.com'), /users\[1\]\.userPrincipalName: .*already used by users\[0\]/],
    ['an objectId used twice', (j) => (j.groups[0].objectId = id(1)), /groups\[0\]\.objectId: objectId .* is already used by users\[0\]/],
    ['an unknown manager', (j) => (j.users[1].managerId = id(99)), /users\[1\]\.managerId: The manager .* is not a user/],
    ['a manager loop', (j) => (j.users[0].managerId = id(2)), /The managers form a loop: adele@contoso\.com → alex@contoso\.com → adele@contoso\.com/],
    ['a self manager', (j) => (j.users[0].managerId = id(1)), /cannot be its own manager/],
    ['an unknown member', (j) => j.groups[0].memberIds.push(id(98)), /groups\[0\]\.memberIds\[2\]: The member .* is neither a user nor a group/],
    ['a repeated member', (j) => j.groups[0].memberIds.push(id(2)), /listed twice/],
    ['a group inside itself', (j) => j.groups[0].memberIds.push(id(10)), /cannot be a member of itself/],
    [
      'a missing accountEnabled',
      (j) => delete (j.users[0] as Partial<SourceDirectory['users'][0]>).accountEnabled,
      /users\[0\]\.accountEnabled: accountEnabled must be true or false/,
    ],
    ['a non-GUID objectId', (j) => (j.users[0].objectId = 'user-1'), /users\[0\]\.objectId: An objectId must be a GUID/],
    ['an unknown key', (j) => ((j.users[0] as unknown as Record<string, unknown>).colour = 'blue'), /colour/],
    ['a softDeletedAt without timezone', (j) => (j.users[2].softDeletedAt = '2030-01-01T00:00:00'), /softDeletedAt must be an ISO timestamp/],
  ]
  it.each(refusals)('refuses %s with the JSON path in the message', (_, spoil, message) => {
    const json = scenario()
    spoil(json)
    const error = expectDirectoryError(() => Directory.fromJSON(json), 'invalidDirectory')
    expect(error.message).toMatch(/^The directory could not be loaded\. /)
    expect(error.message).toMatch(message)
  })

  it('refuses what is not a directory at all', () => {
    expect(expectDirectoryError(() => Directory.fromJSON(null), 'invalidDirectory').message).toContain('The directory could not be loaded')
    expectDirectoryError(() => Directory.fromJSON({ users: 'many' }), 'invalidDirectory')
  })

  it('lists a few problems at once and counts the rest', () => {
    const json = scenario()
    for (const user of json.users) user.mail = 'nope'
    json.groups[0].memberIds.push(id(97))
    expect(expectDirectoryError(() => Directory.fromJSON(json), 'invalidDirectory').message).toMatch(/\(1 more problem\)$/)
  })

  it('exposes the schema so scenario files can embed it', () => {
    expect(sourceDirectorySchema.safeParse(scenario()).success).toBe(true)
  })
})

describe('Directory invariants under any sequence of operations', () => {
  type Op = { name: string; a: number; b: number; text: string }
  const op = fc.record({
    name: fc.constantFrom(
      'addUser',
      'update',
      'manager',
      'block',
      'unblock',
      'softDelete',
      'restore',
      'hardDelete',
      'addGroup',
      'rename',
      'deleteGroup',
      'addMember',
      'removeMember',
      'advance',
    ),
    a: fc.nat(20),
    b: fc.nat(20),
    text: fc.constantFrom('a', 'b', 'c', 'A', 'Sales', ''),
  })

  it('keeps references valid, managers acyclic and toJSON → fromJSON lossless, whatever is refused', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops: Op[]) => {
        const { directory, clock } = newDirectory()
        for (const { name, a, b, text } of ops) {
          const users = directory.listUsers()
          const groups = directory.listGroups()
          const objects = [...users.map((u) => u.objectId), ...groups.map((g) => g.objectId)]
          const user = users[a % Math.max(users.length, 1)]?.objectId ?? 'none'
          const other = objects[b % Math.max(objects.length, 1)] ?? 'none'
          const group = groups[a % Math.max(groups.length, 1)]?.objectId ?? 'none'
          try {
            if (name === 'addUser') directory.addUser({ userPrincipalName: `${text || 'x'}${b}@contoso.com` })
            else if (name === 'update') directory.updateUser(user, { userPrincipalName: `${text || 'y'}${b}@contoso.com`, city: text })
            else if (name === 'manager') directory.updateUser(user, { managerId: other })
            else if (name === 'block') directory.blockSignIn(user)
            else if (name === 'unblock') directory.unblockSignIn(user)
            else if (name === 'softDelete') directory.softDelete(user)
            else if (name === 'restore') directory.restore(user)
            else if (name === 'hardDelete') directory.hardDelete(user, { force: b % 2 === 0 })
            else if (name === 'addGroup') directory.addGroup({ displayName: text || 'G' })
            else if (name === 'rename') directory.renameGroup(group, `${text}${b}`)
            else if (name === 'deleteGroup') directory.deleteGroup(group)
            else if (name === 'addMember') directory.addMember(group, other)
            else if (name === 'removeMember') directory.removeMember(group, other)
            else clock.advanceDays(b * 2)
          } catch (error) {
            if (!(error instanceof Error) || error.name !== 'DirectoryError') throw error
          }
        }
        const json = directory.toJSON()
        // the schema re-checks every rule between objects: a broken reference or a loop would fail here
        const reloaded = Directory.fromJSON(json)
        expect(reloaded.toJSON()).toEqual(json)
        for (const u of json.users) expect(reloaded.directReportsOf(u.objectId).sort()).toEqual(directory.directReportsOf(u.objectId).sort())
        for (const g of json.groups) for (const m of g.memberIds) expect(directory.groupsOf(m)).toContain(g.objectId)
        expect(directory.watermark()).toBe(directory.changeLogSince(0).length)
      }),
      { numRuns: 300 },
    )
  })
})
