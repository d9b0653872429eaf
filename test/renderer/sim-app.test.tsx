// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BASE_URI, OFFLINE, defaultConfig, fakeVocabulary, installFakeTenant } from './sim-directory-fake'

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const tenant = installFakeTenant()
const { AppPage } = await import('../../src/renderer/src/features/sim-app/AppPage')
const { formatCountdown, remainingMs, intervalInWords } = await import('../../src/renderer/src/features/sim-app/cycle-clock')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')
const { useSimStore } = await import('../../src/renderer/src/stores/sim-store')

configure({ asyncUtilTimeout: 5000 })

const toastTexts = (): string[] => useToasts.getState().toasts.map((t) => t.text)

beforeEach(() => {
  tenant.config = defaultConfig()
  tenant.token = ''
  tenant.state.schedule = { status: 'off', running: false, nextCycleAt: null, speed: 1, now: Date.now() }
  tenant.state.job = { state: 'active' }
  tenant.state.progress = null
  tenant.state.lastCycle = null
  tenant.calls.length = 0
  tenant.failures.clear()
  useToasts.setState({ toasts: [] })
  useSimStore.setState({ state: undefined, error: undefined })
})
afterEach(cleanup)

async function open(tab?: string): Promise<void> {
  useRouter.getState().navigate(tab ? `/sim/app?tab=${tab}` : '/sim/app')
  render(<AppPage />)
  await screen.findByRole('tab', { name: 'Overview' })
}

