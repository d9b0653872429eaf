// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OFFLINE, buildSourceUsers, installFakeTenant } from './sim-directory-fake'

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const tenant = installFakeTenant()
const { DirectoryPage } = await import('../../src/renderer/src/features/sim-directory/DirectoryPage')
const { SimUserPage } = await import('../../src/renderer/src/features/sim-directory/SimUserPage')
const { SimGroupPage } = await import('../../src/renderer/src/features/sim-directory/SimGroupPage')
const { useDirectoryView } = await import('../../src/renderer/src/features/sim-directory/directory-view')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')
const { useSimStore } = await import('../../src/renderer/src/stores/sim-store')

configure({ asyncUtilTimeout: 5000 })

const usersRows = (): HTMLElement[] =>
  within(screen.getByRole('table', { name: 'Users' }))
    .getAllByRole('row')
    .slice(1)
const toastTexts = (): string[] => useToasts.getState().toasts.map((t) => t.text)

beforeEach(() => {
  tenant.users = buildSourceUsers(3)
  tenant.groups = [{ objectId: 'obj-g-sales', displayName: 'Sales', mailNickname: 'sales', memberIds: ['obj-u001'] }]
  tenant.assignedUsers = new Set(['obj-u002'])
  tenant.assignedGroups = new Set(['obj-g-sales'])
  tenant.targets = new Map([['obj-u001', 'target-1']])
  tenant.calls.length = 0
  tenant.failures.clear()
  useDirectoryView.getState().reset()
  useToasts.setState({ toasts: [] })
  useSimStore.setState({ state: undefined, error: undefined })
  useRouter.getState().navigate('/sim/directory')
})
afterEach(cleanup)

