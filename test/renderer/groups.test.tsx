// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildUsers, installFakeHarness, type FakeGroup } from './users-fake-harness'

const groups: FakeGroup[] = Array.from({ length: 60 }, (_, i) => ({
  id: `g-${String(i + 1).padStart(2, '0')}`,
  displayName: `Team ${String(i + 1).padStart(2, '0')}`,
  externalId: `team-ext-${i + 1}`,
  memberIds: i === 0 ? ['u-001', 'u-002', 'u-004'] : [],
}))

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const harness = installFakeHarness({ users: buildUsers(10), groups })
const { GroupsPage } = await import('../../src/renderer/src/features/groups/GroupsPage')
const { GroupDetailPage } = await import('../../src/renderer/src/features/groups/GroupDetailPage')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useGroupsView, useUsersView } = await import('../../src/renderer/src/stores/users-store')

const groupRows = (): HTMLElement[] =>
  within(screen.getByRole('table', { name: 'Groups' }))
    .getAllByRole('row')
    .slice(1)

beforeEach(() => {
  harness.calls.length = 0
  harness.failures.clear()
  useGroupsView.setState({ offset: 0, search: '' })
  useUsersView.getState().clearFilters()
})
afterEach(cleanup)
// the debounce and full-page renders can outlast the 1 s default on a loaded two-core CI machine
configure({ asyncUtilTimeout: 5000 })

describe('Groups screen', () => {
  it('pages through groups on the server with name, external id, members and last modified', async () => {
    render(<GroupsPage />)
    expect(await screen.findByText('60 groups')).toBeTruthy()
    expect(harness.callsOf('groups.list')[0]).toEqual({ offset: 0, limit: 50 })
    expect(groupRows()).toHaveLength(50)
    const first = within(groupRows()[0])
    expect(first.getByText('Team 01')).toBeTruthy()
    expect(first.getByText('team-ext-1')).toBeTruthy()
    expect(first.getByText('3')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('Team 51')
    expect(harness.callsOf('groups.list').at(-1)).toEqual({ offset: 50, limit: 50 })
    expect(groupRows()).toHaveLength(10)
  })

  it('debounces the search and sends it from the first page', async () => {
    render(<GroupsPage />)
    await screen.findByText('60 groups')
    const box = screen.getByRole('searchbox', { name: 'Search groups by name or external ID' })
    fireEvent.change(box, { target: { value: 'Team 0' } })
    fireEvent.change(box, { target: { value: 'Team 05' } })
    expect(harness.callsOf('groups.list').filter((c) => c.search !== undefined)).toEqual([])
    await screen.findByText('1 group')
    expect(harness.callsOf('groups.list').filter((c) => c.search !== undefined)).toEqual([{ offset: 0, limit: 50, search: 'Team 05' }])
    expect(groupRows()).toHaveLength(1)
  })

  it('says what to do when a search matches nothing, and clears it', async () => {
    useGroupsView.setState({ search: 'nothing-like-this' })
    render(<GroupsPage />)
    expect(await screen.findByText('No group matches “nothing-like-this”.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Clear search' }))
    await screen.findByText('60 groups')
  })

  it('opens a group from its row', async () => {
    render(<GroupsPage />)
    await screen.findByText('60 groups')
    fireEvent.click(within(groupRows()[1]).getByText('team-ext-2'))
    expect(useRouter.getState().path).toBe('/groups/g-02')
    fireEvent.keyDown(screen.getByRole('row', { name: 'Open group Team 03' }), { key: 'Enter' })
    expect(useRouter.getState().path).toBe('/groups/g-03')
  })

  it('shows an error envelope in a notice', async () => {
    harness.failures.set('groups.list', { code: 'offline', message: 'The harness does not answer.' })
    render(<GroupsPage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load groups')
    expect(alert.textContent).toContain('The harness does not answer.')
  })
})

describe('Group detail', () => {
  it('lists the members, each opening its user', async () => {
    render(<GroupDetailPage id="g-01" />)
    expect(await screen.findByRole('heading', { name: 'Team 01' })).toBeTruthy()
    expect(harness.callsOf('groups.get')[0]).toEqual({ id: 'g-01' })
    const rows = within(screen.getByRole('table', { name: 'Members' }))
      .getAllByRole('row')
      .slice(1)
    expect(rows.map((r) => r.querySelector('td')!.textContent)).toEqual(['user001@contoso.com', 'user002@contoso.com', 'user004@contoso.com'])
    expect(within(rows[2]).getByText('Inactive')).toBeTruthy()
    expect(within(rows[0]).getByRole('link', { name: 'user001@contoso.com' }).getAttribute('href')).toBe('#/users/u-001')
    fireEvent.click(within(rows[1]).getByText('User 002'))
    expect(useRouter.getState().path).toBe('/users/u-002')
  })

  it('hands the group to the Users screen as its filter', async () => {
    useUsersView.getState().setFilters({ status: 'inactive' })
    useUsersView.getState().setOffset(50)
    render(<GroupDetailPage id="g-01" />)
    await screen.findByRole('heading', { name: 'Team 01' })
    fireEvent.click(screen.getByRole('button', { name: 'Filter users by this group' }))
    expect(useRouter.getState().path).toBe('/users')
    expect(useUsersView.getState()).toMatchObject({ offset: 0, status: 'all', group: { id: 'g-01', displayName: 'Team 01' } })
  })

  it('shows the SCIM resource JSON', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => undefined) }, configurable: true })
    render(<GroupDetailPage id="g-01" />)
    await screen.findByRole('heading', { name: 'Team 01' })
    fireEvent.click(screen.getByRole('tab', { name: 'SCIM resource' }))
    expect(JSON.parse(screen.getByLabelText('SCIM resource JSON').textContent!)).toMatchObject({
      id: 'g-01',
      displayName: 'Team 01',
      members: [{ value: 'u-001' }, { value: 'u-002' }, { value: 'u-004' }],
    })
  })

  it('shows a notice for a group that does not exist', async () => {
    render(<GroupDetailPage id="g-99" />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Group not found')
    expect(alert.textContent).toContain("There is no group with id 'g-99'")
  })

  it('follows membership changes live', async () => {
    render(<GroupDetailPage id="g-02" />)
    expect(await screen.findByText('This group has no members.')).toBeTruthy()
    harness.groups[1].memberIds.push('u-007')
    act(() => harness.emit({ type: 'changed', data: { revision: 3 } }))
    await waitFor(() => expect(screen.getByRole('table', { name: 'Members' }).textContent).toContain('user007@contoso.com'))
    harness.groups[1].memberIds.pop()
  })
})
