// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEntry, failedEntry, installSimFake, simState, user } from './sim-screens-fake'

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
const fake = installSimFake()
const { LogsPage } = await import('../../src/renderer/src/features/sim-logs/LogsPage')
const { useLogsView } = await import('../../src/renderer/src/features/sim-logs/logs-view')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')

configure({ asyncUtilTimeout: 5000 })

const adele = user(1)
const alex = user(2)

beforeEach(() => {
  fake.calls.length = 0
  fake.failures.clear()
  fake.offline = false
  // 60 entries, newest first: 59 creates of Adele and Alex, then one failed update of Alex on top
  fake.logs = [failedEntry(60, alex), ...Array.from({ length: 59 }, (_, i) => createEntry(59 - i, (59 - i) % 2 ? adele : alex))]
  fake.logs[5] = { ...fake.logs[5], onDemand: true }
  useLogsView.getState().clearFilters()
})
afterEach(cleanup)

const table = () => screen.getByRole('table', { name: 'Provisioning logs' })
const bodyRows = () => within(table()).getAllByRole('row').slice(1)

describe('Provisioning logs table', () => {
  it('lists entries as Entra does (date, identity, action, ids, status, error code), one page at a time', async () => {
    render(<LogsPage />)
    expect(await screen.findByText('60 entries')).toBeTruthy()
    const headers = within(table())
      .getAllByRole('columnheader')
      .map((h) => h.textContent)
    expect(headers).toEqual(['Date', 'Identity', 'Action', 'Source ID', 'Target ID', 'Status', 'Error code'])
    expect(bodyRows()).toHaveLength(50)
    const failed = bodyRows()[0]
    expect(failed.textContent).toContain('Alex Wilber')
    expect(failed.textContent).toContain('Update')
    expect(failed.textContent).toContain('Failure')
    expect(failed.textContent).toContain('SystemForCrossDomainIdentityManagementBadResponse')
    expect(failed.textContent).toContain(alex.objectId)
    expect(failed.textContent).toContain('t-60')
    expect(failed.className).toContain('simx-row-failure')
    expect(within(bodyRows()[5]).getByText('On demand')).toBeTruthy()
    expect(screen.getByText('1–50 of 60')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    // the pager moves at once; the rows follow when the page arrives
    await waitFor(() => expect(bodyRows()).toHaveLength(10))
    expect(screen.getByText('51–60 of 60')).toBeTruthy()
    expect(fake.callsOf('sim.logs.list').at(-1)).toMatchObject({ offset: 50, limit: 50 })
  })

  it('filters by status, action, identity type and cycle on the server, and a filter starts at the first page', async () => {
    render(<LogsPage />)
    await screen.findByText('60 entries')
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('51–60 of 60')

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'Failure' } })
    await screen.findByText('1 entry')
    expect(fake.callsOf('sim.logs.list').at(-1)).toMatchObject({ status: 'Failure', offset: 0 })
    expect(bodyRows()).toHaveLength(1)

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Action' }), { target: { value: 'Create' } })
    await screen.findByText('59 entries')
    expect(fake.callsOf('sim.logs.list').at(-1)).toMatchObject({ action: 'Create' })
    expect(fake.callsOf('sim.logs.list').at(-1)).not.toHaveProperty('status', 'Failure')

    fireEvent.change(screen.getByRole('combobox', { name: 'Identity type' }), { target: { value: 'Group' } })
    await screen.findByText('0 entries')
    expect(screen.getByText('No log entries match these filters.')).toBeTruthy()
    fireEvent.change(screen.getByRole('combobox', { name: 'Identity type' }), { target: { value: 'User' } })
    await screen.findByText('59 entries')

    const cycle = screen.getByRole('textbox', { name: 'Cycle ID' })
    fireEvent.change(cycle, { target: { value: 'cycle-2' } })
    fireEvent.keyDown(cycle, { key: 'Enter' })
    await screen.findByText('29 entries')
    expect(fake.callsOf('sim.logs.list').at(-1)).toMatchObject({ action: 'Create', identityType: 'User', cycleId: 'cycle-2' })

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    await screen.findByText('60 entries')
    expect((screen.getByRole('textbox', { name: 'Cycle ID' }) as HTMLInputElement).value).toBe('')
  })

  it('searches by identity after the typing pauses', async () => {
    render(<LogsPage />)
    await screen.findByText('60 entries')
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search by identity name or id' }), { target: { value: 'adele' } })
    await screen.findByText('30 entries')
    expect(fake.callsOf('sim.logs.list').at(-1)).toMatchObject({ search: 'adele' })
    expect(bodyRows().every((r) => r.textContent!.includes('Adele Vance'))).toBe(true)
  })

  it('reloads when the simulator reports a change (a cycle writing entries)', async () => {
    render(<LogsPage />)
    await screen.findByText('60 entries')
    const before = fake.callsOf('sim.logs.list').length
    fake.logs.unshift(createEntry(61, adele, { id: 'log-61', cycleId: 'cycle-3' }))
    act(() => fake.emit({ type: 'sim', data: simState({ schedule: { status: 'on', running: true, nextCycleAt: null, speed: 1, now: 0 } }) }))
    await screen.findByText('61 entries')
    expect(fake.callsOf('sim.logs.list').length).toBe(before + 1)
  })

  it('opens an entry from the keyboard: Enter on a row goes to /sim/logs/<id>', async () => {
    render(<LogsPage />)
    await screen.findByText('60 entries')
    const row = bodyRows()[0]
    row.focus()
    fireEvent.keyDown(row, { key: 'Enter' })
    expect(useRouter.getState().path).toBe('/sim/logs/log-60')
  })

  it('says the harness does not answer, in words a person can act on', async () => {
    fake.offline = true
    render(<LogsPage />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The harness does not answer')
    expect(alert.textContent).toContain('Start it again and reload this page')
    // the harness may be back by now: the call can simply be made again
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy()
  })
})

