// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act } from 'react'
import type { ConsoleEvent, ConsoleMethod, ConsoleResult, HarnessStatusView, PortalView, TunnelState } from '../../src/shared/console/api'
import type { PublicTunnelView } from '../../src/shared/console/tunnel-api'
import type { PreloadApi } from '../../src/shared/ipc'

// lib/api.ts picks its transport when first imported: the fake IPC must be in place before the screen loads
const calls: { method: ConsoleMethod; input: Record<string, unknown> }[] = []
let detect: (agentUrl: string) => TunnelState
let status: HarnessStatusView
let portal: PortalView
let tunnelView: PublicTunnelView
let goPublic: (input: Record<string, unknown>) => ConsoleResult<PublicTunnelView>
const eventListeners = new Set<(event: ConsoleEvent) => void>()

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
        if (!agentUrl.startsWith('http://127.0.0.1'))
          return { ok: false, error: { code: 'invalid-input', message: `The ngrok agent API must be on this machine; got '${agentUrl}'.` } }
        return { ok: true, value: detect(agentUrl) }
      }
      case 'tunnel.status':
        return { ok: true, value: tunnelView }
      case 'tunnel.goPublic':
        return goPublic(input)
      case 'tunnel.stop':
        tunnelView = { state: 'off', authtoken: tunnelView.authtoken }
        return { ok: true, value: tunnelView }
      case 'tunnel.setAuthtoken':
        tunnelView = { ...tunnelView, authtoken: { ...tunnelView.authtoken, source: input.authtoken === null ? 'none' : 'saved' } }
        return { ok: true, value: tunnelView }
      case 'tokens.create':
        return {
          ok: true,
          value: {
            token: 'sh_live_TOKEN123',
            record: {
              id: 't9',
              label: String(input.label),
              createdAt: '2030-01-01T00:00:00Z',
              expiresAt: `${String(input.expires)}T23:59:59.999Z`,
              lastUsedAt: null,
              revokedAt: null,
              status: 'active',
            },
          },
        }
      default:
        return { ok: false, error: { code: 'not-found', message: `no fake for ${method}` } }
    }
  },
  onEvent: (listener: (event: ConsoleEvent) => void) => {
    eventListeners.add(listener)
    return () => eventListeners.delete(listener)
  },
} as unknown as PreloadApi

const { PublicUrlPage } = await import('../../src/renderer/src/features/public-url/PublicUrlPage')
const { useStatus } = await import('../../src/renderer/src/stores/status-store')
const { ngrokCommand } = await import('../../src/renderer/src/lib/agent-url')

const found = (agentUrl: string): TunnelState => ({
  state: 'found',
  agentUrl,
  publicUrl: 'https://abc.ngrok-free.app',
  tenantUrl: 'https://abc.ngrok-free.app/scim/v2',
  message: 'Paste https://abc.ngrok-free.app/scim/v2 into Entra ID as the Tenant URL.',
})
const unreachable = (agentUrl: string): TunnelState => ({
  state: 'unreachable',
  agentUrl,
  message: `No ngrok agent answers at ${agentUrl}. Start one with: ngrok http 8787`,
})

const online = (domain?: string): PublicTunnelView => {
  const publicUrl = domain ? `https://${domain}` : 'https://example-123.ngrok-free.app'
  return {
    state: 'online',
    publicUrl,
    tenantUrl: `${publicUrl}/scim/v2`,
    ...(domain ? { domain } : {}),
    since: '2030-01-01T00:00:00Z',
    authtoken: { source: 'saved', protection: 'private-file' },
  }
}

const value = (label: string): string => (screen.getByLabelText(label) as HTMLInputElement).value

