// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OFFLINE, buildSourceUsers, installFakeTenant } from './sim-directory-fake'

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const tenant = installFakeTenant()
const { AssignmentsPage } = await import('../../src/renderer/src/features/sim-assignments/AssignmentsPage')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')
const { useSimStore } = await import('../../src/renderer/src/stores/sim-store')

configure({ asyncUtilTimeout: 5000 })

const assignedTable = (): HTMLElement => screen.getByRole('table', { name: 'Assigned users and groups' })
const assignedRows = (): HTMLElement[] => within(assignedTable()).getAllByRole('row').slice(1)
const toastTexts = (): string[] => useToasts.getState().toasts.map((t) => t.text)

beforeEach(() => {
  tenant.users = buildSourceUsers(5)
  tenant.groups = [
    { objectId: 'obj-g-sales', displayName: 'Sales', mailNickname: 'sales', memberIds: ['obj-u001', 'obj-u002'] },
    { objectId: 'obj-g-support', displayName: 'Support', mailNickname: 'support', memberIds: ['obj-u004'] },
  ]
  tenant.assignedUsers = new Set()
  tenant.assignedGroups = new Set()
  tenant.calls.length = 0
  tenant.failures.clear()
  useToasts.setState({ toasts: [] })
  useSimStore.setState({ state: undefined, error: undefined })
  useRouter.getState().navigate('/sim/assignments')
})
afterEach(cleanup)