describe('Directory: users', () => {
  it('lists the tenant users with account, assignment (direct or through a group) and provisioning state', async () => {
    tenant.users[2].accountEnabled = false
    render(<DirectoryPage />)
    expect(await screen.findByText('3 users')).toBeTruthy()
    expect(tenant.callsOf('sim.users.list')[0]).toEqual({ offset: 0, limit: 50, filter: 'all' })
    const [first, second, third] = usersRows().map((r) => within(r))
    expect(first.getByText('user001@contoso.onmicrosoft.com')).toBeTruthy()
    expect(first.getByText('Assigned via group')).toBeTruthy()
    expect(first.getByText('In scope')).toBeTruthy()
    expect(first.getByText('Provisioned')).toBeTruthy()
    expect(second.getByText('Assigned directly')).toBeTruthy()
    expect(second.queryByText('Provisioned')).toBeNull()
    expect(third.getByText('Sign-in blocked')).toBeTruthy()
    expect(third.getByText('Not assigned')).toBeTruthy()
    expect(third.getByText('Out of scope')).toBeTruthy()
    // the tab counts come from the simulator state
    expect(await screen.findByRole('tab', { name: 'Users (3)' })).toBeTruthy()
  })

  it('filters on the server (soft deleted) and searches after the typing pauses', async () => {
    tenant.users[1].softDeletedAt = '2025-04-01T10:00:00.000Z'
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'softDeleted' } })
    expect(await screen.findByText('1 user')).toBeTruthy()
    expect(tenant.callsOf('sim.users.list').at(-1)).toMatchObject({ filter: 'softDeleted', offset: 0 })
    expect(within(usersRows()[0]).getByText('Soft deleted')).toBeTruthy()
    // a soft-deleted user offers Restore and Delete permanently, not Edit
    expect(within(usersRows()[0]).getByRole('button', { name: 'Restore User 002' })).toBeTruthy()
    expect(within(usersRows()[0]).queryByRole('button', { name: 'Edit User 002' })).toBeNull()
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'all' } })
    fireEvent.change(screen.getByLabelText('Search users by name or user principal name'), { target: { value: 'user003' } })
    await waitFor(() => expect(tenant.callsOf('sim.users.list').at(-1)).toMatchObject({ search: 'user003', filter: 'all' }))
    await waitFor(() => expect(within(usersRows()[0]).getByText('User 003')).toBeTruthy())
    expect(usersRows()).toHaveLength(1)
  })

  it('New user sends every filled attribute, the manager picked by search and a blocked sign-in, then opens the user', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('button', { name: 'New user' }))
    const dialog = await screen.findByRole('dialog', { name: 'New user' })
    const create = within(dialog).getByRole('button', { name: 'Create' }) as HTMLButtonElement
    expect(create.disabled).toBe(true)
    fireEvent.change(within(dialog).getByLabelText('User principal name (required)'), { target: { value: 'adele.vance@contoso.com' } })
    fireEvent.change(within(dialog).getByLabelText('Display name'), { target: { value: 'Adele Vance' } })
    fireEvent.change(within(dialog).getByLabelText('Department'), { target: { value: 'Retail' } })
    fireEvent.change(within(dialog).getByLabelText('Employee ID'), { target: { value: 'E-42' } })
    fireEvent.change(within(dialog).getByLabelText('Country or region'), { target: { value: 'US' } })
    const manager = within(dialog).getByRole('combobox', { name: 'Manager' })
    fireEvent.focus(manager)
    fireEvent.change(manager, { target: { value: 'User 002' } })
    fireEvent.mouseDown(await within(dialog).findByRole('option', { name: /User 002/ }))
    expect(within(dialog).getByText('User 002')).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('switch', { name: 'Account enabled' }))
    fireEvent.click(create)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(tenant.callsOf('sim.users.create')[0]).toEqual({
      user: {
        userPrincipalName: 'adele.vance@contoso.com',
        displayName: 'Adele Vance',
        department: 'Retail',
        employeeId: 'E-42',
        country: 'US',
        managerId: 'obj-u002',
        accountEnabled: false,
      },
    })
    expect(useRouter.getState().path).toMatch(/^\/sim\/directory\/users\/obj-new-/)
    expect(toastTexts()).toContain('User created')
  })

  it('keeps the dialog open with the refusal beside the field it names', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('button', { name: 'New user' }))
    const dialog = await screen.findByRole('dialog', { name: 'New user' })
    fireEvent.change(within(dialog).getByLabelText('User principal name (required)'), { target: { value: 'user001@contoso.onmicrosoft.com' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }))
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toContain('Another user already has the user principal name')
    expect(within(dialog).getByLabelText('User principal name (required)').getAttribute('aria-invalid')).toBe('true')
  })

  it('Edit sends only what changed; a cleared attribute is sent empty so it is cleared', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(within(usersRows()[0]).getByRole('button', { name: 'Edit User 001' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit user' })
    const jobTitle = (await within(dialog).findByLabelText('Job title')) as HTMLInputElement
    expect(jobTitle.value).toBe('Engineer')
    fireEvent.change(jobTitle, { target: { value: '' } })
    fireEvent.change(within(dialog).getByLabelText('City'), { target: { value: 'Seattle' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(tenant.callsOf('sim.users.update')).toEqual([{ objectId: 'obj-u001', patch: { jobTitle: '', city: 'Seattle' } }])
    await waitFor(() => expect(within(usersRows()[0]).queryByText('Engineer')).toBeNull())
  })

  it('blocks sign-in, soft deletes and restores from the row, and deletes permanently only after confirming', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('button', { name: 'Block sign-in for User 001' }))
    await waitFor(() => expect(within(usersRows()[0]).getByText('Sign-in blocked')).toBeTruthy())
    expect(tenant.callsOf('sim.users.lifecycle')[0]).toEqual({ objectId: 'obj-u001', action: 'blockSignIn' })
    expect(toastTexts()).toContain('User 001: Sign-in blocked')

    fireEvent.click(screen.getByRole('button', { name: 'Delete User 002' }))
    await waitFor(() => expect(within(usersRows()[1]).getByText('Soft deleted')).toBeTruthy())
    fireEvent.click(screen.getByRole('button', { name: 'Delete User 002 permanently' }))
    const confirm = await screen.findByRole('dialog', { name: 'Delete permanently?' })
    expect(confirm.textContent).toContain('cannot be restored')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(tenant.users.some((u) => u.objectId === 'obj-u002')).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Restore User 002' }))
    await waitFor(() => expect(within(usersRows()[1]).queryByText('Soft deleted')).toBeNull())

    fireEvent.click(screen.getByRole('button', { name: 'Delete User 002' }))
    await waitFor(() => expect(within(usersRows()[1]).getByText('Soft deleted')).toBeTruthy())
    fireEvent.click(screen.getByRole('button', { name: 'Delete User 002 permanently' }))
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Delete permanently?' })).getByRole('button', { name: 'Delete permanently' }))
    await screen.findByText('2 users')
    expect(tenant.callsOf('sim.users.lifecycle').map((c) => c.action)).toEqual(['blockSignIn', 'softDelete', 'restore', 'softDelete', 'hardDelete'])
  })

  it('says plainly that the harness does not answer, and retries', async () => {
    tenant.failures.set('sim.users.list', OFFLINE)
    render(<DirectoryPage />)
    expect(await screen.findByText(/The harness does not answer/)).toBeTruthy()
    tenant.failures.clear()
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('3 users')).toBeTruthy()
  })

  it('refetches the table when the simulator reports a change', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    tenant.targets.set('obj-u002', 'target-2')
    const before = tenant.callsOf('sim.users.list').length
    act(() => tenant.emit({ type: 'sim', data: tenant.snapshot() }))
    act(() => tenant.emit({ type: 'sim', data: tenant.snapshot() }))
    await waitFor(() => expect(within(usersRows()[1]).getByText('Provisioned')).toBeTruthy())
    // two events in a burst, one refetch
    expect(tenant.callsOf('sim.users.list').length).toBe(before + 1)
  })
})

