import { describe, expect, it } from 'vitest'
import { Directory, isDirectoryError, sequentialIdGenerator } from '../../src/main/core/azure/directory'
import { expectDirectoryError, newDirectory, smallTenant } from './azure-directory-helpers'

describe('Directory.addUser', () => {
  it('gives a new user a GUID from the injected generator, the UPN prefix as mailNickname, and sign-in allowed', () => {
    const { directory } = newDirectory()
    const user = directory.addUser({ userPrincipalName: 'Adele.Vance@contoso.com', displayName: 'Adele Vance' })
    expect(user).toEqual({
      objectId: '00000000-0000-4000-8000-000000000001',
      userPrincipalName: 'Adele.Vance@contoso.com',
      mailNickname: 'Adele.Vance',
      displayName: 'Adele Vance',
      accountEnabled: true,
    })
    expect(directory.getUser(user.objectId)).toEqual(user)
  })

  it('trims values and treats an empty text as no value, as a cleared box in the admin center', () => {
    const { directory } = newDirectory()
    const user = directory.addUser({ userPrincipalName: '  megan@contoso.com ', jobTitle: '   ', department: ' Sales ' })
    expect(user.userPrincipalName).toBe('megan@contoso.com')
    expect(user.department).toBe('Sales')
    expect('jobTitle' in user).toBe(false)
  })

  it('keeps a caller-chosen objectId, lower-cased as Graph returns it', () => {
    const { directory } = newDirectory()
    const user = directory.addUser({ objectId: 'AB1C2D3E-0000-4000-8000-00000000BEEF', userPrincipalName: 'a@contoso.com' })
    expect(user.objectId).toBe('ab1c2d3e-0000-4000-8000-00000000beef')
    expect(directory.getUser('AB1C2D3E-0000-4000-8000-00000000BEEF')).toBe(user)
  })

  it('refuses a UPN another user holds, ignoring case', () => {
    const { directory } = smallTenant()
    const error = expectDirectoryError(() => directory.addUser({ userPrincipalName: 'ADELE.VANCE@contoso.com' }), 'duplicateUserPrincipalName')
    expect(error.message).toContain('ADELE.VANCE@contoso.com')
    expect(error.field).toBe('userPrincipalName')
  })

  it.each([
    ['no @', 'adele.contoso.com'],
    ['a space', 'adele vance@contoso.com'],
    ['a leading dot', '.adele@contoso.com'],
    ['two dots in a row', 'adele..vance@contoso.com'],
    ['a plus sign', 'adele+test@contoso.com'],
    ['a domain without a dot', 'adele@localhost'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@contoso.com`],
  ])('refuses a UPN with %s, naming the attribute', (_, upn) => {
    const { directory } = newDirectory()
    const error = expectDirectoryError(() => directory.addUser({ userPrincipalName: upn }), 'invalidUser')
    expect(error.field).toBe('userPrincipalName')
    expect(error.message).toMatch(/^The user was not saved\. userPrincipalName: /)
  })

  it('refuses attributes beyond Entra limits or in the wrong shape, naming each', () => {
    const { directory } = newDirectory()
    expect(
      expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', employeeId: '12345678901234567' }), 'invalidUser').message,
    ).toContain('employeeId can have at most 16')
    expect(expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', mail: 'not-an-address' }), 'invalidUser').field).toBe('mail')
    expect(expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', preferredLanguage: 'English' }), 'invalidUser').field).toBe(
      'preferredLanguage',
    )
    expect(expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', mailNickname: 'has space' }), 'invalidUser').field).toBe(
      'mailNickname',
    )
    expect(
      expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', accountEnabled: 'True' as unknown as boolean }), 'invalidUser').field,
    ).toBe('accountEnabled')
    expect(expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', colour: 'blue' } as never), 'invalidUser').message).toContain(
      'colour',
    )
    expect(directory.userCount).toBe(0)
  })

  it('refuses to create a user already in the recycle bin', () => {
    const { directory } = newDirectory()
    expectDirectoryError(() => directory.addUser({ userPrincipalName: 'a@contoso.com', softDeletedAt: '2030-01-01T00:00:00Z' } as never), 'readOnlyAttribute')
  })

  it('refuses a manager that does not exist or is in the recycle bin', () => {
    const { directory, adele } = smallTenant()
    expectDirectoryError(() => directory.addUser({ userPrincipalName: 'x@contoso.com', managerId: '99999999-0000-4000-8000-000000000001' }), 'managerNotFound')
    directory.softDelete(adele.objectId)
    expectDirectoryError(() => directory.addUser({ userPrincipalName: 'x@contoso.com', managerId: adele.objectId }), 'managerSoftDeleted')
  })

  it('refuses an objectId already used by a user or a group, and a generator that does not make GUIDs', () => {
    const { directory, adele, sales } = smallTenant()
    expectDirectoryError(() => directory.addUser({ objectId: adele.objectId, userPrincipalName: 'x@contoso.com' }), 'duplicateObjectId')
    expectDirectoryError(() => directory.addUser({ objectId: sales.objectId, userPrincipalName: 'x@contoso.com' }), 'duplicateObjectId')
    const broken = new Directory({ newId: () => 'user-1' })
    expectDirectoryError(() => broken.addUser({ userPrincipalName: 'x@contoso.com' }), 'invalidObjectId')
  })
})

describe('Directory.addUsers', () => {
  it('lets users of one batch manage each other whatever their order', () => {
    const { directory } = newDirectory()
    const ids = sequentialIdGenerator('aa')
    const [reportId, bossId] = [ids(), ids()]
    const users = directory.addUsers([
      { objectId: reportId, userPrincipalName: 'report@contoso.com', managerId: bossId },
      { objectId: bossId, userPrincipalName: 'boss@contoso.com' },
    ])
    expect(users.map((u) => u.managerId)).toEqual([bossId, undefined])
    expect(directory.directReportsOf(bossId)).toEqual([reportId])
  })

  it('adds nothing when one user of the batch is refused, and says which one', () => {
    const { directory } = newDirectory()
    const error = expectDirectoryError(
      () => directory.addUsers([{ userPrincipalName: 'one@contoso.com' }, { userPrincipalName: 'two@contoso.com' }, { userPrincipalName: 'ONE@contoso.com' }]),
      'duplicateUserPrincipalName',
    )
    expect(error.message).toMatch(/^User 3 of 3: /)
    expect(directory.userCount).toBe(0)
  })

  it('refuses a batch whose managers form a loop', () => {
    const { directory } = newDirectory()
    const ids = sequentialIdGenerator('bb')
    const [a, b] = [ids(), ids()]
    const error = expectDirectoryError(
      () =>
        directory.addUsers([
          { objectId: a, userPrincipalName: 'a@contoso.com', managerId: b },
          { objectId: b, userPrincipalName: 'b@contoso.com', managerId: a },
        ]),
      'managerCycle',
    )
    expect(error.message).toContain('a@contoso.com → b@contoso.com → a@contoso.com')
    expect(directory.userCount).toBe(0)
  })
})

describe('Directory.updateUser', () => {
  it('changes the given attributes and removes those set to null or emptied', () => {
    const { directory, alex } = smallTenant()
    const updated = directory.updateUser(alex.objectId, { jobTitle: 'Account Executive', displayName: null, department: '' })
    expect(updated.jobTitle).toBe('Account Executive')
    expect('displayName' in updated).toBe(false)
    expect(directory.getUser(alex.objectId)).toBe(updated)
  })

  it('leaves an attribute alone when the patch says undefined', () => {
    const { directory, alex } = smallTenant()
    expect(directory.updateUser(alex.objectId, { displayName: undefined, city: 'Paris' }).displayName).toBe('Alex Wilber')
  })

  it('refuses to edit objectId or softDeletedAt, or to remove a required attribute', () => {
    const { directory, alex } = smallTenant()
    expectDirectoryError(() => directory.updateUser(alex.objectId, { objectId: '00000000-0000-4000-8000-0000000000ff' } as never), 'readOnlyAttribute')
    expectDirectoryError(() => directory.updateUser(alex.objectId, { softDeletedAt: '2030-01-01T00:00:00Z' } as never), 'readOnlyAttribute')
    expect(expectDirectoryError(() => directory.updateUser(alex.objectId, { userPrincipalName: null }), 'invalidUser').message).toContain('required')
    expect(expectDirectoryError(() => directory.updateUser(alex.objectId, { mailNickname: '' }), 'invalidUser').field).toBe('mailNickname')
    expectDirectoryError(() => directory.updateUser(alex.objectId, { nickname: 'Al' } as never), 'invalidUser')
  })

  it('allows a user to change the case of its own UPN but not to take another user’s', () => {
    const { directory, alex } = smallTenant()
    expect(directory.updateUser(alex.objectId, { userPrincipalName: 'Alex.Wilber@contoso.com' }).userPrincipalName).toBe('Alex.Wilber@contoso.com')
    expect(directory.findUserByUpn('alex.wilber@CONTOSO.com')?.objectId).toBe(alex.objectId)
    expectDirectoryError(() => directory.updateUser(alex.objectId, { userPrincipalName: 'patti.fernandez@contoso.com' }), 'duplicateUserPrincipalName')
  })

  it('keeps users in creation order after edits, so a saved scenario does not reshuffle', () => {
    const { directory, adele, alex, patti } = smallTenant()
    directory.updateUser(adele.objectId, { city: 'Oslo' })
    directory.softDelete(alex.objectId)
    expect(directory.listUsers().map((u) => u.objectId)).toEqual([adele.objectId, alex.objectId, patti.objectId])
  })

  it('frees the old UPN after a rename', () => {
    const { directory, alex } = smallTenant()
    directory.updateUser(alex.objectId, { userPrincipalName: 'alex.w@contoso.com' })
    expect(directory.findUserByUpn('alex.wilber@contoso.com')).toBeUndefined()
    expect(directory.addUser({ userPrincipalName: 'alex.wilber@contoso.com' }).userPrincipalName).toBe('alex.wilber@contoso.com')
  })

  it('refuses a manager that is the user itself, missing, in the recycle bin, or one of its reports however deep', () => {
    const { directory, adele, alex, patti } = smallTenant()
    const intern = directory.addUser({ userPrincipalName: 'intern@contoso.com', managerId: alex.objectId })
    expectDirectoryError(() => directory.updateUser(adele.objectId, { managerId: adele.objectId }), 'managerIsSelf')
    expectDirectoryError(() => directory.updateUser(adele.objectId, { managerId: '99999999-0000-4000-8000-000000000001' }), 'managerNotFound')
    const loop = expectDirectoryError(() => directory.updateUser(adele.objectId, { managerId: intern.objectId }), 'managerCycle')
    expect(loop.message).toContain('adele.vance@contoso.com → intern@contoso.com → alex.wilber@contoso.com → adele.vance@contoso.com')
    directory.softDelete(patti.objectId)
    expectDirectoryError(() => directory.updateUser(alex.objectId, { managerId: patti.objectId }), 'managerSoftDeleted')
  })

  it('moves a user to another manager and keeps the reports index right', () => {
    const { directory, adele, alex, patti } = smallTenant()
    directory.updateUser(patti.objectId, { managerId: alex.objectId })
    expect(directory.directReportsOf(adele.objectId)).toEqual([alex.objectId])
    expect(directory.directReportsOf(alex.objectId)).toEqual([patti.objectId])
    directory.updateUser(patti.objectId, { managerId: null })
    expect(directory.directReportsOf(alex.objectId)).toEqual([])
  })

  it('refuses to edit a user in the recycle bin, or one that does not exist', () => {
    const { directory, alex } = smallTenant()
    directory.softDelete(alex.objectId)
    expectDirectoryError(() => directory.updateUser(alex.objectId, { city: 'Oslo' }), 'userSoftDeleted')
    expectDirectoryError(() => directory.updateUser('99999999-0000-4000-8000-000000000001', { city: 'Oslo' }), 'userNotFound')
  })

  it('hands out frozen users, so nobody can change one behind the change log', () => {
    const { directory, alex } = smallTenant()
    const user = directory.getUser(alex.objectId) as { city?: string }
    expect(() => {
      user.city = 'Oslo'
    }).toThrow(TypeError)
    expect(directory.getUser(alex.objectId)?.city).toBeUndefined()
  })
})

describe('Directory sign-in, soft delete, restore and hard delete', () => {
  it('blocks and unblocks sign-in through accountEnabled', () => {
    const { directory, alex } = smallTenant()
    expect(directory.blockSignIn(alex.objectId).accountEnabled).toBe(false)
    expect(directory.blockSignIn(alex.objectId).accountEnabled).toBe(false)
    expect(directory.unblockSignIn(alex.objectId).accountEnabled).toBe(true)
  })

  it('soft delete dates the user, frees its UPN and keeps its groups and manager for a restore', () => {
    const { directory, clock, adele, alex, sales } = smallTenant()
    const deleted = directory.softDelete(alex.objectId)
    expect(deleted.softDeletedAt).toBe(clock.now().toISOString())
    expect(directory.findUserByUpn('alex.wilber@contoso.com')).toBeUndefined()
    expect(directory.getGroup(sales.objectId)?.memberIds).toEqual([alex.objectId])
    const restored = directory.restore(alex.objectId)
    expect(restored.softDeletedAt).toBeUndefined()
    expect(restored.managerId).toBe(adele.objectId)
    expect(directory.findUserByUpn('alex.wilber@contoso.com')?.objectId).toBe(alex.objectId)
  })

  it('refuses to block, soft delete or add to a group a user already in the recycle bin', () => {
    const { directory, alex, sales } = smallTenant()
    directory.removeMember(sales.objectId, alex.objectId)
    directory.softDelete(alex.objectId)
    expectDirectoryError(() => directory.blockSignIn(alex.objectId), 'userSoftDeleted')
    expectDirectoryError(() => directory.softDelete(alex.objectId), 'userSoftDeleted')
    expectDirectoryError(() => directory.addMember(sales.objectId, alex.objectId), 'userSoftDeleted')
  })

  it('restores within 30 days and refuses after, as Entra purges the recycle bin', () => {
    const { directory, clock, alex, patti } = smallTenant()
    directory.softDelete(alex.objectId)
    directory.softDelete(patti.objectId)
    clock.advanceDays(30)
    expect(directory.restore(alex.objectId).softDeletedAt).toBeUndefined()
    clock.advanceMs(1)
    const error = expectDirectoryError(() => directory.restore(patti.objectId), 'restoreWindowExpired')
    expect(error.message).toContain('more than 30 days ago')
  })

  it('refuses to restore a user that is not in the recycle bin', () => {
    const { directory, alex } = smallTenant()
    expectDirectoryError(() => directory.restore(alex.objectId), 'userNotSoftDeleted')
  })

  it('refuses a restore when another user has taken the UPN meanwhile', () => {
    const { directory, alex } = smallTenant()
    directory.softDelete(alex.objectId)
    const newcomer = directory.addUser({ userPrincipalName: 'alex.wilber@contoso.com' })
    expectDirectoryError(() => directory.restore(alex.objectId), 'duplicateUserPrincipalName')
    directory.hardDelete(newcomer.objectId, { force: true })
    expect(directory.restore(alex.objectId).userPrincipalName).toBe('alex.wilber@contoso.com')
  })

  it('hard deletes only from the recycle bin unless forced', () => {
    const { directory, patti } = smallTenant()
    const error = expectDirectoryError(() => directory.hardDelete(patti.objectId), 'userNotSoftDeleted')
    expect(error.message).toContain('force')
    directory.hardDelete(patti.objectId, { force: true })
    expect(directory.getUser(patti.objectId)).toBeUndefined()
    expectDirectoryError(() => directory.hardDelete(patti.objectId, { force: true }), 'userNotFound')
  })

  it('a hard delete removes the user from its groups and clears its reports’ manager', () => {
    const { directory, adele, alex, patti, sales } = smallTenant()
    directory.addMember(sales.objectId, adele.objectId)
    directory.softDelete(adele.objectId)
    directory.hardDelete(adele.objectId)
    expect(directory.getGroup(sales.objectId)?.memberIds).toEqual([alex.objectId])
    expect(directory.getUser(alex.objectId)?.managerId).toBeUndefined()
    expect(directory.getUser(patti.objectId)?.managerId).toBeUndefined()
    expect(directory.groupsOf(adele.objectId)).toEqual([])
    expect(directory.userCount).toBe(2)
  })

  it('purges the users deleted more than 30 days ago, as Entra does on its own', () => {
    const { directory, clock, alex, patti } = smallTenant()
    directory.softDelete(alex.objectId)
    clock.advanceDays(10)
    directory.softDelete(patti.objectId)
    clock.advanceDays(25)
    expect(directory.purgeExpired()).toEqual([alex.objectId])
    expect(directory.getUser(alex.objectId)).toBeUndefined()
    expect(directory.getUser(patti.objectId)?.softDeletedAt).toBeDefined()
  })

  it('is recognisable with isDirectoryError', () => {
    const { directory } = newDirectory()
    try {
      directory.restore('99999999-0000-4000-8000-000000000001')
    } catch (error) {
      expect(isDirectoryError(error, 'userNotFound')).toBe(true)
      expect(isDirectoryError(error, 'groupNotFound')).toBe(false)
    }
    expect.assertions(2)
  })
})
