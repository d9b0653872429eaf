import { describe, expect, it } from 'vitest'
import { asciiNamePart, Directory, findManagerCycle, generateDirectory, isGuid, sourceDirectorySchema, upnProblem } from '../../src/main/core/azure/directory'
import { expectDirectoryError } from './azure-directory-helpers'

describe('generateDirectory', () => {
  it('makes byte-identical tenants from the same seed, and different ones from another seed', () => {
    const a = JSON.stringify(generateDirectory({ users: 500, groups: 40, seed: 'contoso' }))
    const b = JSON.stringify(generateDirectory({ users: 500, groups: 40, seed: 'contoso' }))
    const c = JSON.stringify(generateDirectory({ users: 500, groups: 40, seed: 'fabrikam' }))
    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })

  it('reads a number seed as its text', () => {
    expect(generateDirectory({ users: 20, groups: 2, seed: 7 })).toEqual(generateDirectory({ users: 20, groups: 2, seed: '7' }))
  })

  it('keeps the same users when only the number of groups changes', () => {
    expect(generateDirectory({ users: 200, groups: 5, seed: 's' }).users).toEqual(generateDirectory({ users: 200, groups: 50, seed: 's' }).users)
  })

  it('makes exactly the requested numbers of users and groups, all valid by the scenario schema', () => {
    for (const [users, groups] of [
      [1, 0],
      [10, 3],
      [1000, 250],
    ]) {
      const directory = generateDirectory({ users, groups, seed: 'sizes' })
      expect(directory.users).toHaveLength(users)
      expect(directory.groups).toHaveLength(groups)
      const parsed = sourceDirectorySchema.safeParse(directory)
      expect(parsed.success, parsed.success ? '' : parsed.error.issues[0].message).toBe(true)
    }
  })

  it('gives realistic, unique identities: given.surname UPNs on the domain, GUID objectIds, unique employee ids', () => {
    const { users } = generateDirectory({ users: 5000, groups: 0, seed: 'people', domain: 'Fabrikam.onmicrosoft.com' })
    const upns = new Set(users.map((u) => u.userPrincipalName.toLowerCase()))
    expect(upns.size).toBe(users.length)
    expect(new Set(users.map((u) => u.objectId)).size).toBe(users.length)
    expect(new Set(users.map((u) => u.employeeId)).size).toBe(users.length)
    // one expect over all users: 5,000 users × 8 expects took over a second
    const misfits = users.filter(
      (user) =>
        !isGuid(user.objectId) ||
        upnProblem(user.userPrincipalName) !== undefined ||
        !/^[a-z-]+\.[a-z-]+\d*@fabrikam\.onmicrosoft\.com$/.test(user.userPrincipalName) ||
        user.mailNickname !== user.userPrincipalName.split('@')[0] ||
        user.displayName !== `${user.givenName} ${user.surname}` ||
        !user.userPrincipalName.startsWith(`${asciiNamePart(user.givenName as string)}.${asciiNamePart(user.surname as string)}`) ||
        user.mail !== user.userPrincipalName ||
        !(user.jobTitle && user.department && user.city && user.country && user.streetAddress && user.postalCode && user.preferredLanguage),
    )
    expect(misfits).toEqual([])
    // collisions are numbered, as admins do: john.smith, john.smith2
    expect(users.some((u) => /\d@/.test(u.userPrincipalName))).toBe(true)
    // names from several cultures, diacritics kept in displayName
    // eslint-disable-next-line no-control-regex -- "not ASCII" spans the control characters too
    expect(users.some((u) => /[^\x00-\x7f]/.test(u.displayName as string))).toBe(true)
    expect(new Set(users.map((u) => u.country)).size).toBeGreaterThan(10)
  })

  it('folds names to ASCII for UPNs the way admins write them', () => {
    expect(asciiNamePart('Müller')).toBe('muller')
    expect(asciiNamePart('Łukasz')).toBe('lukasz')
    expect(asciiNamePart("O'Brien")).toBe('obrien')
    expect(asciiNamePart('van den Berg')).toBe('vandenberg')
    expect(asciiNamePart('Weiß')).toBe('weiss')
    expect(asciiNamePart('Min-jun')).toBe('min-jun')
  })

  it('builds one acyclic manager tree under a CEO, with managers in the same department as their reports', () => {
    const { users } = generateDirectory({ users: 3000, groups: 0, seed: 'tree' })
    const byId = new Map(users.map((u) => [u.objectId, u]))
    expect(findManagerCycle(byId)).toBeUndefined()
    const roots = users.filter((u) => u.managerId === undefined)
    expect(roots.map((u) => u.jobTitle)).toEqual(['Chief Executive Officer'])
    for (const user of users) {
      if (!user.managerId) continue
      const manager = byId.get(user.managerId)
      expect(manager).toBeDefined()
      if (manager?.managerId) expect(manager.department).toBe(user.department)
    }
    const reportCounts = new Map<string, number>()
    for (const user of users) if (user.managerId) reportCounts.set(user.managerId, (reportCounts.get(user.managerId) ?? 0) + 1)
    expect(Math.max(...[...reportCounts].filter(([id]) => byId.get(id)?.managerId).map(([, n]) => n))).toBeLessThanOrEqual(7)
  })

  it('blocks sign-in for about 1% of users', () => {
    const { users } = generateDirectory({ users: 10_000, groups: 0, seed: 'blocked' })
    const blocked = users.filter((u) => !u.accountEnabled).length
    expect(blocked).toBeGreaterThan(50)
    expect(blocked).toBeLessThan(150)
  })

  it('names groups after departments, regions, offices, teams and CALs, with existing, distinct direct members', () => {
    const { users, groups } = generateDirectory({ users: 2000, groups: 300, seed: 'groups' })
    const ids = new Set(users.map((u) => u.objectId))
    const names = groups.map((g) => g.displayName)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(
      expect.arrayContaining(['VIDIZMO Viewers', 'Sales', 'Sales EMEA', 'Video Production Managers', 'London Office', 'Platform Team', 'Project Falcon']),
    )
    for (const group of groups) {
      expect(new Set(group.memberIds).size).toBe(group.memberIds.length)
      for (const member of group.memberIds) expect(ids.has(member)).toBe(true)
    }
    const byId = new Map(users.map((u) => [u.objectId, u]))
    const salesEmea = groups.find((g) => g.displayName === 'Sales EMEA')
    expect(salesEmea?.memberIds.length).toBeGreaterThan(0)
    for (const member of salesEmea?.memberIds ?? []) expect(byId.get(member)?.department).toBe('Sales')
  })

  it('gives every group exactly membersPerGroup members when asked, topping up small pools', () => {
    const { groups } = generateDirectory({ users: 300, groups: 120, seed: 'bench', membersPerGroup: 50 })
    expect(groups.every((g) => g.memberIds.length === 50 && new Set(g.memberIds).size === 50)).toBe(true)
    const tiny = generateDirectory({ users: 10, groups: 3, seed: 'bench', membersPerGroup: 50 })
    expect(tiny.groups.every((g) => g.memberIds.length === 10)).toBe(true)
  })

  it('loads into a Directory without re-validation, equal to the JSON path', () => {
    const options = { users: 300, groups: 20, seed: 'load' }
    const generated = Directory.generate(options)
    expect(generated.toJSON()).toEqual(Directory.fromJSON(generateDirectory(options)).toJSON())
    expect(generated.watermark()).toBe(0)
  })

  it('generates 10,000 users and 1,000 groups deterministically (100,000 is measured in the report)', () => {
    const first = generateDirectory({ users: 10_000, groups: 1000, seed: 'large' })
    const second = generateDirectory({ users: 10_000, groups: 1000, seed: 'large' })
    expect(first.users).toHaveLength(10_000)
    expect(first.groups).toHaveLength(1000)
    expect(JSON.stringify(second)).toBe(JSON.stringify(first))
  })

  it.each([
    [{ users: 0, groups: 0, seed: 1 }, 'users'],
    [{ users: 200_001, groups: 0, seed: 1 }, 'users'],
    [{ users: 1.5, groups: 0, seed: 1 }, 'users'],
    [{ users: 10, groups: -1, seed: 1 }, 'groups'],
    [{ users: 10, groups: 1, seed: Number.NaN }, 'seed'],
    [{ users: 10, groups: 1, seed: 1, domain: 'not a domain' }, 'is not a domain name'],
    [{ users: 10, groups: 1, seed: 1, membersPerGroup: -2 }, 'membersPerGroup'],
  ])('refuses options out of bounds: %o', (options, word) => {
    expect(expectDirectoryError(() => generateDirectory(options), 'invalidGeneratorOptions').message).toContain(word)
  })
})

describe('generating in steps', () => {
  it('yields five phases and ends with the same directory generateDirectory makes', async () => {
    const { generateDirectory, generateDirectoryInSteps, Directory } = await import('../../src/main/core/azure/directory')
    const options = { users: 300, groups: 12, seed: 'steps' }
    const steps = generateDirectoryInSteps(options)
    const phases: number[] = []
    let next = steps.next()
    while (!next.done) {
      phases.push(next.value.done)
      next = steps.next()
    }
    expect(phases).toEqual([1, 2, 3, 4])
    expect(next.value).toEqual(generateDirectory(options))
    const inSteps = Directory.generateInSteps(options)
    let last = inSteps.next()
    while (!last.done) last = inSteps.next()
    expect(last.value.toJSON()).toEqual(Directory.generate(options).toJSON())
  })
})
