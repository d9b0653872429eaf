// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CalExplanationView } from '../../src/shared/console/api'
import { buildUsers, installFakeHarness, type FakeUser } from './users-fake-harness'

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const harness = installFakeHarness({
  users: buildUsers(5),
  groups: [
    { id: 'g-sales', displayName: 'Sales', externalId: 'sales-ext', memberIds: ['u-001', 'u-002'] },
    { id: 'g-emea', displayName: 'EMEA', externalId: 'emea-ext', memberIds: ['u-001'] },
  ],
})
const { UserDetailPage } = await import('../../src/renderer/src/features/users/UserDetailPage')
const { useRouter } = await import('../../src/renderer/src/stores/router')

const rule = (id: string, attributePath: string, matchingText: string, targetCal: string) => ({
  id,
  attributePath,
  condition: 'equals' as const,
  matchingText,
  targetCal,
  enabled: true,
})

/** u-001 is a Manager through the Sales group; a title rule also matched but lost to the higher CAL. */
function explainByGroup(user: FakeUser): CalExplanationView {
  return {
    cal: 'Manager',
    reason: { kind: 'rule', ruleId: 'r2', ruleIndex: 1, attributePath: 'groups', matchedValue: 'Sales', groupId: 'g-sales', groupDisplayName: 'Sales' },
    policy: 'highestCal',
    rules: [
      {
        rule: rule('r1', 'title', 'Engineer', 'Contributor'),
        ruleIndex: 0,
        outcome: 'matched',
        matched: true,
        winner: false,
        why: 'title is "Engineer", but Manager is higher',
      },
      { rule: rule('r2', 'groups', 'Sales', 'Manager'), ruleIndex: 1, outcome: 'matched', matched: true, winner: true, why: 'member of group Sales' },
      {
        rule: rule('r3', 'department', 'Finance', 'Administrator'),
        ruleIndex: 2,
        outcome: 'notMatched',
        matched: false,
        winner: false,
        why: 'department is "Sales", not "Finance"',
      },
    ],
    summary: `${user.userName} holds Manager from rule 2 (groups equals "Sales") through group Sales.`,
  }
}

beforeEach(() => {
  harness.calls.length = 0
  harness.failures.clear()
  harness.explanation = explainByGroup
  for (const u of harness.users) u.active = true
})
afterEach(cleanup)
// the debounce and full-page renders can outlast the 1 s default on a loaded two-core CI machine
configure({ asyncUtilTimeout: 5000 })

