// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEntry, exchange, installSimFake, user } from './sim-screens-fake'
import type { OnDemandResult } from '../../src/shared/console/provisioning-log-schema'
import type { SourceUserRow } from '../../src/shared/console/simulator-api'

const fake = installSimFake()
const { OnDemandPage } = await import('../../src/renderer/src/features/sim-on-demand/OnDemandPage')
const { useRouter } = await import('../../src/renderer/src/stores/router')

configure({ asyncUtilTimeout: 5000 })

const users = Array.from({ length: 7 }, (_, i) => user(i + 1, i === 3 ? { accountEnabled: false } : {}))
const [adele] = users

/** A user's result as provision-on-demand.ts builds it: Import, scope, Match (no match), Perform action (Create). */
function createdResult(u: SourceUserRow, n: number): OnDemandResult {
  const entry = { ...createEntry(n, u), id: `log-od-${n}`, onDemand: true }
  return {
    subject: { id: u.objectId, displayName: u.userPrincipalName, type: 'User' },
    action: 'create',
    steps: [
      {
        name: 'Import user',
        status: 'success',
        description: `Retrieved User '${u.userPrincipalName}' from Azure Active Directory`,
        details: { userPrincipalName: u.userPrincipalName, displayName: u.displayName, jobTitle: u.jobTitle },
      },
      {
        name: 'Determine if user is in scope',
        status: 'success',
        description: `User '${u.userPrincipalName}' is in scope: active, and assigned to the application.`,
        details: { 'Active in source system': 'True', 'Assigned to application': 'True', 'Scope sync all': 'False', 'Scope evaluation result': 'In scope' },
      },
      {
        name: 'Match user between source and target system',
        status: 'success',
        description: `User '${u.userPrincipalName}' will be created in SCIM Harness (no matching User was found)`,
        details: {},
      },
      {
        name: 'Perform action',
        status: 'success',
        description: `User '${u.userPrincipalName}' was created in SCIM Harness`,
        details: { Action: 'Create', userPrincipalName: u.userPrincipalName, jobTitle: u.jobTitle },
      },
    ],
    exchanges: [exchange('GET', '/Users?filter=userName+eq+%2200000000-probe%22', 200, { totalResults: 0, Resources: [] }), ...entry.exchanges],
    entry,
    members: [],
  }
}

beforeEach(() => {
  fake.calls.length = 0
  fake.failures.clear()
  fake.offline = false
  fake.users = users
  fake.groups = [
    {
      objectId: 'g-sales',
      displayName: 'Sales',
      mailNickname: 'sales',
      memberCount: 7,
      assigned: true,
      targetId: null,
      memberIds: users.map((u) => u.objectId),
    },
  ]
  fake.onDemand = (input) => ({
    ok: true,
    value: createdResult(
      users.find((u) => u.objectId === input.userId)!,
      1,
    ),
  })
  useRouter.getState().navigate('/sim/on-demand')
})
afterEach(cleanup)

async function pickUser(name: string): Promise<void> {
  const box = screen.getByRole('combobox', { name: 'User to provision' })
  fireEvent.focus(box)
  fireEvent.change(box, { target: { value: name } })
  // the search goes to the server once the typing pauses
  await waitFor(() => expect(fake.callsOf('sim.users.list').at(-1)).toMatchObject({ search: name }))
  const option = await screen.findByRole('option', { name: new RegExp(name, 'i') })
  fireEvent.mouseDown(option)
}