describe('Users and groups (assignments)', () => {
  it('walks the seed’s Add steps: Add user/group, pick users and a group, see them in Selected items, Assign', async () => {
    render(<AssignmentsPage />)
    expect(await screen.findByText('No users or groups are assigned')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '+ Add user/group' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add Assignment' })
    const assign = within(dialog).getByRole('button', { name: 'Assign' }) as HTMLButtonElement
    expect(assign.disabled).toBe(true)
    expect(dialog.textContent).toContain('None Selected')

    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'User 001' }))
    fireEvent.change(within(dialog).getByLabelText('Search users'), { target: { value: 'User 003' } })
    await waitFor(() => expect(within(dialog).queryByRole('checkbox', { name: 'User 001' })).toBeNull())
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'User 003' }))
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Groups' }))
    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'Support' }))

    const selected = within(dialog).getByRole('region', { name: 'Selected items' })
    expect(within(selected).getByText('Selected items (3)')).toBeTruthy()
    expect(selected.textContent).toContain('User 001')
    expect(selected.textContent).toContain('Support')
    // a selection can be taken back from the Selected items list
    fireEvent.click(within(selected).getByRole('button', { name: 'Remove User 003 from the selection' }))
    expect(within(selected).getByText('Selected items (2)')).toBeTruthy()
    expect(dialog.textContent).toContain('1 user, 1 group selected')

    fireEvent.click(assign)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(tenant.callsOf('sim.assign')).toEqual([{ userIds: ['obj-u001'], groupIds: ['obj-g-support'] }])
    expect(toastTexts()).toContain('Assignment succeeded: 1 user and 1 group assigned to the app')
    await waitFor(() => expect(assignedRows()).toHaveLength(2))
    expect(within(assignedRows()[0]).getByText('Support')).toBeTruthy()
    expect(within(assignedRows()[0]).getByText('Group')).toBeTruthy()
    expect(within(assignedRows()[1]).getByText('User 001')).toBeTruthy()
    expect(within(assignedRows()[1]).getByText('Default Access')).toBeTruthy()
  })

  it('shows objects already assigned as such in Add Assignment, so they are not assigned twice', async () => {
    tenant.assignedUsers.add('obj-u002')
    render(<AssignmentsPage />)
    await waitFor(() => expect(assignedRows()).toHaveLength(1))
    fireEvent.click(screen.getByRole('button', { name: '+ Add user/group' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add Assignment' })
    const already = (await within(dialog).findByRole('checkbox', { name: 'User 002 (already assigned)' })) as HTMLInputElement
    expect(already.checked).toBe(true)
    expect(already.disabled).toBe(true)
  })

  it('walks the De-Provisioning steps: select rows, Remove, confirm; only the selected are unassigned', async () => {
    tenant.assignedUsers = new Set(['obj-u001', 'obj-u003'])
    tenant.assignedGroups = new Set(['obj-g-sales'])
    render(<AssignmentsPage />)
    await waitFor(() => expect(assignedRows()).toHaveLength(3))
    const remove = screen.getByRole('button', { name: 'Remove' }) as HTMLButtonElement
    expect(remove.disabled).toBe(true)
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select User 003' }))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Sales' }))
    fireEvent.click(screen.getByRole('button', { name: 'Remove (2)' }))
    const confirm = await screen.findByRole('dialog', { name: 'Remove assignment' })
    expect(confirm.textContent).toContain('the next cycle disables them in the target')
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(assignedRows()).toHaveLength(1))
    expect(tenant.callsOf('sim.unassign')).toEqual([{ userIds: ['obj-u003'], groupIds: ['obj-g-sales'] }])
    expect(within(assignedRows()[0]).getByText('User 001')).toBeTruthy()
    expect(toastTexts()).toContain('Removed 1 user and 1 group from the app')
    expect((screen.getByRole('button', { name: 'Remove' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('selects every row of the page at once', async () => {
    tenant.assignedUsers = new Set(['obj-u001', 'obj-u002'])
    render(<AssignmentsPage />)
    await waitFor(() => expect(assignedRows()).toHaveLength(2))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }))
    expect(screen.getByRole('button', { name: 'Remove (2)' })).toBeTruthy()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }))
    expect((screen.getByRole('button', { name: 'Remove' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('shows each assigned user with how it is assigned: directly or through a group', async () => {
    tenant.assignedUsers = new Set(['obj-u003'])
    tenant.assignedGroups = new Set(['obj-g-sales'])
    tenant.users[1].accountEnabled = false
    render(<AssignmentsPage />)
    fireEvent.click(await screen.findByRole('tab', { name: 'Users in scope' }))
    const table = await screen.findByRole('table', { name: 'Users in scope' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)
    expect(tenant.callsOf('sim.users.list').at(-1)).toMatchObject({ filter: 'assigned' })
    expect(within(rows[0]).getByText('Assigned via group')).toBeTruthy()
    expect(within(rows[1]).getByText('Assigned via group')).toBeTruthy()
    expect(within(rows[1]).getByText('Sign-in blocked')).toBeTruthy()
    expect(within(rows[1]).getByText('Out of scope')).toBeTruthy()
    expect(within(rows[2]).getByText('Assigned directly')).toBeTruthy()
  })

  it('opens the directory page of an assigned object from its row', async () => {
    tenant.assignedGroups = new Set(['obj-g-sales'])
    render(<AssignmentsPage />)
    await waitFor(() => expect(assignedRows()).toHaveLength(1))
    fireEvent.keyDown(assignedRows()[0], { key: 'Enter' })
    expect(useRouter.getState().path).toBe('/sim/directory/groups/obj-g-sales')
  })

  it('refetches when the simulator reports a change (an assignment made elsewhere)', async () => {
    render(<AssignmentsPage />)
    await screen.findByText('No users or groups are assigned')
    tenant.assignedUsers.add('obj-u005')
    act(() => tenant.emit({ type: 'sim', data: tenant.snapshot() }))
    await waitFor(() => expect(assignedRows()).toHaveLength(1))
    expect(await screen.findByRole('tab', { name: 'Assigned (1)' })).toBeTruthy()
  })

  it('says so when the harness does not answer', async () => {
    tenant.failures.set('sim.assignments.list', OFFLINE)
    render(<AssignmentsPage />)
    expect(await screen.findByText(/The harness does not answer/)).toBeTruthy()
  })
})