describe('User detail', () => {
  it('shows the user, its badges, the federated notice and its groups with links', async () => {
    render(<UserDetailPage id="u-001" />)
    expect(await screen.findByRole('heading', { name: 'user001@contoso.com' })).toBeTruthy()
    expect(harness.callsOf('users.get')[0]).toEqual({ id: 'u-001' })
    expect(screen.getAllByText('Active').length).toBeGreaterThan(0)
    expect(screen.getByText('CAL: Viewer')).toBeTruthy()
    const notice = screen.getByText('Federated user').closest('.notice')!
    expect(notice.textContent).toContain('managed by Entra ID and cannot be edited here')
    expect(screen.getByText('ext-001')).toBeTruthy()
    const sales = screen.getByRole('link', { name: 'Sales' })
    expect(sales.getAttribute('href')).toBe('#/groups/g-sales')
    fireEvent.click(sales)
    expect(useRouter.getState().path).toBe('/groups/g-sales')
  })

  it('explains the CAL: the summary, then every rule with its outcome and why, the winner highlighted', async () => {
    render(<UserDetailPage id="u-001" />)
    await screen.findByRole('heading', { name: 'user001@contoso.com' })
    fireEvent.click(screen.getByRole('tab', { name: 'CAL' }))
    expect(screen.getByTestId('cal-summary').textContent).toContain('holds Manager from rule 2 (groups equals "Sales") through group Sales')
    expect(screen.getByTestId('cal-summary').textContent).toContain('through group Sales')
    const rows = within(screen.getByRole('table', { name: 'CAL rules, in list order' }))
      .getAllByRole('row')
      .slice(1)
    expect(rows).toHaveLength(3)
    expect(rows[0].textContent).toContain('but Manager is higher')
    expect(rows[0].className).not.toContain('cal-winner')
    expect(rows[1].className).toContain('cal-winner')
    expect(within(rows[1]).getByText('Winner')).toBeTruthy()
    expect(within(rows[2]).getByText('No match')).toBeTruthy()
    expect(rows[2].textContent).toContain('not "Finance"')
    expect(screen.getByText('When several rules match, the highest CAL wins.')).toBeTruthy()
  })

  it('says when the default CAL applies because there are no rules', async () => {
    harness.explanation = (u) => ({
      cal: 'Viewer',
      reason: { kind: 'default' },
      policy: 'firstRule',
      rules: [],
      summary: `${u.userName} holds Viewer, the default CAL.`,
    })
    render(<UserDetailPage id="u-002" />)
    await screen.findByRole('heading', { name: 'user002@contoso.com' })
    fireEvent.click(screen.getByRole('tab', { name: 'CAL' }))
    expect(screen.getByTestId('cal-summary').textContent).toContain('user002@contoso.com holds Viewer, the default CAL.')
    expect(screen.getByText(/No CAL assignment rules/)).toBeTruthy()
  })

  it('deactivates after a confirmation that says users are never deleted, and the badge follows', async () => {
    render(<UserDetailPage id="u-003" />)
    await screen.findByRole('heading', { name: 'user003@contoso.com' })
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate' }))
    const dialog = screen.getByRole('dialog', { name: 'Deactivate user003@contoso.com?' })
    expect(dialog.textContent).toContain('Users are never deleted')
    expect(harness.callsOf('users.setActive')).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deactivate user' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(harness.callsOf('users.setActive')).toEqual([{ id: 'u-003', active: false }])
    expect(screen.getAllByText('Inactive').length).toBeGreaterThan(0)
    expect(screen.queryByText('Active')).toBeNull()
    expect(screen.getByRole('button', { name: 'Reactivate' })).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Reactivate' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reactivate user' }))
    await screen.findByRole('button', { name: 'Deactivate' })
    expect(harness.callsOf('users.setActive').at(-1)).toEqual({ id: 'u-003', active: true })
    expect(screen.queryByText('Inactive')).toBeNull()
  })

  it('Cancel leaves the user as it was', async () => {
    render(<UserDetailPage id="u-003" />)
    await screen.findByRole('heading', { name: 'user003@contoso.com' })
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(harness.callsOf('users.setActive')).toEqual([])
  })

  it('keeps the dialog open with the reason when deactivation is refused', async () => {
    harness.failures.set('users.setActive', {
      code: 'unavailable',
      message: 'The workspace could not be written: the disk is full. Free some space and try again.',
    })
    render(<UserDetailPage id="u-003" />)
    await screen.findByRole('heading', { name: 'user003@contoso.com' })
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate' }))
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate user' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not deactivate')
    expect(alert.textContent).toContain('the disk is full')
    expect(screen.getByRole('dialog')).toBeTruthy()
    expect(screen.queryByText('Inactive')).toBeNull()
  })

  it('shows a notice for an error envelope (a user that no longer exists)', async () => {
    render(<UserDetailPage id="u-404" />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('User not found')
    expect(alert.textContent).toContain("There is no user with id 'u-404'")
    fireEvent.click(screen.getByRole('button', { name: '← All users' }))
    expect(useRouter.getState().path).toBe('/users')
  })

  it('shows the SCIM resource as pretty JSON with a copy button', async () => {
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<UserDetailPage id="u-001" />)
    await screen.findByRole('heading', { name: 'user001@contoso.com' })
    fireEvent.click(screen.getByRole('tab', { name: 'SCIM resource' }))
    const pre = screen.getByLabelText('SCIM resource JSON')
    expect(JSON.parse(pre.textContent!)).toMatchObject({ id: 'u-001', userName: 'user001@contoso.com', meta: { resourceType: 'User' } })
    expect(pre.textContent).toContain('\n  "userName"')
    fireEvent.click(screen.getByRole('button', { name: 'Copy SCIM resource JSON' }))
    await screen.findByText('Copied')
    expect(writeText).toHaveBeenCalledWith(pre.textContent)
  })

  it('lists the provisioning history newest first, errors marked, bodies on demand', async () => {
    harness.history.set('u-004', [
      {
        seq: 1,
        time: '2025-03-01T10:00:00.000Z',
        method: 'POST',
        path: '/scim/v2/Users',
        status: 201,
        durationMs: 12,
        rules: [],
        client: 'simulator',
        requestBody: '{"userName":"user004@contoso.com"}',
        responseBody: '{"id":"u-004"}',
      },
      {
        seq: 2,
        time: '2025-03-01T10:40:00.000Z',
        method: 'PATCH',
        path: '/scim/v2/Users/u-004',
        status: 400,
        durationMs: 5,
        rules: ['entraBooleanStrings'],
        client: 'external',
        requestBody: '{"Operations":[{"op":"Replace","path":"active","value":"False"}]}',
        responseBody: '{"detail":"bad"}',
      },
    ])
    render(<UserDetailPage id="u-004" />)
    await screen.findByRole('heading', { name: 'user004@contoso.com' })
    fireEvent.click(screen.getByRole('tab', { name: 'History (2)' }))
    const rows = within(screen.getByRole('table', { name: 'Provisioning history' }))
      .getAllByRole('row')
      .slice(1)
    expect(rows[0].textContent).toContain('PATCH')
    expect(rows[0].className).toContain('row-error')
    expect(within(rows[0]).getByText('400')).toBeTruthy()
    expect(rows[0].textContent).toContain('entraBooleanStrings')
    expect(rows[1].textContent).toContain('POST')
    expect(rows[1].className).not.toContain('row-error')
    expect(rows[1].textContent).toContain('Simulator')

    const toggle = within(rows[0]).getByRole('button', { name: 'Show bodies of PATCH /scim/v2/Users/u-004' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    expect(screen.getByText('Request body')).toBeTruthy()
    expect(screen.getByText(/"op": "Replace"/)).toBeTruthy()
    expect(screen.getByText(/"detail": "bad"/)).toBeTruthy()
  })

  it('refreshes when the workspace changes (Entra deactivated the user meanwhile)', async () => {
    render(<UserDetailPage id="u-005" />)
    await screen.findByRole('heading', { name: 'user005@contoso.com' })
    harness.users[4].active = false
    harness.emit({ type: 'changed', data: { revision: 9 } })
    expect(await screen.findByRole('button', { name: 'Reactivate' })).toBeTruthy()
  })
})
