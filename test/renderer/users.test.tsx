// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildUsers, installFakeHarness } from './users-fake-harness'

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const harness = installFakeHarness({
  users: buildUsers(120),
  groups: [
    { id: 'g-sales', displayName: 'Sales', externalId: 'sales-ext', memberIds: ['u-001', 'u-002', 'u-003'] },
    { id: 'g-support', displayName: 'Support', externalId: 'support-ext', memberIds: ['u-004'] },
  ],
})
const { UsersPage } = await import('../../src/renderer/src/features/users/UsersPage')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useUsersView } = await import('../../src/renderer/src/stores/users-store')

const usersRows = (): HTMLElement[] =>
  within(screen.getByRole('table', { name: 'Users' }))
    .getAllByRole('row')
    .slice(1)
const lastListCall = (): Record<string, unknown> => harness.callsOf('users.list').at(-1)!

beforeEach(() => {
  harness.calls.length = 0
  harness.failures.clear()
  useUsersView.getState().clearFilters()
  useRouter.getState().navigate('/users')
})
afterEach(cleanup)
// the debounce and full-page renders can outlast the 1 s default on a loaded two-core CI machine
configure({ asyncUtilTimeout: 5000 })

describe('Users screen', () => {
  it('shows the first page of 50, sorted as the server sends it, with every column', async () => {
    render(<UsersPage />)
    expect(await screen.findByText('120 users')).toBeTruthy()
    expect(harness.callsOf('users.list')[0]).toEqual({ offset: 0, limit: 50, status: 'all' })
    const rows = usersRows()
    expect(rows).toHaveLength(50)
    const fourth = within(rows[3])
    expect(fourth.getByText('user004@contoso.com')).toBeTruthy()
    expect(fourth.getByText('User 004')).toBeTruthy()
    expect(fourth.getByText('user004@mail.contoso.com')).toBeTruthy()
    expect(fourth.getByText('Inactive')).toBeTruthy()
    expect(fourth.getByText('Viewer')).toBeTruthy()
    expect(fourth.getByText('Federated')).toBeTruthy()
    expect(within(rows[0]).getByText('Active')).toBeTruthy()
    expect(within(rows[9]).getByText('Manager')).toBeTruthy()
    expect(screen.getByText('1–50 of 120')).toBeTruthy()
  })

  it('pages on the server: Next asks for offset 50, then 100, and shows those users', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('user051@contoso.com')
    expect(lastListCall()).toMatchObject({ offset: 50, limit: 50 })
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('user101@contoso.com')
    expect(lastListCall()).toMatchObject({ offset: 100, limit: 50 })
    expect(usersRows()).toHaveLength(20)
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'First' }))
    await screen.findByText('user001@contoso.com')
    expect(lastListCall()).toMatchObject({ offset: 0 })
  })

  it('keeps the page and filters when the screen is left and opened again', async () => {
    const first = render(<UsersPage />)
    await screen.findByText('120 users')
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'active' } })
    await screen.findByText('90 users')
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await waitFor(() => expect(lastListCall()).toMatchObject({ offset: 50, status: 'active' }))
    first.unmount()
    harness.calls.length = 0
    render(<UsersPage />)
    await screen.findByText('90 users')
    expect(harness.callsOf('users.list')[0]).toMatchObject({ offset: 50, status: 'active' })
    expect((screen.getByRole('combobox', { name: 'Status' }) as HTMLSelectElement).value).toBe('active')
  })

  it('debounces the search: one request after typing pauses, from the first page', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('user051@contoso.com')
    const box = screen.getByRole('searchbox', { name: 'Search users by name or email' })
    fireEvent.change(box, { target: { value: 'u' } })
    fireEvent.change(box, { target: { value: 'user0' } })
    fireEvent.change(box, { target: { value: 'user01' } })
    // nothing is sent while typing
    expect(harness.callsOf('users.list').some((c) => c.search !== undefined)).toBe(false)
    await screen.findByText('10 users')
    const searches = harness.callsOf('users.list').filter((c) => c.search !== undefined)
    expect(searches).toEqual([{ offset: 0, limit: 50, status: 'all', search: 'user01' }])
    expect(usersRows().map((r) => r.querySelector('td a')!.textContent)).toEqual(Array.from({ length: 10 }, (_, i) => `user01${i}@contoso.com`))
  })

  it('sends the status, CAL (from the portal catalogue) and group filters, and clears them', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'inactive' } })
    await screen.findByText('30 users')
    expect(lastListCall()).toMatchObject({ status: 'inactive', offset: 0 })

    const calSelect = screen.getByRole('combobox', { name: 'CAL' }) as HTMLSelectElement
    await waitFor(() => expect([...calSelect.options].map((o) => o.value)).toEqual(['', 'Administrator', 'Manager', 'Moderator', 'Contributor', 'Viewer']))
    fireEvent.change(calSelect, { target: { value: 'Manager' } })
    // every 20th user is an inactive Manager (10, 20, ..., 120: the multiples of 4 among them)
    await screen.findByText('6 users')
    expect(lastListCall()).toMatchObject({ status: 'inactive', cal: 'Manager' })

    fireEvent.change(calSelect, { target: { value: '' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'all' } })
    const picker = screen.getByRole('combobox', { name: 'Filter by group' })
    fireEvent.focus(picker)
    fireEvent.change(picker, { target: { value: 'Sal' } })
    // the picker searches groups on the server once typing pauses
    await waitFor(() => expect(harness.callsOf('groups.list').at(-1)).toMatchObject({ search: 'Sal' }))
    await waitFor(() => expect(screen.queryByRole('option', { name: /Support/ })).toBeNull())
    expect(harness.callsOf('groups.list').some((c) => c.search === 'S' || c.search === 'Sa')).toBe(false)
    const option = screen.getByRole('option', { name: /Sales/ })
    fireEvent.mouseDown(option)
    await screen.findByText('3 users')
    expect(lastListCall()).toMatchObject({ groupId: 'g-sales', status: 'all' })
    expect(lastListCall().cal).toBeUndefined()
    expect(screen.getByText('Sales')).toBeTruthy()

    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0])
    await screen.findByText('120 users')
    expect(lastListCall()).toEqual({ offset: 0, limit: 50, status: 'all' })
  })

  it('chooses a group with the keyboard', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')
    const picker = screen.getByRole('combobox', { name: 'Filter by group' })
    fireEvent.focus(picker)
    await screen.findByRole('option', { name: /Support/ })
    fireEvent.keyDown(picker, { key: 'ArrowDown' })
    fireEvent.keyDown(picker, { key: 'Enter' })
    await screen.findByText('1 user')
    expect(lastListCall()).toMatchObject({ groupId: 'g-support' })
  })

  it('opens a user from a row click or Enter on the focused row', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')
    fireEvent.click(within(usersRows()[6]).getByText('User 007'))
    expect(useRouter.getState().path).toBe('/users/u-007')
    expect(window.location.hash).toBe('#/users/u-007')

    const row = screen.getByRole('row', { name: 'Open user user012@contoso.com' })
    expect(row.tabIndex).toBe(0)
    fireEvent.keyDown(row, { key: 'Enter' })
    expect(useRouter.getState().path).toBe('/users/u-012')
  })

  it('moves between rows with the arrow keys', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')
    const rows = usersRows()
    rows[0].focus()
    fireEvent.keyDown(rows[0], { key: 'ArrowDown' })
    expect(document.activeElement).toBe(rows[1])
    fireEvent.keyDown(rows[1], { key: 'ArrowUp' })
    expect(document.activeElement).toBe(rows[0])
  })

  it('refreshes when the workspace changes', async () => {
    render(<UsersPage />)
    await screen.findByText('120 users')
    harness.users.push({ ...buildUsers(121)[120] })
    act(() => harness.emit({ type: 'changed', data: { revision: 2 } }))
    await screen.findByText('121 users')
    harness.users.pop()
  })

  it('says what to do when there are no users yet, and when filters match none', async () => {
    const saved = harness.users.splice(0)
    try {
      render(<UsersPage />)
      expect(await screen.findByText('No users yet')).toBeTruthy()
      expect(screen.getByText(/Point Entra ID at the BASE URI with an API token/)).toBeTruthy()
      expect(screen.getByRole('link', { name: /Portal Settings › Apps › Provisioning/ })).toBeTruthy()
      expect(screen.queryByRole('table')).toBeNull()
    } finally {
      harness.users.push(...saved)
    }
    cleanup()
    useUsersView.getState().setFilters({ search: 'nobody-by-this-name' })
    render(<UsersPage />)
    expect(await screen.findByText('No users match these filters.')).toBeTruthy()
    expect(screen.queryByText('No users yet')).toBeNull()
  })

  it('shows an error envelope in a notice and retries', async () => {
    harness.failures.set('users.list', { code: 'offline', message: 'The harness does not answer. Is `scim-harness serve` still running?' })
    render(<UsersPage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load users')
    expect(alert.textContent).toContain('The harness does not answer')
    harness.failures.delete('users.list')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    await screen.findByText('120 users')
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