describe('Provisioning log entry detail', () => {
  it('shows Steps with status and details, the failure in Troubleshooting, Modified Properties, Summary and the raw HTTP', async () => {
    render(<LogsPage selectedId="log-60" />)
    const pane = await screen.findByRole('region', { name: 'Log entry details' })
    await within(pane).findByRole('heading', { name: 'Alex Wilber' })
    expect(fake.callsOf('sim.logs.get')).toEqual([{ id: 'log-60' }])
    expect(within(table()).getAllByRole('row')[1].getAttribute('aria-selected')).toBe('true')

    // Steps
    const steps = within(pane).getByRole('list', { name: 'Steps' })
    const items = within(steps).getAllByRole('listitem')
    expect(items.map((li) => li.querySelector('strong')!.textContent)).toEqual(['1. EntryImportAdd', '2. EntrySynchronizationScoping', '3. EntryExportUpdate'])
    expect(within(items[2]).getByRole('img', { name: 'Failure' })).toBeTruthy()
    expect(within(items[1]).getByRole('img', { name: 'Success' })).toBeTruthy()
    expect(within(items[1]).getByText('IsActive')).toBeTruthy()
    expect(items[2].textContent).toContain('Failed to update User')

    // Troubleshooting & Recommendations
    fireEvent.click(within(pane).getByRole('tab', { name: 'Troubleshooting & Recommendations' }))
    const panel = within(pane).getByRole('tabpanel')
    expect(panel.textContent).toContain('Error code: SystemForCrossDomainIdentityManagementBadResponse')
    expect(panel.textContent).toContain('"title is read-only"')
    expect(panel.textContent).toContain('Make the attribute writable in the target, or remove its mapping.')

    // Modified Properties
    fireEvent.click(within(pane).getByRole('tab', { name: 'Modified Properties' }))
    const modified = within(pane).getByRole('table', { name: 'Modified properties' })
    expect(within(modified).getAllByRole('row')[1].textContent).toBe('jobTitleAccount ManagerDirector')

    // Summary
    fireEvent.click(within(pane).getByRole('tab', { name: 'Summary' }))
    const summary = within(pane).getByRole('tabpanel').textContent!
    expect(summary).toContain('log-60')
    expect(summary).toContain('cycle-2')
    expect(summary).toContain('change-60')
    expect(summary).toContain(alex.objectId)
    expect(summary).toContain('t-60')
    expect(within(pane).getByRole('link', { name: 'Open harness user' }).getAttribute('href')).toBe('#/users/t-60')
    expect(within(pane).getByRole('link', { name: 'Resulting user state' }).getAttribute('href')).toBe(`#/sim/compare/${alex.objectId}`)

    // Raw HTTP: each exchange with method, url, status and latency; bodies pretty-printed when opened
    fireEvent.click(within(pane).getByRole('tab', { name: 'Raw HTTP' }))
    const exchanges = within(pane).getByRole('list', { name: 'HTTP exchanges of this entry' })
    const toggles = within(exchanges).getAllByRole('button')
    expect(toggles).toHaveLength(2)
    expect(toggles[1].textContent).toContain('PATCH')
    expect(toggles[1].textContent).toContain('/scim/v2/Users/t-60')
    expect(toggles[1].textContent).toContain('400 Bad Request')
    expect(toggles[1].textContent).toContain('13 ms')
    expect(toggles[1].getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggles[1])
    expect(toggles[1].getAttribute('aria-expanded')).toBe('true')
    const requestBody = within(exchanges).getByLabelText('Request body')
    expect(requestBody.textContent).toContain('"Operations": [\n')
    expect(requestBody.textContent).toContain('"path": "title"')
    expect(within(exchanges).getByLabelText('Response 400 body').textContent).toContain('"detail": "title is read-only"')
    expect(within(exchanges).getByLabelText('Request headers').textContent).toContain('Bearer ****')
  })

  it('says no troubleshooting is needed for a success, and filters the table to the entry’s cycle', async () => {
    render(<LogsPage selectedId="log-11" />)
    const pane = await screen.findByRole('region', { name: 'Log entry details' })
    await within(pane).findByRole('heading', { name: 'Adele Vance' })
    fireEvent.click(within(pane).getByRole('tab', { name: 'Troubleshooting & Recommendations' }))
    expect(within(pane).getByRole('tabpanel').textContent).toContain('No troubleshooting needed')
    fireEvent.click(within(pane).getByRole('tab', { name: 'Summary' }))
    fireEvent.click(within(pane).getByRole('button', { name: 'Show this cycle only' }))
    await screen.findByText('30 entries')
    expect(fake.callsOf('sim.logs.list').at(-1)).toMatchObject({ cycleId: 'cycle-1' })
    expect((screen.getByRole('textbox', { name: 'Cycle ID' }) as HTMLInputElement).value).toBe('cycle-1')
  })

  it('arrow keys move between the detail tabs', async () => {
    render(<LogsPage selectedId="log-60" />)
    const pane = await screen.findByRole('region', { name: 'Log entry details' })
    const stepsTab = await within(pane).findByRole('tab', { name: 'Steps' })
    fireEvent.keyDown(stepsTab, { key: 'ArrowRight' })
    expect(within(pane).getByRole('tab', { name: 'Troubleshooting & Recommendations' }).getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(stepsTab, { key: 'End' })
    expect(within(pane).getByRole('tab', { name: 'Raw HTTP' }).getAttribute('aria-selected')).toBe('true')
  })

  it('closes back to the list, and says when the entry is gone', async () => {
    render(<LogsPage selectedId="log-missing" />)
    const pane = await screen.findByRole('region', { name: 'Log entry details' })
    expect((await within(pane).findByRole('alert')).textContent).toContain("No log entry 'log-missing': it may have rotated out.")
    fireEvent.click(within(pane).getByRole('button', { name: 'Close details' }))
    expect(useRouter.getState().path).toBe('/sim/logs')
  })
})

describe('Downloads', () => {
  it('downloads JSON as one file and CSV as the three files joined on the change ID', async () => {
    const csvButton = (): HTMLButtonElement => screen.getByRole('button', { name: 'Download CSV' }) as HTMLButtonElement
    const blobs: Blob[] = []
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), `blob:${blobs.length}`)), revokeObjectURL: vi.fn() })
    const names: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    try {
      render(<LogsPage />)
      await screen.findByText('60 entries')
      fireEvent.click(screen.getByRole('button', { name: 'Download JSON' }))
      await waitFor(() => expect(names).toEqual(['ProvisioningLogs.json']))
      expect(fake.callsOf('sim.logs.export')).toEqual([{ format: 'json' }])
      expect(JSON.parse(await blobs[0].text())).toHaveLength(60)
      expect(blobs[0].type).toBe('application/json')

      // the buttons stay disabled until the render after the download: a click before it is lost
      // (seen under load in CI), as a person could not click in between anyway
      await waitFor(() => expect(csvButton().disabled).toBe(false))
      fireEvent.click(csvButton())
      await waitFor(() => expect(names).toHaveLength(4))
      expect(names.slice(1)).toEqual(['ProvisioningLogs.csv', 'ProvisioningLogs_ProvisioningSteps.csv', 'ProvisioningLogs_ModifiedProperties.csv'])
      expect(blobs[3].type).toBe('text/csv')
      // formulas are neutralised unless the admin asks for Entra's bytes
      expect(fake.callsOf('sim.logs.export')[1]).toEqual({ format: 'csv', neutraliseFormulas: true })
      fireEvent.click(screen.getByRole('checkbox', { name: /CSV exactly as Entra writes it/ }))
      await waitFor(() => expect(csvButton().disabled).toBe(false))
      fireEvent.click(csvButton())
      await waitFor(() => expect(names).toHaveLength(7))
      expect(fake.callsOf('sim.logs.export')[2]).toEqual({ format: 'csv', neutraliseFormulas: false })
    } finally {
      click.mockRestore()
    }
  })

  it('downloads the filtered view, as the portal does', async () => {
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    try {
      render(<LogsPage />)
      await screen.findByText('60 entries')
      fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'Failure' } })
      fireEvent.click(screen.getByRole('button', { name: 'Download JSON' }))
      await waitFor(() => expect(fake.callsOf('sim.logs.export')).toHaveLength(1))
      expect(fake.callsOf('sim.logs.export')[0]).toMatchObject({ format: 'json', status: 'Failure' })
      await waitFor(() => expect(useToasts.getState().toasts.map((t) => t.text)).toContain('Downloaded ProvisioningLogs.json (the filtered view)'))
    } finally {
      click.mockRestore()
    }
  })
})
