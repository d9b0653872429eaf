// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConsoleEvent, ConsoleMethod, HarnessStatusView, PortalView, TunnelState } from '../../src/shared/console/api'
import type { PreloadApi } from '../../src/shared/ipc'

// lib/api.ts picks its transport when first imported: the fake IPC must be in place before the screen loads
const calls: { method: ConsoleMethod; input: Record<string, unknown> }[] = []
let detect: (agentUrl: string) => TunnelState
let status: HarnessStatusView
let portal: PortalView

window.api = {
  invoke: async (method: ConsoleMethod, input: Record<string, unknown> = {}) => {
    calls.push({ method, input })
    switch (method) {
      case 'status.get':
        return { ok: true, value: status }
      case 'portal.get':
        return { ok: true, value: portal }
      case 'tunnel.detect': {
        const agentUrl = String(input.agentUrl)
        if (!agentUrl.startsWith('http://127.0.0.1')) return { ok: false, error: { code: 'invalid-input', message: `The ngrok agent API must be on this machine; got '${agentUrl}'.` } }
        return { ok: true, value: detect(agentUrl) }
      }
      case 'tokens.create':
        return {
          ok: true,
          value: {
            token: 'sh_live_TOKEN123',
            record: { id: 't9', label: String(input.label), createdAt: '2030-01-01T00:00:00Z', expiresAt: `${String(input.expires)}T23:59:59.999Z`, lastUsedAt: null, revokedAt: null, status: 'active' },
          },
        }
      default:
        return { ok: false, error: { code: 'not-found', message: `no fake for ${method}` } }
    }
  },
  onEvent: (_listener: (event: ConsoleEvent) => void) => () => undefined,
} as unknown as PreloadApi

const { PublicUrlPage } = await import('../../src/renderer/src/features/public-url/PublicUrlPage')
const { useStatus } = await import('../../src/renderer/src/stores/status-store')
const { ngrokCommand } = await import('../../src/renderer/src/features/public-url/agent-url')

const found = (agentUrl: string): TunnelState => ({
  state: 'found',
  agentUrl,
  publicUrl: 'https://abc.ngrok-free.app',
  tenantUrl: 'https://abc.ngrok-free.app/scim/v2',
  message: 'Paste https://abc.ngrok-free.app/scim/v2 into Entra ID as the Tenant URL.',
})
const unreachable = (agentUrl: string): TunnelState => ({ state: 'unreachable', agentUrl, message: `No ngrok agent answers at ${agentUrl}. Start one with: ngrok http 8787` })

const value = (label: string): string => (screen.getByLabelText(label) as HTMLInputElement).value

beforeEach(() => {
  calls.length = 0
  window.localStorage.clear()
  useStatus.setState({ status: undefined, error: undefined })
  status = { baseUri: 'http://127.0.0.1:8787/scim/v2', host: '127.0.0.1', port: 8787, loopback: true, dataDir: '/ws', version: '0.1.0', startedAt: '2030-01-01T00:00:00Z', canSwitchWorkspace: false }
  portal = {
    settings: { name: 'Contoso', domainPolicy: 'subdomain', cals: ['Viewer'], defaultCal: 'Viewer', scimEnabled: true, deleteMode: 'deactivate', calConflictPolicy: 'highestCal', calRules: [] },
    tokens: [],
    enableCheck: { ok: true, reasons: [] },
  }
  detect = found
})
afterEach(cleanup)