describe('Enterprise app: Overview', () => {
  it('offers the one-click set-up while no Secret Token is set, and hides it once done', async () => {
    await open()
    const setUp = await screen.findByRole('button', { name: 'Set up against this harness' })
    // Start provisioning needs credentials first
    expect((screen.getByRole('button', { name: 'Start provisioning' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(setUp)
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Set up against this harness' })).toBeNull())
    expect(tenant.callsOf('sim.setupBuiltIn')).toHaveLength(1)
    expect(toastTexts()[0]).toMatch(/^Set up against this harness/)
    expect(screen.getByText(BASE_URI)).toBeTruthy()
    expect(screen.getByText('This harness')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Start provisioning' }) as HTMLButtonElement).disabled).toBe(false)
  })

  it('Start provisioning turns Provisioning Status on; Stop provisioning turns it off', async () => {
    tenant.token = 'good-token'
    await open()
    const status = await screen.findByRole('switch', { name: 'Provisioning Status: Off' })
    expect((status as HTMLInputElement).checked).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'Start provisioning' }))
    expect(await screen.findByRole('switch', { name: 'Provisioning Status: On' })).toBeTruthy()
    expect(tenant.callsOf('sim.provisioning')).toEqual([{ action: 'start' }])
    expect(screen.getByText('Cycle running')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Stop provisioning' }))
    expect(await screen.findByRole('switch', { name: 'Provisioning Status: Off' })).toBeTruthy()
    // the switch itself does the same
    fireEvent.click(screen.getByRole('switch', { name: 'Provisioning Status: Off' }))
    await screen.findByRole('switch', { name: 'Provisioning Status: On' })
    expect(tenant.callsOf('sim.provisioning').map((c) => c.action)).toEqual(['start', 'stop', 'start'])
  })

  it('Restart provisioning says what it clears and runs only when confirmed', async () => {
    tenant.token = 'good-token'
    await open()
    fireEvent.click(await screen.findByRole('button', { name: 'Restart provisioning' }))
    const dialog = await screen.findByRole('dialog', { name: 'Restart provisioning?' })
    expect(dialog.textContent).toContain('watermark')
    expect(dialog.textContent).toContain('escrow')
    expect(dialog.textContent).toContain('quarantine')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(tenant.callsOf('sim.provisioning')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Restart provisioning' }))
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Restart provisioning?' })).getByRole('button', { name: 'Restart provisioning' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(tenant.callsOf('sim.provisioning')).toEqual([{ action: 'restart' }])
    expect(toastTexts()).toContain('Provisioning restarted: the next cycle is an initial cycle')
  })

  it('shows quarantine prominently with its reason as soon as the sim event reports it', async () => {
    tenant.token = 'good-token'
    await open()
    await screen.findByRole('switch', { name: /Provisioning Status/ })
    expect(screen.queryByText('The provisioning job is in quarantine')).toBeNull()
    act(() =>
      tenant.emit({
        type: 'sim',
        data: {
          ...tenant.snapshot(),
          job: {
            state: 'quarantined',
            reason: 'An HTTP/401 Unauthorized response was returned: the Secret Token is not valid.',
            since: '2025-04-01T10:00:00.000Z',
          },
        },
      }),
    )
    const notice = await screen.findByRole('alert')
    expect(notice.textContent).toContain('The provisioning job is in quarantine')
    expect(notice.textContent).toContain('HTTP/401 Unauthorized')
    expect(within(notice).getByRole('button', { name: 'Restart provisioning' })).toBeTruthy()
    expect(screen.getByText(/once a day in quarantine/)).toBeTruthy()
  })

  it('offers Allow deletes when deletes are staged', async () => {
    tenant.token = 'good-token'
    tenant.state.job = { state: 'stagedDeletes', reason: '612 deletes exceed the threshold of 500.' }
    await open()
    expect(await screen.findByText('612 deletes exceed the threshold of 500.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Allow deletes' }))
    await waitFor(() => expect(tenant.callsOf('sim.provisioning')).toEqual([{ action: 'allowDeletes' }]))
  })

  it("counts down to the next cycle from the server's clock, and changes the speed", async () => {
    tenant.token = 'good-token'
    const now = Date.now()
    tenant.state.schedule = { status: 'on', running: false, nextCycleAt: now + 40 * 60_000, speed: 1, now }
    await open()
    const clock = await screen.findByRole('group', { name: 'Next cycle' })
    await waitFor(() => expect(clock.textContent).toMatch(/(40:00|39:5\d)/))
    expect(clock.textContent).toContain('Incremental cycles every 40 minutes')
    // the browser clock is irrelevant: the state's own `now` anchors the countdown
    act(() =>
      tenant.emit({
        type: 'sim',
        data: { ...tenant.snapshot(), schedule: { status: 'on', running: false, nextCycleAt: 1_000_000 + 95_000, speed: 60, now: 1_000_000 } },
      }),
    )
    await waitFor(() => expect(clock.textContent).toMatch(/1:3[45]/))
    await waitFor(() => expect(clock.textContent).toMatch(/1:3[34]/), { timeout: 3000 })
    fireEvent.change(screen.getByLabelText('Clock speed'), { target: { value: '600' } })
    await waitFor(() => expect(tenant.callsOf('sim.clock')).toEqual([{ speed: 600 }]))
    await waitFor(() => expect(clock.textContent).toContain('every 4 seconds'))
    fireEvent.click(screen.getByRole('button', { name: 'Run next cycle now' }))
    await waitFor(() => expect(tenant.callsOf('sim.provisioning')).toEqual([{ action: 'runNow' }]))
  })

  it("shows the running cycle's progress and the last cycle's counts by action and status", async () => {
    tenant.token = 'good-token'
    await open()
    await screen.findByText('No cycle has run yet. Start provisioning to run the initial cycle.')
    act(() =>
      tenant.emit({
        type: 'sim',
        data: {
          ...tenant.snapshot(),
          schedule: { status: 'on', running: true, nextCycleAt: null, speed: 60, now: Date.now() },
          progress: { cycleId: 'c2', kind: 'incremental', done: 25, total: 100 },
          lastCycle: {
            cycleId: 'c1',
            kind: 'initial',
            status: 'completed',
            startedAt: '2025-04-01T10:00:00.000Z',
            finishedAt: '2025-04-01T10:00:04.000Z',
            byAction: { Create: 50, Update: 0 },
            byStatus: { Success: 49, Failure: 1 },
          },
        },
      }),
    )
    const bar = await screen.findByRole('progressbar', { name: 'Current cycle' })
    expect(bar.getAttribute('aria-valuenow')).toBe('25')
    expect(bar.getAttribute('aria-valuemax')).toBe('100')
    expect(screen.getByText(/Incremental cycle in progress/)).toBeTruthy()
    const actions = screen.getByRole('table', { name: 'Last completed cycle: actions' })
    expect(within(actions).getByText('Create')).toBeTruthy()
    expect(within(actions).getByText('50')).toBeTruthy()
    // zero counts are left out
    expect(within(actions).queryByText('Update')).toBeNull()
    expect(within(screen.getByRole('table', { name: 'Last completed cycle: status' })).getByText('Failure')).toBeTruthy()
  })

  it('says so when the harness does not answer sim.state', async () => {
    tenant.failures.set('sim.state', OFFLINE)
    await open()
    expect(await screen.findByText(/The harness does not answer/)).toBeTruthy()
  })
})

describe('Enterprise app: Admin Credentials', () => {
  it('prefills the Tenant URL, tests the unsaved values with Entra’s messages, and saves without showing the token back', async () => {
    await open('credentials')
    const url = (await screen.findByLabelText('Tenant URL')) as HTMLInputElement
    expect(url.value).toBe(BASE_URI)
    expect((screen.getByLabelText('Provisioning Mode') as HTMLSelectElement).value).toBe('automatic')
    const token = screen.getByLabelText(/Secret Token/) as HTMLInputElement
    expect(token.type).toBe('password')
    fireEvent.change(token, { target: { value: 'wrong-token' } })
    fireEvent.click(screen.getByRole('button', { name: 'Test Connection' }))
    expect(await screen.findByText('Testing connection failed')).toBeTruthy()
    expect(screen.getByText(/You appear to have entered invalid credentials/)).toBeTruthy()
    expect(screen.getByText('InvalidCredentials')).toBeTruthy()
    expect(screen.getByText('The user probe was refused with HTTP 401.')).toBeTruthy()
    expect(screen.getByText(/Entra would not let you save them/)).toBeTruthy()
    expect(tenant.callsOf('sim.testConnection')[0]).toEqual({ tenantUrl: BASE_URI, token: 'wrong-token' })

    fireEvent.change(url, { target: { value: 'https://scim.example.com/scim/v2' } })
    fireEvent.change(token, { target: { value: 'good-token' } })
    // an answer for other values is not shown for these
    expect(screen.queryByText('Testing connection failed')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Test Connection' }))
    expect(await screen.findByText('The supplied credentials are authorized to enable provisioning.')).toBeTruthy()
    expect(tenant.callsOf('sim.testConnection')[1]).toEqual({ tenantUrl: 'https://scim.example.com/scim/v2', token: 'good-token' })
    // nothing saved by testing
    expect(tenant.callsOf('sim.config.update')).toHaveLength(0)

    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(tenant.callsOf('sim.config.update')).toEqual([{ tenantUrl: 'https://scim.example.com/scim/v2', token: 'good-token' }]))
    await waitFor(() => expect(toastTexts().some((t) => t.startsWith('Successfully updated'))).toBe(true))
    await waitFor(() => expect((screen.getByLabelText(/Secret Token/) as HTMLInputElement).value).toBe(''))
    expect(await screen.findByText('Set')).toBeTruthy()
    expect(screen.getByText('All changes saved')).toBeTruthy()
  })

  it('keeps the saved token when only the Tenant URL changes', async () => {
    tenant.token = 'good-token'
    await open('credentials')
    const url = (await screen.findByLabelText('Tenant URL')) as HTMLInputElement
    expect((screen.getByLabelText(/Secret Token/) as HTMLInputElement).placeholder).toContain('saved')
    fireEvent.change(url, { target: { value: `${BASE_URI}?aadOptscim062020` } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(tenant.callsOf('sim.config.update')).toEqual([{ tenantUrl: `${BASE_URI}?aadOptscim062020` }]))
    expect(tenant.token).toBe('good-token')
  })
})

describe('Enterprise app: where the Secret Token is kept', () => {
  afterEach(() => {
    delete tenant.state.tokenStorage
  })

  it('says the token is encrypted with the OS key store in the desktop app', async () => {
    tenant.state.tokenStorage = { protection: 'os-encryption', location: '/home/ada/.config/SCIM Harness/secrets.json' }
    await open('credentials')
    expect((await screen.findByTestId('sim-token-storage')).textContent).toBe(
      "Encrypted with the operating system's key store, in /home/ada/.config/SCIM Harness/secrets.json.",
    )
  })

  it('says which file holds it, and why, when it is a private file', async () => {
    tenant.state.tokenStorage = {
      protection: 'private-file',
      location: '/srv/harness/secrets.json',
      note: 'No key store (GNOME Keyring or KWallet) was found on this desktop.',
    }
    await open('credentials')
    expect((await screen.findByTestId('sim-token-storage')).textContent).toBe(
      'Stored in /srv/harness/secrets.json, readable only by your user account. No key store (GNOME Keyring or KWallet) was found on this desktop.',
    )
  })
})

describe('Enterprise app: Mappings', () => {
  const userTable = (): HTMLElement => screen.getByRole('table', { name: 'User attribute mappings' })
  const userRows = (): HTMLElement[] => within(userTable()).getAllByRole('row').slice(1)

  it("offers the core's source attributes (proxyAddresses among them) and Entra's target attributes, as vocabulary.get serves them", async () => {
    await open('mappings')
    await screen.findByRole('table', { name: 'User attribute mappings' })
    fireEvent.click(within(userTable()).getByRole('button', { name: 'Edit displayName' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit attribute' })
    const source = within(dialog).getByLabelText('Source attribute') as HTMLSelectElement
    await waitFor(() => expect([...source.options].map((o) => o.value)).toContain('proxyAddresses'))
    expect([...source.options].map((o) => o.value).slice(1)).toEqual(fakeVocabulary().sourceAttributes.user)
    const suggestions = document.getElementById(within(dialog).getByLabelText('Target attribute').getAttribute('list')!)!
    expect([...suggestions.querySelectorAll('option')].map((o) => o.value)).toEqual(fakeVocabulary().targetAttributes.user)
  })

  it('edits a direct mapping into a constant, adds an expression mapping that matches, deletes one, and saves both tables', async () => {
    await open('mappings')
    await screen.findByRole('table', { name: 'User attribute mappings' })
    expect(screen.getByText(/the next cycle an/)).toBeTruthy()
    expect(userRows()).toHaveLength(4)
    expect(within(userRows()[0]).getByText('userPrincipalName')).toBeTruthy()
    expect(within(userRows()[0]).getByText('1')).toBeTruthy()

    fireEvent.click(within(userTable()).getByRole('button', { name: 'Edit displayName' }))
    let dialog = await screen.findByRole('dialog', { name: 'Edit attribute' })
    expect((within(dialog).getByLabelText('Source attribute') as HTMLSelectElement).value).toBe('displayName')
    fireEvent.change(within(dialog).getByLabelText('Mapping type'), { target: { value: 'constant' } })
    fireEvent.change(within(dialog).getByLabelText('Constant value'), { target: { value: 'Contoso user' } })
    fireEvent.change(within(dialog).getByLabelText('Apply this mapping'), { target: { value: 'createOnly' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ok' }))
    expect(within(userRows()[2]).getByText(/Constant: “Contoso user”/)).toBeTruthy()
    expect(within(userRows()[2]).getByText('Only during creation')).toBeTruthy()

    fireEvent.click(within(screen.getByRole('table', { name: 'User attribute mappings' }).closest('section')!).getByRole('button', { name: 'Add New Mapping' }))
    dialog = await screen.findByRole('dialog', { name: 'Add New Mapping' })
    fireEvent.change(within(dialog).getByLabelText('Mapping type'), { target: { value: 'expression' } })
    fireEvent.change(within(dialog).getByLabelText('Expression'), { target: { value: 'ToLower([mail])' } })
    fireEvent.change(within(dialog).getByLabelText('Default value if null (optional)'), { target: { value: 'nobody@contoso.com' } })
    // a target another row maps is refused
    fireEvent.change(within(dialog).getByLabelText('Target attribute'), { target: { value: 'userName' } })
    expect(within(dialog).getByText(/userName is already mapped by another row/)).toBeTruthy()
    expect((within(dialog).getByRole('button', { name: 'Ok' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(within(dialog).getByLabelText('Target attribute'), { target: { value: 'externalId' } })
    fireEvent.change(within(dialog).getByLabelText('Match objects using this attribute'), { target: { value: 'yes' } })
    fireEvent.change(within(dialog).getByLabelText('Matching precedence'), { target: { value: '2' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ok' }))
    expect(userRows()).toHaveLength(5)

    fireEvent.click(within(userTable()).getByRole('button', { name: 'Delete active' }))
    expect(userRows()).toHaveLength(4)
    expect(screen.getByText(/Unsaved changes/)).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(tenant.callsOf('sim.config.update')).toHaveLength(1))
    const saved = tenant.callsOf('sim.config.update')[0] as { userMappings: Record<string, unknown>[]; groupMappings: unknown[] }
    expect(saved.groupMappings).toHaveLength(2)
    expect(saved.userMappings.map((m) => m.target)).toEqual([
      'userName',
      'displayName',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
      'externalId',
    ])
    expect(saved.userMappings[1]).toEqual({ id: 'user-display-name', type: 'constant', source: 'Contoso user', target: 'displayName', applyOn: 'createOnly' })
    expect(saved.userMappings[3]).toMatchObject({
      type: 'expression',
      source: 'ToLower([mail])',
      target: 'externalId',
      matchingPrecedence: 2,
      defaultValue: 'nobody@contoso.com',
      applyOn: 'always',
    })
    await waitFor(() => expect(screen.getByText('All changes saved')).toBeTruthy())
  })

  it('Discard brings the saved mappings back', async () => {
    await open('mappings')
    await screen.findByRole('table', { name: 'User attribute mappings' })
    fireEvent.click(within(userTable()).getByRole('button', { name: 'Delete userName' }))
    expect(screen.getByText(/No attribute is used for matching/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }))
    expect(userRows()).toHaveLength(4)
    expect(tenant.callsOf('sim.config.update')).toHaveLength(0)
  })
})

describe('Enterprise app: Settings', () => {
  it('saves notification, scope, dialect, target actions, deletion threshold and simulator options', async () => {
    await open('settings')
    const email = await screen.findByLabelText('Notification Email')
    fireEvent.change(email, { target: { value: ' ops@contoso.com ' } })
    fireEvent.click(screen.getByRole('checkbox', { name: 'Send an email notification when a failure occurs' }))
    fireEvent.change(screen.getByLabelText('Scope'), { target: { value: 'all' } })
    fireEvent.change(screen.getByLabelText('PATCH dialect'), { target: { value: 'compliant' } })
    expect(screen.getByText(/\?aadOptscim062020 on the Tenant URL/)).toBeTruthy()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Delete' }))
    fireEvent.change(screen.getByLabelText('Accidental deletion threshold'), { target: { value: '25' } })
    fireEvent.change(screen.getByLabelText('Request timeout (seconds)'), { target: { value: '5' } })
    fireEvent.change(screen.getByLabelText('HTTP 429 (Too Many Requests)'), { target: { value: 'escrow' } })
    fireEvent.change(screen.getByLabelText('Quarantine: failure ratio (%)'), { target: { value: '10' } })
    // out of range: said at the field, and the draft keeps the last good value
    fireEvent.change(screen.getByLabelText('Concurrency'), { target: { value: '99' } })
    expect(screen.getByText('Enter a whole number from 1 to 32.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(tenant.callsOf('sim.config.update')).toHaveLength(1))
    expect(tenant.callsOf('sim.config.update')[0]).toEqual({
      notificationEmail: 'ops@contoso.com',
      sendFailureNotification: true,
      scope: 'all',
      dialect: 'compliant',
      targetActions: { create: true, update: true, delete: false },
      provisionGroups: true,
      preventAccidentalDeletions: true,
      accidentalDeletionThreshold: 25,
      options: { concurrency: 4, timeoutMs: 5000, honorRetryAfter: false, escrowScale: 1, quarantineMinFailures: 5000, quarantineMaxFailureRatio: 0.1 },
    })
    expect(toastTexts().some((t) => t.startsWith('Successfully updated'))).toBe(true)
  })

  it('shows a refused save with its reason and keeps the edits', async () => {
    tenant.failures.set('sim.config.update', { code: 'invalid-input', message: 'notificationEmail is not an email address.', field: 'notificationEmail' })
    await open('settings')
    fireEvent.change(await screen.findByLabelText('Notification Email'), { target: { value: 'not-an-email' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('notificationEmail is not an email address.')).toBeTruthy()
    expect((screen.getByLabelText('Notification Email') as HTMLInputElement).value).toBe('not-an-email')
    expect(screen.getByText(/Unsaved changes/)).toBeTruthy()
  })
})

describe('cycle clock arithmetic', () => {
  it('counts from the state’s own clock and formats like a timer', () => {
    expect(remainingMs({ nextCycleAt: 10_000, now: 4_000 }, 1_500)).toBe(4_500)
    expect(remainingMs({ nextCycleAt: 10_000, now: 4_000 }, 9_000)).toBe(0)
    expect(remainingMs({ nextCycleAt: null, now: 4_000 }, 0)).toBeNull()
    expect(formatCountdown(40 * 60_000)).toBe('40:00')
    expect(formatCountdown(95_000)).toBe('1:35')
    expect(formatCountdown(3_723_000)).toBe('1:02:03')
    expect(intervalInWords(1)).toBe('40 minutes')
    expect(intervalInWords(60)).toBe('40 seconds')
    expect(intervalInWords(3600)).toBe('667 ms')
  })
})
