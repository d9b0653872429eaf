import { describe, expect, it } from 'vitest'
import { expectDirectoryError, newDirectory, smallTenant } from './azure-directory-helpers'

describe('Directory change feed', () => {
  it('starts at watermark 0 and numbers every change in order, dated by the directory clock', () => {
    const { directory, clock } = newDirectory()
    expect(directory.watermark()).toBe(0)
    const user = directory.addUser({ userPrincipalName: 'a@contoso.com' })
    clock.advanceMs(1000)
    directory.blockSignIn(user.objectId)
    expect(directory.watermark()).toBe(2)
    expect(directory.changeLogSince(0)).toEqual([
      { seq: 1, kind: 'user', objectId: user.objectId, change: 'created', at: '2030-01-01T09:00:00.000Z' },
      { seq: 2, kind: 'user', objectId: user.objectId, change: 'signInBlocked', attributes: ['accountEnabled'], at: '2030-01-01T09:00:01.000Z' },
    ])
  })

  it('returns each changed object once since the watermark, with the attributes its updates touched', () => {
    const { directory, alex, patti } = smallTenant()
    const mark = directory.watermark()
    directory.updateUser(alex.objectId, { jobTitle: 'Seller' })
    directory.updateUser(patti.objectId, { city: 'Paris' })
    directory.updateUser(alex.objectId, { city: 'Oslo', jobTitle: 'Seller' })
    const changes = directory.changesSince(mark)
    expect(changes).toEqual([
      { kind: 'user', objectId: alex.objectId, changes: ['updated', 'updated'], seq: mark + 3, removed: false, attributes: ['jobTitle', 'city'] },
      { kind: 'user', objectId: patti.objectId, changes: ['updated'], seq: mark + 2, removed: false, attributes: ['city'] },
    ])
  })

  it('records nothing when an edit changes nothing, so an incremental cycle has nothing to send', () => {
    const { directory, alex } = smallTenant()
    const mark = directory.watermark()
    directory.updateUser(alex.objectId, { displayName: 'Alex Wilber', department: null })
    directory.unblockSignIn(alex.objectId)
    directory.renameGroup(directory.listGroups()[0].objectId, 'Sales EMEA')
    expect(directory.watermark()).toBe(mark)
    expect(directory.changesSince(mark)).toEqual([])
  })

  it('files membership changes under the group, net of adds and removes that cancel out', () => {
    const { directory, adele, alex, patti, sales } = smallTenant()
    const mark = directory.watermark()
    directory.addMember(sales.objectId, patti.objectId)
    directory.removeMember(sales.objectId, alex.objectId)
    directory.addMember(sales.objectId, adele.objectId)
    directory.removeMember(sales.objectId, adele.objectId)
    directory.addMember(sales.objectId, alex.objectId)
    const [membership] = directory.changesSince(mark)
    expect(membership).toMatchObject({ kind: 'membership', objectId: sales.objectId, removed: false, membersAdded: [patti.objectId], membersRemoved: [] })
    expect(membership.changes).toEqual(['memberAdded', 'memberRemoved', 'memberAdded', 'memberRemoved', 'memberAdded'])
  })

  it('marks hard-deleted users and deleted groups as removed, as delta’s @removed', () => {
    const { directory, adele, alex, patti, sales } = smallTenant()
    const mark = directory.watermark()
    directory.softDelete(adele.objectId)
    directory.hardDelete(adele.objectId)
    directory.deleteGroup(sales.objectId)
    const byKey = new Map(directory.changesSince(mark).map((c) => [`${c.kind}:${c.objectId}`, c]))
    expect(byKey.get(`user:${adele.objectId}`)).toMatchObject({ changes: ['softDeleted', 'hardDeleted'], removed: true })
    // the reports lost their manager: an update the cycle turns into a manager PATCH
    expect(byKey.get(`user:${alex.objectId}`)).toMatchObject({ changes: ['updated'], attributes: ['managerId'], removed: false })
    expect(byKey.get(`user:${patti.objectId}`)).toMatchObject({ changes: ['updated'], attributes: ['managerId'] })
    expect(byKey.get(`group:${sales.objectId}`)).toMatchObject({ changes: ['deleted'], removed: true })
  })

  it('records a hard-deleted member leaving its groups', () => {
    const { directory, alex, sales } = smallTenant()
    const mark = directory.watermark()
    directory.hardDelete(alex.objectId, { force: true })
    expect(directory.changesSince(mark).find((c) => c.kind === 'membership')).toMatchObject({ objectId: sales.objectId, membersRemoved: [alex.objectId] })
  })

  it('records creation of a group and its first members', () => {
    const { directory, alex } = smallTenant()
    const mark = directory.watermark()
    const group = directory.addGroup({ displayName: 'New', memberIds: [alex.objectId] })
    expect(directory.changesSince(mark).map((c) => [c.kind, c.objectId, c.changes])).toEqual([
      ['group', group.objectId, ['created']],
      ['membership', group.objectId, ['memberAdded']],
    ])
  })

  it('gives nothing since the current watermark and refuses a watermark it never gave', () => {
    const { directory } = smallTenant()
    expect(directory.changesSince(directory.watermark())).toEqual([])
    for (const bad of [-1, 1.5, directory.watermark() + 1, Number.NaN]) expectDirectoryError(() => directory.changesSince(bad), 'invalidWatermark')
  })

  it('does not record refused operations', () => {
    const { directory, alex } = smallTenant()
    const mark = directory.watermark()
    expectDirectoryError(() => directory.updateUser(alex.objectId, { mail: 'nope' }), 'invalidUser')
    expectDirectoryError(() => directory.addUsers([{ userPrincipalName: 'ok@contoso.com' }, { userPrincipalName: 'bad' }]), 'invalidUser')
    expect(directory.watermark()).toBe(mark)
  })
})
