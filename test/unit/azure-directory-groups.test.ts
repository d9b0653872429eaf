import { describe, expect, it } from 'vitest'
import { expectDirectoryError, newDirectory, smallTenant } from './azure-directory-helpers'

describe('Directory groups', () => {
  it('creates a group with direct members and a mailNickname made from its name', () => {
    const { directory, alex, patti } = smallTenant()
    const group = directory.addGroup({ displayName: ' Video Managers ', memberIds: [alex.objectId, patti.objectId.toUpperCase()] })
    expect(group).toEqual({
      objectId: group.objectId,
      displayName: 'Video Managers',
      mailNickname: 'VideoManagers',
      memberIds: [alex.objectId, patti.objectId],
    })
    expect(directory.groupsOf(patti.objectId)).toEqual([group.objectId])
  })

  it('allows two groups with the same name, as Entra does', () => {
    const { directory } = newDirectory()
    directory.addGroup({ displayName: 'Sales' })
    directory.addGroup({ displayName: 'Sales' })
    expect(directory.listGroups().map((g) => g.displayName)).toEqual(['Sales', 'Sales'])
  })

  it('refuses a group without a name, with unknown or repeated members, and leaves nothing behind', () => {
    const { directory, alex } = smallTenant()
    expectDirectoryError(() => directory.addGroup({ displayName: '  ' }), 'invalidGroup')
    expectDirectoryError(() => directory.addGroup({ displayName: 'X', memberIds: ['99999999-0000-4000-8000-000000000001'] }), 'memberNotFound')
    expectDirectoryError(() => directory.addGroup({ displayName: 'X', memberIds: [alex.objectId, alex.objectId] }), 'alreadyMember')
    expect(directory.groupCount).toBe(1)
  })

  it('renames a group and refuses an empty name', () => {
    const { directory, sales } = smallTenant()
    expect(directory.renameGroup(sales.objectId, 'Sales Europe').displayName).toBe('Sales Europe')
    expectDirectoryError(() => directory.renameGroup(sales.objectId, ''), 'invalidGroup')
    expectDirectoryError(() => directory.renameGroup('99999999-0000-4000-8000-000000000001', 'X'), 'groupNotFound')
  })

  it('adds and removes users and groups as direct members', () => {
    const { directory, patti, sales } = smallTenant()
    const emea = directory.addGroup({ displayName: 'EMEA' })
    directory.addMember(emea.objectId, sales.objectId)
    directory.addMember(emea.objectId, patti.objectId)
    expect(directory.getGroup(emea.objectId)?.memberIds).toEqual([sales.objectId, patti.objectId])
    expect(directory.groupsOf(sales.objectId)).toEqual([emea.objectId])
    directory.removeMember(emea.objectId, sales.objectId)
    expect(directory.getGroup(emea.objectId)?.memberIds).toEqual([patti.objectId])
  })

  it('refuses a duplicate member, a non-member removal, a group inside itself and unknown ids', () => {
    const { directory, alex, patti, sales } = smallTenant()
    expect(expectDirectoryError(() => directory.addMember(sales.objectId, alex.objectId), 'alreadyMember').message).toContain('alex.wilber@contoso.com')
    expect(expectDirectoryError(() => directory.removeMember(sales.objectId, patti.objectId), 'notMember').message).toContain("'Sales EMEA'")
    expectDirectoryError(() => directory.addMember(sales.objectId, sales.objectId), 'groupSelfMember')
    expectDirectoryError(() => directory.addMember(sales.objectId, '99999999-0000-4000-8000-000000000001'), 'memberNotFound')
    expectDirectoryError(() => directory.addMember('99999999-0000-4000-8000-000000000001', alex.objectId), 'groupNotFound')
  })

  it('deletes a group and takes it out of the groups it belonged to', () => {
    const { directory, alex, sales } = smallTenant()
    const emea = directory.addGroup({ displayName: 'EMEA', memberIds: [sales.objectId] })
    directory.deleteGroup(sales.objectId)
    expect(directory.getGroup(sales.objectId)).toBeUndefined()
    expect(directory.getGroup(emea.objectId)?.memberIds).toEqual([])
    expect(directory.groupsOf(alex.objectId)).toEqual([])
    expectDirectoryError(() => directory.deleteGroup(sales.objectId), 'groupNotFound')
  })

  it('hands out a group whose member list cannot be changed from outside', () => {
    const { directory, sales, patti } = smallTenant()
    const group = directory.getGroup(sales.objectId) as { memberIds: string[] }
    expect(() => group.memberIds.push(patti.objectId)).toThrow(TypeError)
    expect(directory.getGroup(sales.objectId)?.memberIds).toHaveLength(1)
  })
})