describe('Directory: sample directory and CSV import', () => {
  it('Generate sample directory warns that it replaces the tenant, sends size and seed, and shows the result', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('button', { name: 'Generate sample directory' }))
    const dialog = await screen.findByRole('dialog', { name: 'Generate sample directory' })
    expect(within(dialog).getByText('This replaces the simulated tenant')).toBeTruthy()
    await waitFor(() => expect(dialog.textContent).toContain('Its 3 users and 1 groups are removed'))
    fireEvent.change(within(dialog).getByLabelText('Users'), { target: { value: '0' } })
    expect(within(dialog).getByText('Between 1 and 100,000 users.')).toBeTruthy()
    expect((within(dialog).getByRole('button', { name: 'Replace and generate' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(within(dialog).getByLabelText('Users'), { target: { value: '60' } })
    fireEvent.change(within(dialog).getByLabelText('Groups'), { target: { value: '4' } })
    fireEvent.change(within(dialog).getByLabelText('Seed'), { target: { value: 'fabrikam' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replace and generate' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(tenant.callsOf('sim.directory.generate')).toEqual([{ users: 60, groups: 4, seed: 'fabrikam' }])
    expect(toastTexts()).toContain('Generated 60 users and 4 groups')
    expect(await screen.findByText('60 users')).toBeTruthy()
    expect(await screen.findByRole('tab', { name: 'Groups (4)' })).toBeTruthy()
  })

  it('imports pasted CSV and lists the lines it skipped', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('button', { name: 'Import users from CSV' }))
    const dialog = await screen.findByRole('dialog', { name: 'Import users from CSV' })
    fireEvent.change(within(dialog).getByLabelText('CSV text'), {
      target: { value: 'userPrincipalName,displayName\nnew.one@contoso.com,New One\nbroken,Broken Line' },
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(await within(dialog).findByText('1 user added')).toBeTruthy()
    const problems = within(dialog).getByRole('list', { name: 'Import problems' })
    expect(problems.textContent).toContain('Line 3')
    expect(problems.textContent).toContain("userPrincipalName 'broken' is not name@domain.")
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect(await screen.findByText('4 users')).toBeTruthy()
  })

  it('reads a chosen CSV file into the text before importing', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('button', { name: 'Import users from CSV' }))
    const dialog = await screen.findByRole('dialog', { name: 'Import users from CSV' })
    const file = new File(['userPrincipalName\nfile.user@contoso.com'], 'people.csv', { type: 'text/csv' })
    fireEvent.change(within(dialog).getByLabelText('CSV file'), { target: { files: [file] } })
    await waitFor(() => expect((within(dialog).getByLabelText('CSV text') as HTMLTextAreaElement).value).toContain('file.user@contoso.com'))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(await within(dialog).findByText('1 user added')).toBeTruthy()
    expect(tenant.callsOf('sim.directory.importCsv')[0]).toEqual({ csv: 'userPrincipalName\nfile.user@contoso.com' })
  })
})

describe('Directory: user and group pages', () => {
  it("shows a user's attributes, manager, groups and provisioning, and blocks sign-in from there", async () => {
    tenant.users[0].managerId = 'obj-u003'
    tenant.users[0].city = 'Lahore'
    render(<SimUserPage id="obj-u001" />)
    expect(await screen.findByRole('heading', { name: 'User 001' })).toBeTruthy()
    expect(screen.getByText('Lahore')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'User 003' }).getAttribute('href')).toBe('#/sim/directory/users/obj-u003')
    expect(screen.getByRole('link', { name: 'Sales' })).toBeTruthy()
    expect(screen.getByText('target-1')).toBeTruthy()
    expect(screen.getByText('Assigned through a group')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Block sign-in' }))
    expect(await screen.findByRole('button', { name: 'Unblock sign-in' })).toBeTruthy()
    expect(screen.getAllByText('Sign-in blocked').length).toBeGreaterThan(0)
  })

  it('adds a member found by search, removes one, renames and deletes the group', async () => {
    render(<SimGroupPage id="obj-g-sales" />)
    expect(await screen.findByRole('heading', { name: 'Sales' })).toBeTruthy()
    const members = (): HTMLElement[] =>
      within(screen.getByRole('table', { name: 'Members' }))
        .getAllByRole('row')
        .slice(1)
    expect(members()).toHaveLength(1)
    const picker = screen.getByRole('combobox', { name: 'Add members' })
    fireEvent.focus(picker)
    fireEvent.change(picker, { target: { value: 'User' } })
    // the current member is not offered again
    await screen.findByRole('option', { name: /User 003/ })
    expect(screen.queryByRole('option', { name: /User 001/ })).toBeNull()
    fireEvent.mouseDown(screen.getByRole('option', { name: /User 003/ }))
    await waitFor(() => expect(members()).toHaveLength(2))
    expect(tenant.callsOf('sim.groups.update')[0]).toEqual({ objectId: 'obj-g-sales', addMemberIds: ['obj-u003'] })

    fireEvent.click(screen.getByRole('button', { name: 'Remove User 001 from Sales' }))
    await waitFor(() => expect(members()).toHaveLength(1))
    expect(tenant.groups[0].memberIds).toEqual(['obj-u003'])

    fireEvent.click(screen.getByRole('button', { name: 'Rename' }))
    const rename = await screen.findByRole('dialog', { name: 'Rename group' })
    fireEvent.change(within(rename).getByLabelText('Group name'), { target: { value: 'Sales EMEA' } })
    fireEvent.click(within(rename).getByRole('button', { name: 'Rename' }))
    expect(await screen.findByRole('heading', { name: 'Sales EMEA' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Delete group' }))
    const confirm = await screen.findByRole('dialog', { name: 'Delete group?' })
    expect(confirm.textContent).toContain('The group is assigned to the app')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete group' }))
    await waitFor(() => expect(useRouter.getState().path).toBe('/sim/directory'))
    expect(tenant.groups).toHaveLength(0)
  })

  it('New group creates it and opens its page', async () => {
    render(<DirectoryPage />)
    await screen.findByText('3 users')
    fireEvent.click(screen.getByRole('tab', { name: /Groups/ }))
    expect(await screen.findByText('1 group')).toBeTruthy()
    expect(within(screen.getByRole('table', { name: 'Groups' })).getByText('Assigned')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'New group' }))
    const dialog = await screen.findByRole('dialog', { name: 'New group' })
    fireEvent.change(within(dialog).getByLabelText('Group name'), { target: { value: 'Marketing' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }))
    await waitFor(() => expect(useRouter.getState().path).toMatch(/^\/sim\/directory\/groups\/obj-g-/))
    expect(tenant.callsOf('sim.groups.create')[0]).toEqual({ displayName: 'Marketing' })
  })
})