describe('Public URL', () => {
  it('detects a running tunnel on open and shows the https Tenant URL to copy', async () => {
    render(<PublicUrlPage />)
    await screen.findByText('Tunnel found', { selector: 'strong' })
    expect(value('Tenant URL')).toBe('https://abc.ngrok-free.app/scim/v2')
    expect(calls.find((c) => c.method === 'tunnel.detect')!.input).toEqual({ agentUrl: 'http://127.0.0.1:4040' })
    // the command is still there for the next time, with the real port
    expect(value('ngrok command')).toBe('ngrok http 8787')
    expect(screen.getByText(/does not start ngrok for you/)).toBeTruthy()
  })

  it('shows the agent’s message and the exact command when no agent answers', async () => {
    detect = unreachable
    render(<PublicUrlPage />)
    await screen.findByText('No ngrok agent answers')
    expect(screen.getByText('No ngrok agent answers at http://127.0.0.1:4040. Start one with: ngrok http 8787')).toBeTruthy()
    await waitFor(() => expect(value('command to start the tunnel')).toBe('ngrok http 8787'))
    expect(screen.queryByLabelText('Tenant URL')).toBeNull()
  })

  it('detects again with the address typed, remembers it, and reports a refused address beside the field', async () => {
    detect = unreachable
    render(<PublicUrlPage />)
    await screen.findByText('No ngrok agent answers')
    detect = found
    const field = screen.getByLabelText('ngrok agent API address')
    fireEvent.change(field, { target: { value: 'http://127.0.0.1:4041' } })
    fireEvent.click(screen.getByRole('button', { name: 'Detect' }))
    await waitFor(() => expect(value('Tenant URL')).toBe('https://abc.ngrok-free.app/scim/v2'))
    expect(calls.filter((c) => c.method === 'tunnel.detect').at(-1)!.input).toEqual({ agentUrl: 'http://127.0.0.1:4041' })
    expect(window.localStorage.getItem('scim-harness.ngrokAgentUrl')).toBe('http://127.0.0.1:4041')

    fireEvent.change(field, { target: { value: 'http://10.0.0.5:4040' } })
    fireEvent.click(screen.getByRole('button', { name: 'Detect' }))
    expect((await screen.findByRole('alert')).textContent).toContain('must be on this machine')
    expect(field.getAttribute('aria-invalid')).toBe('true')
  })

  it('uses the remembered agent address on open', async () => {
    window.localStorage.setItem('scim-harness.ngrokAgentUrl', 'http://127.0.0.1:4999')
    render(<PublicUrlPage />)
    await screen.findByLabelText('Tenant URL')
    expect(calls.find((c) => c.method === 'tunnel.detect')!.input).toEqual({ agentUrl: 'http://127.0.0.1:4999' })
    expect(value('ngrok agent API address')).toBe('http://127.0.0.1:4999')
  })

  it('generates a Secret Token inline with an expiry date and shows it once', async () => {
    render(<PublicUrlPage />)
    await screen.findByText('This portal has no active API token yet: generate one for Entra ID.')
    fireEvent.change(screen.getByLabelText('Expires'), { target: { value: '2031-06-30' } })
    fireEvent.click(screen.getByRole('button', { name: 'Generate API Token' }))
    await waitFor(() => expect(value('Secret Token')).toBe('sh_live_TOKEN123'))
    expect(calls.find((c) => c.method === 'tokens.create')!.input).toEqual({ expires: '2031-06-30', label: 'Entra ID via ngrok' })
    expect(screen.getByText('Copy the token now')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Done, hide the token' }))
    expect(screen.queryByLabelText('Secret Token')).toBeNull()
  })

  it('warns when the server is reachable from the network and when provisioning is off', async () => {
    status = { ...status, host: '192.168.1.20', loopback: false }
    portal = { ...portal, settings: { ...portal.settings, scimEnabled: false } }
    render(<PublicUrlPage />)
    expect(await screen.findByText('The server listens on 192.168.1.20, not only on this machine')).toBeTruthy()
    // ngrok forwards to localhost unless told otherwise: a server bound to one address needs it in the command
    await waitFor(() => expect(value('ngrok command')).toBe('ngrok http 192.168.1.20:8787'))
    expect(await screen.findByText('SCIM provisioning is not enabled')).toBeTruthy()
    const warning = screen.getByText('SCIM provisioning is not enabled').closest('.notice') as HTMLElement
    expect(within(warning).getByRole('button', { name: 'Open Provisioning settings' })).toBeTruthy()
  })

  it('builds the ngrok command for each kind of listening address', () => {
    expect(ngrokCommand('127.0.0.1', 8787)).toBe('ngrok http 8787')
    expect(ngrokCommand('0.0.0.0', 9000)).toBe('ngrok http 9000')
    expect(ngrokCommand('::1', 8787)).toBe('ngrok http 8787')
    expect(ngrokCommand('10.1.2.3', 8787)).toBe('ngrok http 10.1.2.3:8787')
    expect(ngrokCommand('fd00::5', 8787)).toBe('ngrok http [fd00::5]:8787')
  })
})