describe('Provision on demand: a user', () => {
  it("provisions the chosen user and shows Entra's steps, each expanding to its details, the action and the HTTP behind it", async () => {
    render(<OnDemandPage />)
    expect((screen.getByRole('button', { name: 'Provision' }) as HTMLButtonElement).disabled).toBe(true)
    await pickUser('Adele')
    expect(screen.getByRole('button', { name: 'Clear user Adele Vance' })).toBeTruthy()
    expect(fake.callsOf('sim.users.list').at(-1)).toMatchObject({ search: 'Adele' })

    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    const steps = await screen.findByRole('list', { name: `Steps for ${adele.userPrincipalName}` })
    expect(fake.callsOf('sim.provisionOnDemand')).toEqual([{ userId: adele.objectId }])
    const items = within(steps).getAllByRole('listitem')
    expect(items.map((li) => li.querySelector('strong')!.textContent)).toEqual([
      '1. Import user',
      '2. Determine if user is in scope',
      '3. Match user between source and target system',
      '4. Perform action',
    ])
    for (const item of items) expect(within(item).getByRole('img', { name: 'Success' })).toBeTruthy()
    expect(screen.getByText('Action: Create')).toBeTruthy()
    expect(screen.getByText('Create succeeded.')).toBeTruthy()

    // details are closed until asked for; Match (no match) has none to show
    expect(within(items[1]).queryByText('Active in source system')).toBeNull()
    expect(within(items[2]).queryByRole('button', { name: /View details/ })).toBeNull()
    fireEvent.click(within(items[1]).getByRole('button', { name: 'View details of Determine if user is in scope' }))
    const scope = within(items[1]).getByLabelText('Determine if user is in scope details')
    expect(scope.textContent).toContain('Active in source system')
    expect(scope.textContent).toContain('Assigned to application')
    expect(scope.textContent).toContain('In scope')
    fireEvent.click(within(items[3]).getByRole('button', { name: /View details/ }))
    expect(within(items[3]).getByLabelText('Perform action details').textContent).toContain('Account Manager')

    // the HTTP exchanges behind it: collapsed, then the probe, the matching GET and the POST
    const http = screen.getByRole('button', { name: 'HTTP requests behind this result (3)' })
    expect(http.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(http)
    const exchanges = within(screen.getByRole('list', { name: 'HTTP exchanges' })).getAllByRole('listitem')
    expect(exchanges.map((x) => x.querySelector('.method')!.textContent)).toEqual(['GET', 'GET', 'POST'])
    expect(exchanges[2].textContent).toContain('201 Created')

    fireEvent.click(screen.getByRole('button', { name: 'View resulting user state' }))
    expect(useRouter.getState().path).toBe(`/sim/compare/${adele.objectId}`)
    fireEvent.click(screen.getByRole('button', { name: 'Open log entry' }))
    expect(useRouter.getState().path).toBe('/sim/logs/log-od-1')
  })

  it('picks with the keyboard: arrows move through the matches, Enter chooses', async () => {
    render(<OnDemandPage />)
    const box = screen.getByRole('combobox', { name: 'User to provision' })
    fireEvent.focus(box)
    fireEvent.change(box, { target: { value: 'a' } })
    await screen.findAllByRole('option')
    await waitFor(() => expect(fake.callsOf('sim.users.list').at(-1)).toMatchObject({ search: 'a' }))
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    const options = screen.getAllByRole('option')
    expect(options[1].getAttribute('aria-selected')).toBe('true')
    const second = options[1].textContent!
    fireEvent.keyDown(box, { key: 'Enter' })
    const chip = screen.getByRole('button', { name: /^Clear user / })
    expect(second).toContain(chip.getAttribute('aria-label')!.replace('Clear user ', ''))
  })

  it('shows only a failed Test connection, opened on its details, with the later steps skipped', async () => {
    fake.onDemand = () => ({
      ok: true,
      value: {
        subject: { id: adele.objectId, displayName: adele.userPrincipalName, type: 'User' },
        action: null,
        steps: [
          {
            name: 'Test connection',
            status: 'failure',
            description: 'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.',
            details: { ErrorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable', Details: 'HTTP 401 Unauthorized' },
          },
          ...['Import user', 'Determine if user is in scope', 'Match user between source and target system', 'Perform action'].map((name) => ({
            name,
            status: 'skipped' as const,
            description: 'Not run: an earlier step stopped provisioning.',
            details: {},
          })),
        ],
        exchanges: [exchange('GET', '/Users?filter=userName+eq+%22probe%22', 401, { detail: 'Unauthorized' })],
        entry: null,
        members: [],
      },
    })
    render(<OnDemandPage />)
    await pickUser('Adele')
    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    const steps = await screen.findByRole('list', { name: `Steps for ${adele.userPrincipalName}` })
    const items = within(steps).getAllByRole('listitem')
    expect(items).toHaveLength(5)
    expect(within(items[0]).getByRole('img', { name: 'Failure' })).toBeTruthy()
    expect(within(items[0]).getByLabelText('Test connection details').textContent).toContain('HTTP 401 Unauthorized')
    expect(items.slice(1).every((li) => within(li).queryByRole('img', { name: 'Skipped' }) !== null)).toBe(true)
    expect(screen.getByText('Action: None')).toBeTruthy()
    expect(screen.getByRole('alert').textContent).toContain('Test connection failed')
    expect(screen.queryByRole('button', { name: 'Open log entry' })).toBeNull()
  })

  it('shows an out-of-scope user as not provisioned, a warning rather than a failure', async () => {
    fake.onDemand = () => {
      const result = createdResult(adele, 3)
      const [imported] = result.steps
      return {
        ok: true,
        value: {
          ...result,
          action: 'skip',
          steps: [
            imported,
            {
              name: 'Determine if user is in scope',
              status: 'failure',
              description: `User '${adele.userPrincipalName}' is out of scope: not assigned to the application, directly or through an assigned group.`,
              details: { 'Assigned to application': 'False' },
            },
            { name: 'Match user between source and target system', status: 'skipped', description: 'The user was not looked up in the target.', details: {} },
            {
              name: 'Perform action',
              status: 'skipped',
              description: 'The user is not assigned to the application, and was never provisioned by it.',
              details: {},
            },
          ],
        },
      }
    }
    render(<OnDemandPage />)
    await pickUser('Adele')
    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    await screen.findByText('Not provisioned: out of scope')
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByText('Action: Skip')).toBeTruthy()
    expect(screen.getByText(/is out of scope: not assigned to the application/, { selector: '.notice div' })).toBeTruthy()
  })

  it('hides a successful Test connection step, as the portal does', async () => {
    fake.onDemand = () => {
      const result = createdResult(adele, 2)
      return { ok: true, value: { ...result, steps: [{ name: 'Test connection', status: 'success', description: 'ok', details: {} }, ...result.steps] } }
    }
    render(<OnDemandPage />)
    await pickUser('Adele')
    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    const steps = await screen.findByRole('list', { name: `Steps for ${adele.userPrincipalName}` })
    expect(within(steps).getAllByRole('listitem')).toHaveLength(4)
    expect(within(steps).queryByText(/Test connection/)).toBeNull()
  })

  it('says why the portal refused the request', async () => {
    fake.failures.set('sim.provisionOnDemand', {
      code: 'notFound',
      message: "User 'grady@contoso.onmicrosoft.com' cannot be found. Disabled or deleted users cannot be provisioned on demand.",
    })
    render(<OnDemandPage />)
    await pickUser('Adele')
    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Provision on demand was refused')
    expect(alert.textContent).toContain('Disabled or deleted users cannot be provisioned on demand.')
  })

  it('says the harness does not answer, rather than that the request was refused', async () => {
    render(<OnDemandPage />)
    await pickUser('Adele')
    fake.offline = true
    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The harness does not answer')
    expect(alert.textContent).not.toContain('refused')
  })

  it('opens with the user another screen asked for (?user=<objectId>)', async () => {
    useRouter.getState().navigate(`/sim/on-demand?user=${adele.objectId}`)
    render(<OnDemandPage />)
    expect(await screen.findByRole('button', { name: 'Clear user Adele Vance' })).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Provision' }) as HTMLButtonElement).disabled).toBe(false)
  })
})

describe('Provision on demand: a group', () => {
  it('takes a group and at most 5 of its members, leaves out disabled members, and shows each member’s result', async () => {
    fake.onDemand = (input) => {
      const memberIds = input.memberIds as string[]
      const group: OnDemandResult = {
        subject: { id: 'g-sales', displayName: 'Sales', type: 'Group' },
        action: 'create',
        steps: [
          { name: 'Import group', status: 'success', description: "Retrieved Group 'Sales' from Azure Active Directory", details: { displayName: 'Sales' } },
          {
            name: 'Determine if group is in scope',
            status: 'success',
            description: "Group 'Sales' is in scope: assigned to the application.",
            details: { 'Assigned to application': 'True' },
          },
          { name: 'Match group between source and target system', status: 'success', description: 'No matching Group', details: {} },
          {
            name: 'Perform action',
            status: 'success',
            description: "Group 'Sales' was created",
            details: { Action: 'Create', members: String(memberIds.length) },
          },
        ],
        exchanges: [],
        entry: { ...createEntry(9, adele), id: 'log-group' },
        members: memberIds.map((id, i) =>
          createdResult(
            users.find((u) => u.objectId === id)!,
            10 + i,
          ),
        ),
      }
      return { ok: true, value: group }
    }
    render(<OnDemandPage />)
    fireEvent.click(screen.getByRole('radio', { name: 'A group and up to 5 members' }))
    const box = screen.getByRole('combobox', { name: 'Group to provision' })
    fireEvent.focus(box)
    fireEvent.change(box, { target: { value: 'Sal' } })
    fireEvent.mouseDown(await screen.findByRole('option', { name: /Sales/ }))

    const members = await screen.findByRole('group', { name: /Members to provision/ })
    const boxes = within(members).getAllByRole('checkbox') as HTMLInputElement[]
    expect(boxes).toHaveLength(7)
    expect(boxes[3].disabled).toBe(true)
    expect(members.textContent).toContain('Sign-in blocked: cannot be found')
    for (const i of [0, 1, 2, 4, 5]) fireEvent.click(boxes[i])
    expect(members.textContent).toContain('5 of at most 5 selected')
    expect(boxes[6].disabled).toBe(true)
    expect(boxes[0].disabled).toBe(false)

    fireEvent.click(screen.getByRole('button', { name: 'Provision' }))
    await screen.findByRole('list', { name: 'Steps for Sales' })
    expect(fake.callsOf('sim.provisionOnDemand')).toEqual([{ groupId: 'g-sales', memberIds: [0, 1, 2, 4, 5].map((i) => users[i].objectId) }])
    const memberResults = screen.getByRole('region', { name: 'Members' })
    expect(within(memberResults).getByRole('heading', { name: 'Members (5)' })).toBeTruthy()
    expect(within(memberResults).getAllByText('Create')).toHaveLength(5)
    expect(screen.queryByRole('button', { name: 'View resulting user state' })).toBeNull()
    const first = screen.getByRole('button', { name: new RegExp(`^${users[0].userPrincipalName}`) })
    fireEvent.click(first)
    expect(screen.getByRole('list', { name: `Steps for ${users[0].userPrincipalName}` })).toBeTruthy()
    expect(screen.getByRole('link', { name: `Resulting user state of ${users[0].userPrincipalName}` }).getAttribute('href')).toBe(
      `#/sim/compare/${users[0].objectId}`,
    )
  })
})
