// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConsoleEvent, ConsoleMethod, DashboardView, HarnessStatusView, PortalView, TunnelState } from '../../src/shared/console/api'
import type { PreloadApi } from '../../src/shared/ipc'
import type { PublicTunnelView } from '../../src/shared/console/tunnel-api'

// lib/api.ts picks its transport when first imported: the fake IPC must be in place before the screen loads
const listeners = new Set<(event: ConsoleEvent) => void>()
const calls: ConsoleMethod[] = []
const minute = (i: number): string => new Date(Date.UTC(2030, 0, 1, 10, i)).toISOString()

let dashboard: DashboardView
let portal: PortalView
let tunnel: TunnelState
let publicTunnel: PublicTunnelView | undefined
const status: HarnessStatusView = {
  baseUri: 'http://127.0.0.1:8787/scim/v2',
  host: '127.0.0.1',
  port: 8787,
  loopback: true,
  dataDir: '/home/admin/.config/scim-harness',
  version: '0.1.0',
  startedAt: '2030-01-01T10:00:00.000Z',
  canSwitchWorkspace: true,
}

window.api = {
  invoke: async (method: ConsoleMethod) => {
    calls.push(method)
    const value = { 'dashboard.get': dashboard, 'portal.get': portal, 'status.get': status, 'tunnel.detect': tunnel, 'tunnel.status': publicTunnel }[
      method as string
    ]
    return value === undefined ? { ok: false, error: { code: 'not-found', message: `no fake for ${method}` } } : { ok: true, value: structuredClone(value) }
  },
  onEvent: (listener: (event: ConsoleEvent) => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
} as unknown as PreloadApi

const { DashboardPage } = await import('../../src/renderer/src/features/dashboard/DashboardPage')

function readyPortal(): PortalView {
  return {
    settings: {
      name: 'Contoso',
      domainPolicy: 'subdomain',
      cals: ['Administrator', 'Manager', 'Viewer'],
      defaultCal: 'Viewer',
      scimEnabled: true,
      deleteMode: 'deactivate',
      calConflictPolicy: 'highestCal',
      calRules: [],
    },
    tokens: [{ id: 't1', label: 'Entra', createdAt: minute(0), expiresAt: '2031-01-01T00:00:00.000Z', lastUsedAt: null, revokedAt: null, status: 'active' }],
    enableCheck: { ok: true, reasons: [] },
    ruleProblems: [],
  }
}

beforeEach(() => {
  calls.length = 0
  dashboard = {
    users: { total: 16, active: 13, inactive: 3 },
    groups: 4,
    byCal: [
      { cal: 'Administrator', active: 1, inactive: 0 },
      { cal: 'Manager', active: 12, inactive: 3 },
      { cal: 'Viewer', active: 0, inactive: 0 },
    ],
    requestRate: Array.from({ length: 30 }, (_, i) => ({ minute: minute(i), requests: i === 29 ? 7 : i === 10 ? 20 : 0, errors: i === 10 ? 2 : 0 })),
  }
  portal = readyPortal()
  tunnel = {
    state: 'found',
    agentUrl: 'http://127.0.0.1:4040',
    publicUrl: 'https://abc.ngrok-free.app',
    tenantUrl: 'https://abc.ngrok-free.app/scim/v2',
    message: '',
  }
  publicTunnel = undefined
})
afterEach(cleanup)

const calRow = (cal: string): HTMLElement =>
  within(screen.getByRole('list', { name: 'Users per CAL' }))
    .getByText(cal)
    .closest('li')!

describe('Dashboard', () => {
  it('shows active and inactive users per CAL, in catalogue order, with bars to scale', async () => {
    render(<DashboardPage />)
    await screen.findByRole('list', { name: 'Users per CAL' })
    const items = within(screen.getByRole('list', { name: 'Users per CAL' })).getAllByRole('listitem')
    expect(items.map((li) => li.querySelector('.cal-name')!.textContent)).toEqual(['Administrator', 'Manager', 'Viewer'])
    expect(calRow('Manager').textContent).toContain('12 active · 3 inactive')
    expect(calRow('Administrator').textContent).toContain('1 active · 0 inactive')
    // Manager holds the most users (15): its bar spans the whole track, active 12/15 of it
    const [active, inactive] = calRow('Manager').querySelectorAll<HTMLElement>('.seg')
    expect(active.style.width).toBe('80%')
    expect(inactive.style.width).toBe('20%')
  })

  it('shows the user and group counts and the server state with the public URL', async () => {
    render(<DashboardPage />)
    const tiles = await screen.findAllByText(/^(Users|Active|Inactive|Groups)$/, { selector: '.stat-label' })
    expect(tiles.map((t) => `${t.textContent}=${t.nextElementSibling!.textContent}`)).toEqual(['Users=16', 'Active=13', 'Inactive=3', 'Groups=4'])
    expect(((await screen.findByLabelText('BASE URI')) as HTMLInputElement).value).toBe('http://127.0.0.1:8787/scim/v2')
    expect(((await screen.findByLabelText('Tenant URL')) as HTMLInputElement).value).toBe('https://abc.ngrok-free.app/scim/v2')
    expect(screen.getByText('127.0.0.1:8787')).toBeTruthy()
    expect(screen.getByText('/home/admin/.config/scim-harness')).toBeTruthy()
    // set up and provisioned: no checklist in the way
    expect(screen.queryByText('Set up provisioning')).toBeNull()
  })

  it('shows the Tenant URL of the harness’s own tunnel (Go public) when it is online, without an ngrok agent', async () => {
    tunnel = { state: 'unreachable', agentUrl: 'http://127.0.0.1:4040', message: 'No ngrok agent answers' }
    publicTunnel = {
      state: 'online',
      publicUrl: 'https://example-123.ngrok-free.app',
      tenantUrl: 'https://example-123.ngrok-free.app/scim/v2',
      authtoken: { source: 'environment', protection: 'private-file' },
    }
    render(<DashboardPage />)
    expect(((await screen.findByLabelText('Tenant URL')) as HTMLInputElement).value).toBe('https://example-123.ngrok-free.app/scim/v2')
  })

  it('charts the request rate with its totals and errors', async () => {
    render(<DashboardPage />)
    const chart = await screen.findByRole('img', { name: /requests in the last 30 minutes/ })
    expect(chart.getAttribute('aria-label')).toBe('27 requests in the last 30 minutes, 2 errors, at most 20 in one minute')
    expect(chart.querySelectorAll('.rate-err')).toHaveLength(1)
    expect(chart.querySelectorAll('.rate-ok')).toHaveLength(2)
  })

  it('guides a new admin when nothing is provisioned yet', async () => {
    dashboard = {
      users: { total: 0, active: 0, inactive: 0 },
      groups: 0,
      byCal: dashboard.byCal.map((c) => ({ ...c, active: 0, inactive: 0 })),
      requestRate: [],
    }
    portal = { ...readyPortal(), tokens: [], settings: { ...readyPortal().settings, defaultCal: null, scimEnabled: false } }
    tunnel = { state: 'unreachable', agentUrl: 'http://127.0.0.1:4040', message: 'No ngrok agent answers' }
    render(<DashboardPage />)
    expect(
      await screen.findByText('Set a default CAL and generate an API token in Portal Settings > Apps > Provisioning, then point Entra ID at the BASE URI.'),
    ).toBeTruthy()
    const steps = screen.getAllByRole('listitem').filter((li) => li.closest('.checklist'))
    expect(steps.map((li) => li.textContent)).toEqual([
      'Set a default CAL (to do)',
      'Generate an API token (with an expiry date) (to do)',
      'Enable SCIM provisioning (to do)',
    ])
    expect(screen.getByRole('button', { name: 'Open Provisioning settings' })).toBeTruthy()
    expect(screen.getByText(/No users yet/)).toBeTruthy()
    expect(await screen.findByRole('link', { name: 'Set up a public URL' })).toBeTruthy()
  })

  it('refreshes when the workspace changes', async () => {
    render(<DashboardPage />)
    await screen.findByRole('list', { name: 'Users per CAL' })
    expect(calRow('Manager').textContent).toContain('12 active · 3 inactive')
    dashboard = { ...dashboard, users: { total: 17, active: 14, inactive: 3 }, byCal: [{ cal: 'Manager', active: 13, inactive: 4 }] }
    act(() => {
      for (const l of listeners) l({ type: 'changed', data: { revision: 2 } })
    })
    await waitFor(() => expect(calRow('Manager').textContent).toContain('13 active · 4 inactive'))
    expect(calls.filter((m) => m === 'dashboard.get').length).toBeGreaterThanOrEqual(2)
  })
})
