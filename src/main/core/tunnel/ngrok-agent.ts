import type { TunnelState } from '../../../shared/console/api'

/*
 * Public URL: real Entra ID can only reach the harness through a tunnel. The common setup is an
 * ngrok agent the user started (`ngrok http 8787`); its local API (http://127.0.0.1:4040 by
 * default) lists the tunnels, and we pick the one that forwards to our port. Detection sits
 * behind TunnelDetector so tests use a fake agent instead of a real ngrok.
 */

export const DEFAULT_NGROK_AGENT_URL = 'http://127.0.0.1:4040'

export interface TunnelDetector {
  detect(options: { agentUrl?: string; port: number; scimPath: string }): Promise<TunnelState>
}

interface NgrokTunnel {
  public_url?: unknown
  proto?: unknown
  config?: { addr?: unknown }
}

/** The port an ngrok `addr` forwards to: "http://localhost:8787", "localhost:8787" or "8787". */
export function forwardedPort(addr: string): number | undefined {
  const match = /(?:^|:)(\d{1,5})\/?$/.exec(addr.trim())
  return match ? Number(match[1]) : undefined
}

/** Only loopback agent addresses: the console must not become a way to probe other hosts. */
function checkAgentUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new TunnelSetupError(`'${raw}' is not a URL. The ngrok agent API address looks like ${DEFAULT_NGROK_AGENT_URL}.`)
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new TunnelSetupError(`The ngrok agent API must be on this machine (http://127.0.0.1:PORT); got '${raw}'.`)
  }
  return url
}

export class TunnelSetupError extends Error {
  readonly code = 'invalid-input'
}

export class NgrokAgentDetector implements TunnelDetector {
  constructor(
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 2000,
  ) {}

  async detect({ agentUrl = DEFAULT_NGROK_AGENT_URL, port, scimPath }: { agentUrl?: string; port: number; scimPath: string }): Promise<TunnelState> {
    const url = checkAgentUrl(agentUrl)
    let body: { tunnels?: NgrokTunnel[] }
    try {
      const res = await this.fetchImpl(new URL('/api/tunnels', url), { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } })
      if (!res.ok) {
        return {
          state: 'unreachable',
          agentUrl,
          message: `The ngrok agent at ${agentUrl} answered ${res.status}. Is this the agent's API address (see "web_addr" in ngrok.yml)?`,
        }
      }
      body = (await res.json()) as { tunnels?: NgrokTunnel[] }
    } catch {
      return {
        state: 'unreachable',
        agentUrl,
        message: `No ngrok agent answers at ${agentUrl}. Start one with: ngrok http ${port}`,
      }
    }
    const tunnels = Array.isArray(body.tunnels) ? body.tunnels : []
    const https = tunnels.filter((t) => typeof t.public_url === 'string' && t.public_url.startsWith('https://'))
    if (https.length === 0) {
      return { state: 'none', agentUrl, message: `The ngrok agent at ${agentUrl} has no https tunnel. Start one with: ngrok http ${port}` }
    }
    const ours = https.find((t) => typeof t.config?.addr === 'string' && forwardedPort(t.config.addr) === port)
    if (!ours) {
      const addrs = https.map((t) => String(t.config?.addr ?? '?')).join(', ')
      return {
        state: 'mismatch',
        agentUrl,
        message: `The ngrok agent's tunnels forward to ${addrs}, not to this server's port ${port}. Start one with: ngrok http ${port}`,
      }
    }
    const publicUrl = String(ours.public_url).replace(/\/+$/, '')
    return {
      state: 'found',
      agentUrl,
      publicUrl,
      tenantUrl: `${publicUrl}${scimPath}`,
      message: `Paste ${publicUrl}${scimPath} into Entra ID as the Tenant URL, with an API token as the Secret Token.`,
    }
  }
}
