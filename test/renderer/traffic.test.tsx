// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConsoleEvent, ConsoleMethod, HarnessStatusView, TrafficEntry } from '../../src/shared/console/api'
import type { PreloadApi } from '../../src/shared/ipc'
import { DEFAULT_SIMULATOR_OPTIONS, ENTRA_CYCLE_INTERVAL_MS } from '../../src/shared/console/simulator-api'
import { SHARED_VOCABULARY, type Vocabulary } from '../../src/shared/console/vocabulary'

// lib/api.ts picks its transport when first imported: the fake IPC must be in place before the screen loads
const listeners = new Set<(event: ConsoleEvent) => void>()
const calls: { method: ConsoleMethod; input: unknown }[] = []
let recent: TrafficEntry[] = []
const status: HarnessStatusView = {
  baseUri: 'http://127.0.0.1:8787/scim/v2',
  host: '127.0.0.1',
  port: 8787,
  loopback: true,
  dataDir: '/tmp/ws',
  version: '0.1.0',
  startedAt: '2030-01-01T10:00:00.000Z',
  canSwitchWorkspace: false,
}
/** vocabulary.get: the catalogue knows one of the rules the tests fire, not the other. */
const vocabulary: Vocabulary = {
  ...SHARED_VOCABULARY,
  leniencyRules: [{ name: 'entra-bool-string', summary: 'Accepts "True" and "False" strings where SCIM wants a boolean, as Entra sends them.', source: 'E3' }],
  simulatorDefaults: { options: DEFAULT_SIMULATOR_OPTIONS, cycleIntervalMs: ENTRA_CYCLE_INTERVAL_MS },
}
window.api = {
  invoke: async (method: ConsoleMethod, input?: unknown) => {
    calls.push({ method, input })
    if (method === 'traffic.recent') return { ok: true, value: recent }
    if (method === 'status.get') return { ok: true, value: status }
    if (method === 'vocabulary.get') return { ok: true, value: vocabulary }
    return { ok: false, error: { code: 'not-found', message: `no fake for ${method}` } }
  },
  onEvent: (listener: (event: ConsoleEvent) => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
} as unknown as PreloadApi

const { TrafficPage } = await import('../../src/renderer/src/features/traffic/TrafficPage')
const { useTraffic, resetTraffic, TRAFFIC_LIMIT } = await import('../../src/renderer/src/stores/traffic-store')
const { useStatus } = await import('../../src/renderer/src/stores/status-store')

let seq = 0
function entry(over: Partial<TrafficEntry> = {}): TrafficEntry {
  seq++
  return {
    seq,
    time: new Date(Date.UTC(2030, 0, 1, 10, 0, seq)).toISOString(),
    method: 'GET',
    path: `/scim/v2/Users/u-${seq}`,
    status: 200,
    durationMs: 4.2,
    rules: [],
    client: 'external',
    ...over,
  }
}

const push = (e: TrafficEntry): void => {
  for (const l of listeners) l({ type: 'traffic', data: e })
}

/** The table's body rows, newest first. */
const rows = (): HTMLElement[] =>
  within(screen.getByRole('table', { name: /SCIM requests/ }))
    .getAllByRole('row')
    .slice(1)
const pathsShown = (): string[] => rows().map((r) => r.querySelector('.traffic-path')!.textContent!)

beforeEach(() => {
  resetTraffic()
  calls.length = 0
  seq = 0
  recent = []
})
afterEach(cleanup)

describe('Traffic screen', () => {
  it('loads the recent requests once, newest first, and appends live ones as they arrive', async () => {
    recent = [entry({ path: '/scim/v2/Users?filter=userName%20eq%20%22a%22' }), entry({ method: 'POST', path: '/scim/v2/Users', status: 201 })]
    render(<TrafficPage />)
    await screen.findByText('/scim/v2/Users')
    expect(calls.filter((c) => c.method === 'traffic.recent')).toEqual([{ method: 'traffic.recent', input: { limit: 5000 } }])
    // percent-encoded filters are shown as a person reads them
    expect(pathsShown()).toEqual(['/scim/v2/Users', '/scim/v2/Users?filter=userName eq "a"'])

    act(() => push(entry({ method: 'PATCH', path: '/scim/v2/Users/abc', rules: ['entra-bool-string'], client: 'simulator' })))
    await screen.findByText('/scim/v2/Users/abc')
    const newest = within(rows()[0])
    expect(newest.getByText('PATCH')).toBeTruthy()
    expect(newest.getByText('entra-bool-string')).toBeTruthy()
    expect(newest.getByText('Simulator')).toBeTruthy()
    expect(screen.getByText('3 requests')).toBeTruthy()
  })

  it('an entry that arrives while loading is kept once', async () => {
    const early = entry({ path: '/scim/v2/Groups' })
    recent = [early]
    render(<TrafficPage />)
    act(() => push(early))
    await screen.findByText('/scim/v2/Groups')
    await new Promise((r) => setTimeout(r, 150))
    expect(pathsShown()).toEqual(['/scim/v2/Groups'])
  })

  it('Pause buffers new requests and Resume shows them', async () => {
    recent = [entry({ path: '/scim/v2/Users/first' })]
    render(<TrafficPage />)
    await screen.findByText('/scim/v2/Users/first')

    fireEvent.click(screen.getByRole('button', { name: /Pause/ }))
    expect(screen.getByText('Paused')).toBeTruthy()
    act(() => {
      push(entry({ path: '/scim/v2/Users/second' }))
      push(entry({ path: '/scim/v2/Users/third' }))
    })
    const resume = await screen.findByRole('button', { name: 'Resume and show 2 new' })
    expect(resume.textContent).toContain('2 new')
    expect(screen.queryByText('/scim/v2/Users/second')).toBeNull()
    expect(pathsShown()).toEqual(['/scim/v2/Users/first'])

    fireEvent.click(resume)
    expect(pathsShown()).toEqual(['/scim/v2/Users/third', '/scim/v2/Users/second', '/scim/v2/Users/first'])
    expect(screen.getByText('Live')).toBeTruthy()
  })

  it('filters by method, status class, client and path text', async () => {
    recent = [
      entry({ method: 'GET', path: '/scim/v2/Users?filter=userName%20eq%20%22alice%40contoso.com%22', status: 200 }),
      entry({ method: 'GET', path: '/scim/v2/Users/missing', status: 404 }),
      entry({ method: 'POST', path: '/scim/v2/Users', status: 500, client: 'simulator' }),
      entry({ method: 'POST', path: '/scim/v2/Groups', status: 201, client: 'simulator', rules: ['legacy-extension-path'] }),
      entry({ method: 'PATCH', path: '/scim/v2/Groups/g1', status: 409 }),
    ]
    render(<TrafficPage />)
    await screen.findByText('/scim/v2/Groups')
    expect(rows()).toHaveLength(5)

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'errors' } })
    expect(pathsShown()).toEqual(['/scim/v2/Groups/g1', '/scim/v2/Users', '/scim/v2/Users/missing'])
    expect(screen.getByText('3 of 5 requests match')).toBeTruthy()

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '5xx' } })
    expect(pathsShown()).toEqual(['/scim/v2/Users'])

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '2xx' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Method' }), { target: { value: 'POST' } })
    expect(pathsShown()).toEqual(['/scim/v2/Groups'])

    fireEvent.click(screen.getByRole('button', { name: 'Reset' }))
    fireEvent.change(screen.getByRole('combobox', { name: 'Client' }), { target: { value: 'simulator' } })
    expect(pathsShown()).toEqual(['/scim/v2/Groups', '/scim/v2/Users'])

    fireEvent.click(screen.getByRole('checkbox', { name: 'Leniency rules fired' }))
    expect(pathsShown()).toEqual(['/scim/v2/Groups'])

    fireEvent.click(screen.getByRole('button', { name: 'Reset' }))
    // the search reads decoded paths: what the table shows is what can be searched
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search paths' }), { target: { value: 'alice@contoso' } })
    expect(pathsShown()).toEqual(['/scim/v2/Users?filter=userName eq "alice@contoso.com"'])

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search paths' }), { target: { value: 'nothing-like-this' } })
    expect(screen.getByText('No request matches these filters.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Reset filters' }))
    expect(rows()).toHaveLength(5)
  })

  it('makes errors stand out: 4xx rows red, 5xx rows red and bold', async () => {
    recent = [entry({ status: 200, path: '/ok' }), entry({ status: 404, path: '/missing' }), entry({ status: 503, path: '/down' })]
    render(<TrafficPage />)
    await screen.findByText('/down')
    const [down, missing, ok] = rows()
    expect(down.className).toContain('row-error')
    expect(down.className).toContain('traffic-server-error')
    expect(missing.className).toContain('row-error')
    expect(missing.className).not.toContain('traffic-server-error')
    expect(ok.className).not.toContain('row-error')
  })

  it('says what each fired rule tolerates and where it comes from, from the catalogue vocabulary.get serves', async () => {
    recent = [entry({ method: 'PATCH', path: '/scim/v2/Users/abc', rules: ['entra-bool-string', 'newer-rule'] })]
    render(<TrafficPage />)
    fireEvent.click(await screen.findByText('/scim/v2/Users/abc'))
    const rules = within(screen.getByRole('region', { name: 'Request details' })).getByRole('list', { name: 'Leniency rules applied' })
    const items = within(rules).getAllByRole('listitem')
    await waitFor(() => expect(items[0].textContent).toContain('Accepts "True" and "False" strings where SCIM wants a boolean'))
    expect(items[0].textContent).toContain('(E3)')
    // a rule the catalogue does not know keeps its name alone
    expect(items[1].textContent).toBe('newer-rule')
  })

  it('shows the selected request with pretty-printed bodies, rules and user agent', async () => {
    recent = [
      entry({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 201,
        userAgent: 'Azure-AD-SCIM-Provisioning/1.0',
        rules: ['entra-bool-string', 'legacy-extension-path'],
        requestBody: '{"userName":"alice@contoso.com","active":"True"}',
        responseBody: '{"id":"u-1","userName":"alice@contoso.com"}',
      }),
      entry({ path: '/scim/v2/Users/x' }),
    ]
    render(<TrafficPage />)
    fireEvent.click(await screen.findByText('/scim/v2/Users'))
    const pane = screen.getByRole('region', { name: 'Request details' })
    expect(within(pane).getByText('201 Created')).toBeTruthy()
    expect(within(pane).getByText('Azure-AD-SCIM-Provisioning/1.0')).toBeTruthy()
    expect(within(pane).getByText('legacy-extension-path')).toBeTruthy()
    expect(within(pane).getByLabelText('Request body').textContent).toBe('{\n  "userName": "alice@contoso.com",\n  "active": "True"\n}')
    fireEvent.click(within(pane).getByRole('tab', { name: 'Response body' }))
    expect(within(pane).getByLabelText('Response body').textContent).toBe('{\n  "id": "u-1",\n  "userName": "alice@contoso.com"\n}')

    // keyboard: arrow up moves to the newer request, Escape closes the pane
    fireEvent.keyDown(rows()[1], { key: 'ArrowUp' })
    expect(within(screen.getByRole('region', { name: 'Request details' })).getByText('/scim/v2/Users/x')).toBeTruthy()
    expect(rows()[0].getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(rows()[0], { key: 'Escape' })
    expect(screen.queryByRole('region', { name: 'Request details' })).toBeNull()
  })

  it('Clear empties the view only and says the log on disk keeps the requests', async () => {
    recent = [entry({ path: '/a' }), entry({ path: '/b' })]
    render(<TrafficPage />)
    await screen.findByText('/a')
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    expect(screen.queryByRole('table')).toBeNull()
    expect(screen.getByText('View cleared.')).toBeTruthy()
    expect(screen.getByText(/request log on disk .* keeps them/)).toBeTruthy()
    // no second load: the cleared requests do not come back, new ones do
    act(() => push(entry({ path: '/c' })))
    await screen.findByText('/c')
    expect(pathsShown()).toEqual(['/c'])
    expect(calls.filter((c) => c.method === 'traffic.recent')).toHaveLength(1)
  })

  it('renders at most the newest 500 matching rows and keeps at most 5,000 requests', async () => {
    recent = Array.from({ length: TRAFFIC_LIMIT }, () => entry())
    render(<TrafficPage />)
    await screen.findByText('5,000 requests · showing the newest 500')
    expect(rows()).toHaveLength(500)
    act(() => {
      for (let i = 0; i < 3; i++) push(entry({ path: `/late/${i}` }))
    })
    await screen.findByText('/late/2')
    const { entries } = useTraffic.getState()
    expect(entries).toHaveLength(TRAFFIC_LIMIT)
    expect(entries[0].seq).toBe(4)
    expect(entries.at(-1)!.path).toBe('/late/2')
  })

  it('starts over from the new workspace’s requests when the workspace changes', async () => {
    useStatus.setState({ status })
    recent = [entry({ path: '/old-workspace' })]
    render(<TrafficPage />)
    await screen.findByText('/old-workspace')
    recent = [entry({ path: '/new-workspace' })]
    act(() => useStatus.setState({ status: { ...status, dataDir: '/tmp/other' } }))
    await screen.findByText('/new-workspace')
    expect(pathsShown()).toEqual(['/new-workspace'])
    expect(calls.filter((c) => c.method === 'traffic.recent')).toHaveLength(2)
  })

  it('exports the filtered requests as a HAR file', async () => {
    recent = [
      entry({ status: 200, path: '/scim/v2/Users/a' }),
      entry({ status: 404, path: '/scim/v2/Users/b' }),
      entry({ status: 409, method: 'POST', path: '/scim/v2/Users', requestBody: '{"userName":"x"}' }),
    ]
    const blobs: Blob[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob)
      return 'blob:har'
    })
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
    const clicked: HTMLAnchorElement[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })
    render(<TrafficPage />)
    await screen.findByText('/scim/v2/Users/b')
    await waitFor(() => expect(useStatus.getState().status).toBeDefined())
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'errors' } })
    fireEvent.click(screen.getByRole('button', { name: 'Export HAR' }))

    expect(clicked).toHaveLength(1)
    expect(clicked[0].download).toMatch(/^scim-traffic-.*\.har$/)
    const har = JSON.parse(await blobs[0].text())
    expect(har.log.creator.name).toBe('SCIM Harness')
    expect(har.log.entries.map((e: { request: { url: string } }) => e.request.url)).toEqual([
      'http://127.0.0.1:8787/scim/v2/Users/b',
      'http://127.0.0.1:8787/scim/v2/Users',
    ])
    expect(har.log.entries[1].request.postData).toEqual({ mimeType: 'application/scim+json', text: '{"userName":"x"}' })
    click.mockRestore()
  })
})
