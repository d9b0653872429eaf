// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installSimFake, simState, user } from './sim-screens-fake'

const fake = installSimFake()
const { ComparePage } = await import('../../src/renderer/src/features/sim-compare/ComparePage')
const { formatValue } = await import('../../src/renderer/src/features/sim-compare/compare-values')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')

configure({ asyncUtilTimeout: 5000 })

const adele = user(1)
const source = {
  objectId: adele.objectId,
  userPrincipalName: adele.userPrincipalName,
  mailNickname: 'adele',
  displayName: 'Adele Vance',
  givenName: 'Adele',
  surname: 'Vance',
  jobTitle: 'Director',
  department: 'Sales',
  accountEnabled: true,
}
const target = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 't-1',
  userName: adele.userPrincipalName,
  externalId: 'adele',
  active: true,
  displayName: 'Adele Vance',
  title: 'Account Manager',
  name: { givenName: 'Adele', familyName: 'Vance' },
}

/** Adele was promoted to Director in the tenant; the target still holds Account Manager. */
function comparison(patch: Record<string, unknown> = {}) {
  return {
    source,
    target,
    cal: { cal: 'Manager', summary: 'adele@contoso.onmicrosoft.com holds Manager from rule 1 (department equals "Sales").' },
    attributes: [
      { target: 'userName', expected: adele.userPrincipalName, actual: adele.userPrincipalName, same: true },
      { target: 'active', expected: true, actual: true, same: true },
      { target: 'title', expected: 'Director', actual: 'Account Manager', same: false },
      { target: 'name.givenName', expected: 'Adele', actual: 'Adele', same: true },
      { target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', expected: 'Sales', actual: undefined, same: false },
    ],
    ...patch,
  }
}

beforeEach(() => {
  fake.calls.length = 0
  fake.failures.clear()
  fake.offline = false
  fake.users = [adele]
  fake.compare = (objectId) =>
    objectId === adele.objectId
      ? { ok: true, value: comparison() }
      : { ok: false, error: { code: 'not-found', message: `No user '${objectId}' in the simulated tenant.` } }
  fake.timeline = { steps: [], cursor: 0, report: null }
  useToasts.setState({ toasts: [] })
})
afterEach(cleanup)

describe('Resulting user state', () => {
  it('shows the source and the target side by side, active, the CAL and why', async () => {
    render(<ComparePage objectId={adele.objectId} />)
    const sourceCard = await screen.findByRole('region', { name: 'Source user' })
    expect(fake.callsOf('sim.compare')).toEqual([{ objectId: adele.objectId }])
    const sourceAttrs = within(sourceCard).getByLabelText('Source attributes').textContent!
    expect(sourceAttrs).toContain('jobTitleDirector')
    expect(sourceAttrs).toContain('departmentSales')
    expect(within(sourceCard).getByText('Sign-in allowed')).toBeTruthy()

    const targetCard = screen.getByRole('region', { name: 'Target user' })
    expect(within(targetCard).getByText('Active')).toBeTruthy()
    expect(within(targetCard).getByText('CAL: Manager')).toBeTruthy()
    expect(within(targetCard).getByLabelText('Why this CAL').textContent).toContain('from rule 1 (department equals "Sales")')
    expect(within(targetCard).getByLabelText('Target attributes').textContent).toContain('t-1')
    fireEvent.click(within(targetCard).getByRole('button', { name: 'SCIM resource (JSON)' }))
    expect(within(targetCard).getByLabelText('SCIM resource JSON').textContent).toContain('"title": "Account Manager"')
  })

  it('lists every mapped attribute, expected against actual, the differences highlighted and counted', async () => {
    render(<ComparePage objectId={adele.objectId} />)
    const table = await screen.findByRole('table', { name: 'Mapped attributes' })
    expect(screen.getByText('2 of 5 mapped attributes differ')).toBeTruthy()
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(5)
    const title = rows[2]
    expect(title.className).toContain('simx-diff-row')
    expect(within(title).getByText('Director').className).toContain('simx-cell-expected')
    expect(within(title).getByText('Account Manager').className).toContain('simx-cell-actual')
    expect(within(title).getByText('Differs')).toBeTruthy()
    expect(rows[0].className).not.toContain('simx-diff-row')
    expect(within(rows[1]).getAllByText('true')).toHaveLength(2)
    expect(within(rows[4]).getByText('(absent)')).toBeTruthy()

    fireEvent.click(screen.getByRole('checkbox', { name: 'Differences only' }))
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.firstElementChild!.textContent),
    ).toEqual(['title', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department'])
  })

  it('shows a target that stored active as the string "False" as inactive, and says it is not a boolean', async () => {
    fake.compare = () => ({
      ok: true,
      value: comparison({ target: { ...target, active: 'False' }, attributes: [{ target: 'active', expected: false, actual: 'False', same: false }] }),
    })
    render(<ComparePage objectId={adele.objectId} />)
    const targetCard = await screen.findByRole('region', { name: 'Target user' })
    expect(within(targetCard).getByText('Inactive')).toBeTruthy()
    expect(within(targetCard).getByText('active is "False", not a boolean')).toBeTruthy()
    const row = within(screen.getByRole('table', { name: 'Mapped attributes' })).getAllByRole('row')[1]
    expect(within(row).getByText('false').className).toContain('simx-cell-expected')
    expect(within(row).getByText('"False"').className).toContain('simx-cell-actual')
  })

  it('says when the user is in sync, and when the job has not created it in the target', async () => {
    fake.compare = () => ({ ok: true, value: comparison({ attributes: comparison().attributes.filter((a) => a.same) }) })
    const { unmount } = render(<ComparePage objectId={adele.objectId} />)
    expect(await screen.findByText('In sync')).toBeTruthy()
    unmount()

    fake.compare = () => ({
      ok: true,
      value: comparison({ target: null, cal: null, attributes: [{ target: 'userName', expected: adele.userPrincipalName, actual: undefined, same: false }] }),
    })
    render(<ComparePage objectId={adele.objectId} />)
    expect(await screen.findByText('Not in the target')).toBeTruthy()
    expect(screen.getByText('No target user.')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Open harness user' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('provisions this user on demand, opens the harness user, and adds an expectation from it', async () => {
    render(<ComparePage objectId={adele.objectId} />)
    await screen.findByRole('table', { name: 'Mapped attributes' })
    fireEvent.click(screen.getByRole('button', { name: 'Provision on demand' }))
    expect(useRouter.getState().path).toBe(`/sim/on-demand?user=${adele.objectId}`)
    fireEvent.click(screen.getByRole('button', { name: 'Open harness user' }))
    expect(useRouter.getState().path).toBe('/users/t-1')

    fireEvent.click(screen.getByRole('button', { name: 'Expect this' }))
    await act(async () => {
      await Promise.resolve()
    })
    expect(fake.callsOf('sim.scenario.expectThis')).toEqual([{ objectId: adele.objectId }])
    expect(fake.timeline.steps).toHaveLength(1)
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({ tone: 'ok', text: 'Expectation added to the scenario timeline' })
  })

  it('refreshes when the simulator reports a change', async () => {
    render(<ComparePage objectId={adele.objectId} />)
    await screen.findByText('2 of 5 mapped attributes differ')
    fake.compare = () => ({ ok: true, value: comparison({ attributes: comparison().attributes.map((a) => ({ ...a, actual: a.expected, same: true })) }) })
    act(() => fake.emit({ type: 'sim', data: simState() }))
    expect(await screen.findByText('In sync')).toBeTruthy()
  })

  it('says what went wrong: an unknown user, or a harness that does not answer', async () => {
    const { unmount } = render(<ComparePage objectId="nobody" />)
    expect((await screen.findByRole('alert')).textContent).toContain("No user 'nobody' in the simulated tenant.")
    unmount()
    fake.offline = true
    render(<ComparePage objectId={adele.objectId} />)
    expect((await screen.findByRole('alert')).textContent).toContain('The harness does not answer')
  })
})

describe('formatValue', () => {
  it('keeps the string "False" apart from the boolean false, and names absent values', () => {
    expect(formatValue('False')).toBe('"False"')
    expect(formatValue(false)).toBe('false')
    expect(formatValue('42')).toBe('"42"')
    expect(formatValue('Director')).toBe('Director')
    expect(formatValue(undefined)).toBe('(absent)')
    expect(formatValue('')).toBe('(empty string)')
    expect(formatValue({ value: 't-9' })).toBe('{"value":"t-9"}')
  })
})