beforeEach(() => {
  calls.length = 0
  window.localStorage.clear()
  useStatus.setState({ status: undefined, error: undefined })
  status = {
    baseUri: 'http://127.0.0.1:8787/scim/v2',
    host: '127.0.0.1',
    port: 8787,
    loopback: true,
    dataDir: '/ws',
    version: '0.1.0',
    startedAt: '2030-01-01T00:00:00Z',
    canSwitchWorkspace: false,
  }
  portal = {
    settings: {
      name: 'Contoso',
      domainPolicy: 'subdomain',
      cals: ['Viewer'],
      defaultCal: 'Viewer',
      scimEnabled: true,
      deleteMode: 'deactivate',
      calConflictPolicy: 'highestCal',
      calRules: [],
    },
    tokens: [],
    enableCheck: { ok: true, reasons: [] },
    ruleProblems: [],
  }
  detect = found
  tunnelView = { state: 'off', authtoken: { source: 'none', protection: 'private-file' } }
  goPublic = (input) => {
    tunnelView = online(typeof input.domain === 'string' ? input.domain : undefined)
    return { ok: true, value: tunnelView }
  }
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
    expect(screen.getByText(/This agent runs separately from the harness/)).toBeTruthy()
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

describe('Go public', () => {
  const goPublicCalls = () => calls.filter((c) => c.method === 'tunnel.goPublic').map((c) => c.input)

  it('opens the tunnel with the authtoken typed and a reserved domain, then shows the https Tenant URL and the Secret Token reminder', async () => {
    detect = unreachable
    render(<PublicUrlPage />)
    fireEvent.change(await screen.findByLabelText('ngrok authtoken'), { target: { value: ' 2abcTOKEN_xyz ' } })
    fireEvent.change(screen.getByLabelText('Reserved domain (optional)'), { target: { value: 'contoso-scim.ngrok-free.app' } })
    fireEvent.click(screen.getByRole('button', { name: 'Go public' }))
    await waitFor(() => expect(value('Public Tenant URL')).toBe('https://contoso-scim.ngrok-free.app/scim/v2'))
    expect(goPublicCalls()).toEqual([{ domain: 'contoso-scim.ngrok-free.app', authtoken: '2abcTOKEN_xyz', saveAuthtoken: true }])
    expect(screen.getByText('The Secret Token is an API token')).toBeTruthy()
    // the reminder leads to step 3, the Secret Token card
    fireEvent.click(screen.getByRole('button', { name: 'Generate one below' }))
    expect(document.activeElement).toBe(screen.getByLabelText('Expires'))
    // a reserved domain does not change on restart: no warning
    expect(screen.queryByText('Free ngrok URLs change every time the tunnel restarts')).toBeNull()
    // no agent runs, and none is needed: no warning about it
    expect(screen.queryByText('No ngrok agent answers')).toBeNull()
    expect(screen.getByText(/No agent needed/)).toBeTruthy()
    expect(window.localStorage.getItem('scim-harness.ngrokDomain')).toBe('contoso-scim.ngrok-free.app')
  })

  it('warns that a free URL changes on restart, and Stop brings the form back', async () => {
    tunnelView = { state: 'off', authtoken: { source: 'environment', protection: 'private-file' } }
    render(<PublicUrlPage />)
    expect(await screen.findByText(/from the/)).toBeTruthy()
    // NGROK_AUTHTOKEN is set: nothing to type
    expect(screen.queryByLabelText('ngrok authtoken')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Go public' }))
    expect(await screen.findByText('Free ngrok URLs change every time the tunnel restarts')).toBeTruthy()
    expect(screen.getByText(/Update the Tenant URL in Entra ID after a restart, or reserve a domain/)).toBeTruthy()
    expect(goPublicCalls()).toEqual([{}])

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(await screen.findByRole('button', { name: 'Go public' })).toBeTruthy()
    expect(screen.queryByLabelText('Public Tenant URL')).toBeNull()
  })

  it('shows ngrok’s refusal beside the field it is about, and other failures in place', async () => {
    goPublic = () => ({
      ok: false,
      error: {
        code: 'ngrokAuthtokenRefused',
        field: 'authtoken',
        message: 'ngrok refused the authtoken (ERR_NGROK_107): copy it again from dashboard.ngrok.com/get-started/your-authtoken.',
      },
    })
    render(<PublicUrlPage />)
    const token = await screen.findByLabelText('ngrok authtoken')
    fireEvent.change(token, { target: { value: 'revoked_TOKEN' } })
    fireEvent.click(screen.getByRole('button', { name: 'Go public' }))
    expect((await screen.findByText(/ngrok refused the authtoken/)).getAttribute('role')).toBe('alert')
    expect(token.getAttribute('aria-invalid')).toBe('true')

    goPublic = () => ({
      ok: false,
      error: { code: 'ngrokDomainRefused', field: 'domain', message: "ngrok refused the domain 'x.ngrok.app': Reserve it at dashboard.ngrok.com/domains." },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Go public' }))
    await screen.findByText(/ngrok refused the domain/)
    expect(screen.getByLabelText('Reserved domain (optional)').getAttribute('aria-invalid')).toBe('true')
    expect(token.getAttribute('aria-invalid')).toBeNull()

    goPublic = () => ({
      ok: false,
      error: { code: 'ngrokUnreachable', message: "ngrok's servers could not be reached: check this machine's internet connection." },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Go public' }))
    expect((await screen.findByText(/could not be reached/)).closest('.notice')?.getAttribute('role')).toBe('alert')
  })

  it('follows a tunnel opened elsewhere (serve --public) through the tunnel event, and a failed one with its reason', async () => {
    render(<PublicUrlPage />)
    await screen.findByRole('button', { name: 'Go public' })
    act(() => eventListeners.forEach((l) => l({ type: 'tunnel', data: online() })))
    expect(await screen.findByLabelText('Public Tenant URL')).toBeTruthy()
    act(() =>
      eventListeners.forEach((l) =>
        l({
          type: 'tunnel',
          data: {
            state: 'failed',
            failure: { code: 'ngrokSessionLimit', message: 'Your ngrok account allows one agent session at a time.' },
            authtoken: { source: 'saved', protection: 'private-file' },
          },
        }),
      ),
    )
    expect(await screen.findByText('The tunnel did not open')).toBeTruthy()
    expect(screen.getByText('Your ngrok account allows one agent session at a time.')).toBeTruthy()
  })

  it('forgets a saved authtoken on request and then asks for one', async () => {
    tunnelView = { state: 'off', authtoken: { source: 'saved', protection: 'os-encryption' } }
    render(<PublicUrlPage />)
    expect(await screen.findByText('Authtoken: saved (encrypted by the operating system).')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Forget it' }))
    expect(await screen.findByLabelText('ngrok authtoken')).toBeTruthy()
    expect(calls.find((c) => c.method === 'tunnel.setAuthtoken')!.input).toEqual({ authtoken: null })
  })
})
