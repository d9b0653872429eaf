import { describe, expect, it } from 'vitest'
import { ENTERPRISE, aGroup, aUser, memberValues, members, patchGroup, patchUser } from './patch-fixtures'

// Standard RFC 7644 section 3.5.2 semantics, for Users and Groups.

describe('PATCH add (RFC 7644 3.5.2.1)', () => {
  it('sets a single-valued attribute the user lacks', () => {
    const { result } = patchUser(aUser(), { op: 'add', path: 'nickName', value: 'Babs' })
    expect(result.nickName).toBe('Babs')
  })

  it('resolves attribute names ignoring case and stores them canonically', () => {
    const { result } = patchUser(aUser(), { op: 'add', path: 'NAME.GIVENNAME', value: 'Al' }, { op: 'add', path: 'Title', value: 'CTO' })
    expect(result.name).toEqual({ givenName: 'Al', familyName: 'Example' })
    expect(result.title).toBe('CTO')
  })

  it('appends to a multi-valued attribute without duplicating an identical value', () => {
    const user = aUser({ emails: [{ type: 'work', value: 'a@contoso.com' }] })
    const { result } = patchUser(user, {
      op: 'add',
      path: 'emails',
      value: [
        { value: 'a@contoso.com', type: 'work' },
        { type: 'home', value: 'a@home.example' },
      ],
    })
    expect(result.emails).toEqual([
      { type: 'work', value: 'a@contoso.com' },
      { type: 'home', value: 'a@home.example' },
    ])
  })

  it('merges sub-attributes into a complex attribute', () => {
    const { result } = patchUser(aUser(), { op: 'add', path: 'name', value: { middleName: 'Q' } })
    expect(result.name).toEqual({ givenName: 'Alice', familyName: 'Example', middleName: 'Q' })
  })

  it('merges into the element a value filter matches', () => {
    const user = aUser({ emails: [{ type: 'work', value: 'a@contoso.com' }] })
    const { result } = patchUser(user, { op: 'add', path: 'emails[type eq "work"]', value: { display: 'Work' } })
    expect(result.emails).toEqual([{ type: 'work', value: 'a@contoso.com', display: 'Work' }])
  })

  it('clears the other primary when a new primary email is added (RFC 7643 2.4)', () => {
    const user = aUser({ emails: [{ type: 'work', value: 'a@contoso.com', primary: true }] })
    const { result } = patchUser(user, { op: 'add', path: 'emails', value: [{ type: 'home', value: 'a@home.example', primary: true }] })
    expect(result.emails).toEqual([
      { type: 'work', value: 'a@contoso.com', primary: false },
      { type: 'home', value: 'a@home.example', primary: true },
    ])
  })

  it('adds group members, keeping the existing ones', () => {
    const { result } = patchGroup(aGroup(['a']), { op: 'add', path: 'members', value: [{ value: 'b', type: 'User' }] })
    expect(members(result)).toEqual([{ value: 'a' }, { value: 'b', type: 'User' }])
  })

  it('sets an enterprise attribute by its URN-qualified path', () => {
    const { result } = patchUser(aUser(), { op: 'add', path: `${ENTERPRISE}:department`, value: 'R&D' })
    expect(result[ENTERPRISE]).toEqual({ department: 'R&D' })
  })

  it('sets manager.value by sub-attribute path', () => {
    const { result } = patchUser(aUser(), { op: 'add', path: `${ENTERPRISE}:manager.value`, value: '271' })
    expect(result[ENTERPRISE]).toEqual({ manager: { value: '271' } })
  })

  it('sets several attributes from one path-less value with nested objects', () => {
    const { result } = patchUser(aUser(), {
      op: 'add',
      value: { title: 'CTO', name: { middleName: 'Q' }, emails: [{ type: 'work', value: 'a@contoso.com' }] },
    })
    expect(result.title).toBe('CTO')
    expect(result.name).toEqual({ givenName: 'Alice', familyName: 'Example', middleName: 'Q' })
    expect(result.emails).toEqual([{ type: 'work', value: 'a@contoso.com' }])
  })
})

