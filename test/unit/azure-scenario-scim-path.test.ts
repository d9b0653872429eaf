import { describe, expect, it } from 'vitest'
import { readScimPath } from '../../src/main/core/azure/scenarios'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const user = {
  userName: 'alice@contoso.com',
  title: 'Engineer',
  name: { givenName: 'Alice' },
  emails: [
    { type: 'work', value: 'alice@contoso.com', primary: true },
    { type: 'home', value: 'alice@example.com' },
  ],
  [ENTERPRISE]: { department: 'R&D', manager: { value: 'm-1' } },
}

describe('reading a SCIM attribute path for an expectation', () => {
  it('reads simple and sub-attributes, ignoring the case of attribute names', () => {
    expect(readScimPath(user, 'title')).toBe('Engineer')
    expect(readScimPath(user, 'Name.GivenName')).toBe('Alice')
    expect(readScimPath(user, 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName')).toBe('Alice')
  })

  it('picks the element of a multi-valued attribute that a value filter names', () => {
    expect(readScimPath(user, 'emails[type eq "home"].value')).toBe('alice@example.com')
    expect(readScimPath(user, 'emails[primary eq true].type')).toBe('work')
    expect(readScimPath(user, 'emails[type eq "other"].value')).toBeUndefined()
  })

  it('reads enterprise extension attributes by their full URN path', () => {
    expect(readScimPath(user, `${ENTERPRISE}:department`)).toBe('R&D')
    expect(readScimPath(user, `${ENTERPRISE}:manager`)).toEqual({ value: 'm-1' })
    expect(readScimPath(user, `${ENTERPRISE}:manager.value`)).toBe('m-1')
    expect(readScimPath(user, 'urn:example:unknown:attr')).toBeUndefined()
  })
})