describe('PATCH replace (RFC 7644 3.5.2.3)', () => {
  it('renames a group', () => {
    const { result } = patchGroup(aGroup(['a']), { op: 'Replace', path: 'displayName', value: 'newName' })
    expect(result.displayName).toBe('newName')
    expect(memberValues(result)).toEqual(['a'])
  })

  it('replaces the whole array of a multi-valued attribute', () => {
    const user = aUser({
      emails: [
        { type: 'work', value: 'old@contoso.com' },
        { type: 'home', value: 'h@home.example' },
      ],
    })
    const { result } = patchUser(user, { op: 'replace', path: 'emails', value: [{ type: 'work', value: 'new@contoso.com' }] })
    expect(result.emails).toEqual([{ type: 'work', value: 'new@contoso.com' }])
  })

  it('replaces all group members', () => {
    const { result } = patchGroup(aGroup(['a', 'b']), { op: 'replace', path: 'members', value: [{ value: 'c' }] })
    expect(memberValues(result)).toEqual(['c'])
  })

  it('replaces only the sub-attributes given for a complex attribute', () => {
    const { result } = patchUser(aUser(), { op: 'replace', path: 'name', value: { givenName: 'Alicia' } })
    expect(result.name).toEqual({ givenName: 'Alicia', familyName: 'Example' })
  })

  it('replaces the sub-attribute in the elements a value filter matches, and no others', () => {
    const user = aUser({
      emails: [
        { type: 'work', value: 'old@contoso.com' },
        { type: 'home', value: 'h@home.example' },
      ],
    })
    const { result } = patchUser(user, { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' })
    expect(result.emails).toEqual([
      { type: 'work', value: 'new@contoso.com' },
      { type: 'home', value: 'h@home.example' },
    ])
  })

  it('matches value filters ignoring case for non-caseExact sub-attributes, with and/or', () => {
    const user = aUser({
      emails: [
        { type: 'Work', value: 'A@contoso.com' },
        { type: 'home', value: 'h@home.example' },
      ],
    })
    const { result } = patchUser(user, {
      op: 'replace',
      path: 'emails[type eq "WORK" and (value eq "a@contoso.com" or value eq "x")].display',
      value: 'Work',
    })
    expect((result.emails as object[])[0]).toEqual({ type: 'Work', value: 'A@contoso.com', display: 'Work' })
  })

  it('replaces the whole matched element when the filter path has no sub-attribute', () => {
    const user = aUser({ emails: [{ type: 'work', value: 'old@contoso.com', display: 'x' }] })
    const { result } = patchUser(user, { op: 'replace', path: 'emails[type eq "work"]', value: { type: 'work', value: 'new@contoso.com' } })
    expect(result.emails).toEqual([{ type: 'work', value: 'new@contoso.com' }])
  })

  it('replaces (not appends to) emails given in a path-less replace value', () => {
    const user = aUser({ emails: [{ type: 'work', value: 'old@contoso.com' }] })
    const { result } = patchUser(user, { op: 'replace', value: { emails: [{ type: 'work', value: 'new@contoso.com' }] } })
    expect(result.emails).toEqual([{ type: 'work', value: 'new@contoso.com' }])
  })

  it('treats a replace of an attribute that has no value as an add', () => {
    const { result } = patchUser(aUser(), { op: 'replace', path: 'title', value: 'CTO' })
    expect(result.title).toBe('CTO')
  })

  it('sets primary through a filter path and clears the previous primary', () => {
    const user = aUser({
      emails: [
        { type: 'work', value: 'w@x', primary: true },
        { type: 'home', value: 'h@x' },
      ],
    })
    const { result } = patchUser(user, { op: 'replace', path: 'emails[type eq "home"].primary', value: true })
    expect(result.emails).toEqual([
      { type: 'work', value: 'w@x', primary: false },
      { type: 'home', value: 'h@x', primary: true },
    ])
  })

  it('keeps values exactly as sent (no normalisation of phone numbers)', () => {
    const { result } = patchUser(aUser(), { op: 'add', path: 'phoneNumbers', value: [{ type: 'work', value: '+1 (555) 010-0' }] })
    expect(result.phoneNumbers).toEqual([{ type: 'work', value: '+1 (555) 010-0' }])
  })

  it('unassigns an attribute replaced with null and never returns null', () => {
    const { result } = patchUser(aUser({ title: 'CTO' }), { op: 'replace', path: 'title', value: null })
    expect('title' in result).toBe(false)
    expect(JSON.stringify(result)).not.toContain('null')
  })
})

describe('PATCH remove (RFC 7644 3.5.2.2)', () => {
  it('removes a single-valued attribute', () => {
    const { result } = patchUser(aUser({ title: 'CTO' }), { op: 'remove', path: 'title' })
    expect('title' in result).toBe(false)
  })

  it('removes a sub-attribute, and the complex attribute when nothing is left', () => {
    const one = patchUser(aUser(), { op: 'remove', path: 'name.givenName' }).result
    expect(one.name).toEqual({ familyName: 'Example' })
    const both = patchUser(one, { op: 'remove', path: 'name.familyName' }).result
    expect('name' in both).toBe(false)
  })

  it('removes the elements a value filter matches', () => {
    const user = aUser({
      emails: [
        { type: 'work', value: 'w@x' },
        { type: 'home', value: 'h@x' },
      ],
    })
    const { result } = patchUser(user, { op: 'remove', path: 'emails[type eq "work"]' })
    expect(result.emails).toEqual([{ type: 'home', value: 'h@x' }])
  })

  it('removes a sub-attribute only in the matching elements', () => {
    const user = aUser({
      emails: [
        { type: 'work', value: 'w@x', display: 'W' },
        { type: 'home', value: 'h@x', display: 'H' },
      ],
    })
    const { result } = patchUser(user, { op: 'remove', path: 'emails[type eq "work"].display' })
    expect(result.emails).toEqual([
      { type: 'work', value: 'w@x' },
      { type: 'home', value: 'h@x', display: 'H' },
    ])
  })

  it('removes all members when remove of members has no value and no filter', () => {
    const { result } = patchGroup(aGroup(['a', 'b']), { op: 'remove', path: 'members' })
    expect(memberValues(result)).toEqual([])
    expect('members' in result).toBe(false)
    expect(result.displayName).toBe('Engineering')
  })

  it('succeeds without change when the member to remove is already gone', () => {
    const { result } = patchGroup(aGroup(['a']), { op: 'remove', path: 'members[value eq "zzz"]' })
    expect(memberValues(result)).toEqual(['a'])
  })

  it('removes the whole enterprise extension by its URN', () => {
    const user = aUser({ [ENTERPRISE]: { department: 'R&D' } })
    const { result } = patchUser(user, { op: 'remove', path: ENTERPRISE })
    expect(ENTERPRISE in result).toBe(false)
  })
})

describe('PATCH as a whole', () => {
  it('returns a new object reflecting every operation, leaving the input untouched', () => {
    const user = aUser()
    const before = structuredClone(user)
    const { result } = patchUser(
      user,
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y' },
      { op: 'remove', path: 'name.givenName' },
    )
    expect(user).toEqual(before)
    expect(result).not.toBe(user)
    expect(result.active).toBe(false)
    expect(result.emails).toEqual([{ type: 'work', value: 'x@y' }])
    expect(result.name).toEqual({ familyName: 'Example' })
  })

  it('leaves id and meta as they were', () => {
    const user = aUser()
    const { result } = patchUser(user, { op: 'add', path: 'title', value: 'CTO' })
    expect(result.id).toBe(user.id)
    expect(result.meta).toEqual(user.meta)
  })

  it('applies operations in order, so a later op sees an earlier one', () => {
    const { result } = patchGroup(aGroup(['a']), { op: 'add', path: 'members', value: [{ value: 'b' }] }, { op: 'remove', path: 'members[value eq "a"]' })
    expect(memberValues(result)).toEqual(['b'])
  })

  it('does not store a password (write-only, never stored)', () => {
    const { result } = patchUser(aUser(), { op: 'replace', path: 'password', value: 'S3cret!' })
    expect('password' in result).toBe(false)
  })

  it('removes 10,000 members from a 20,000-member group quickly', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `m${i}`)
    const start = performance.now()
    const { result } = patchGroup(aGroup(ids), { op: 'Remove', path: 'members', value: ids.slice(0, 10_000).map((value) => ({ value })) })
    expect(members(result)).toHaveLength(10_000)
    expect(performance.now() - start).toBeLessThan(2000)
  })
})
