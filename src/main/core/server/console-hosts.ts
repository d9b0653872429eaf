import { hostname as osHostname } from 'node:os'
import { isIP } from 'node:net'
import type { TunnelDetector } from '../tunnel/ngrok-agent'
import { isValidHost } from './forwarded'

/*
 * DNS rebinding defence for the browser console (issue 14, item 4).
 *
 * A page served from evil.example can, once loaded, make its own name resolve to 127.0.0.1;
 * its scripts then reach this server as "same origin", so the Origin and Sec-Fetch-Site checks
 * pass and only the console token stands in the way. What such a request cannot change is its
 * Host header (browsers forbid scripts to set it): it still says evil.example. So the console
 * answers only Host names that are this server's own, as webpack-dev-server's `allowedHosts`
 * and Vite's `server.allowedHosts` do.
 *
 * Own names:
 * - any IP literal (127.0.0.1, [::1], a LAN or NAT address): rebinding needs a DNS name under
 *   the attacker's control, and a page whose origin is an IP address is served by that address.
 *   This covers the bound address, every interface address (which change with the network) and
 *   a port forward, without listing them;
 * - `localhost` and names under `.localhost`, which browsers resolve to loopback without asking
 *   DNS (RFC 6761 §6.3);
 * - this machine's host name (`os.hostname()`, its first label, and `<label>.local` for mDNS);
 * - the public host of a tunnel the harness detected or opened (setPublicUrl);
 * - names the user added for a reverse proxy or a DNS name of their own
 *   (SCIM_HARNESS_CONSOLE_HOSTS or `serve --console-host`): `a.example` is that name only,
 *   `.a.example` is a.example and every name under it (Vite's notation).
 *
 * The port is not compared: a rebinding page's port is whatever the attacker chose, so the name
 * alone tells whether the browser meant this machine, and comparing ports would only break a
 * local reverse proxy or a port forward. The SCIM endpoint has no such check: Entra reaches it
 * through any tunnel host, and it takes no browser credentials.
 */

/** Extra console host names, comma-separated: `SCIM_HARNESS_CONSOLE_HOSTS=scim.example,.corp.example`. */
export const CONSOLE_HOSTS_ENV = 'SCIM_HARNESS_CONSOLE_HOSTS'

/** The host name of a Host header, lower-cased, without port, brackets or a final dot; undefined when it is not a plain host. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (typeof header !== 'string') return undefined
  const host = header.trim()
  // no user info, paths or spaces: a Host header is host[:port] (RFC 9110 §7.2), read by the same
  // grammar as the forwarded host (forwarded.ts)
  if (!isValidHost(host)) return undefined
  if (host.startsWith('[')) {
    const literal = host.slice(1, host.indexOf(']'))
    return isIP(literal) === 6 ? literal.toLowerCase() : undefined
  }
  const colon = host.indexOf(':')
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase().replace(/\.$/, '')
}

/** Names from a comma- or space-separated list (the env variable, repeated CLI flags); refuses what is not a host name. */
export function parseConsoleHosts(text: string): string[] {
  const names = text
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '')
  for (const name of names) {
    if (!/^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(name)) {
      throw new ConsoleHostsError(
        `'${name.slice(0, 100)}' is not a host name. List console host names like scim.example.com, or .example.com for a domain and every name under it.`,
      )
    }
  }
  return names.map((n) => n.replace(/\.$/, ''))
}

export class ConsoleHostsError extends Error {
  readonly code = 'invalid-input'
  override readonly name = 'ConsoleHostsError'
}

/** The host of a public URL (`https://abc.ngrok.app/scim/v2` → `abc.ngrok.app`); undefined when it is not a URL. */
function publicHostOf(url: string): string | undefined {
  try {
    return hostNameOf(new URL(url).host)
  } catch {
    return undefined
  }
}

/** The names this console answers to; asked on every request, so a tunnel opened later counts at once. */
export class ConsoleHostAllowList {
  private readonly extra: string[]
  private readonly machine: string[]
  /** Public hosts by who registered them (the agent detector, the in-process tunnel). */
  private readonly publicHosts = new Map<string, string>()

  constructor(extra: Iterable<string> = [], machineName: string = osHostname()) {
    this.extra = [...extra].map((n) => n.toLowerCase())
    const full = machineName.toLowerCase().replace(/\.$/, '')
    const label = full.split('.')[0]
    this.machine = full === '' ? [] : [...new Set([full, label, `${label}.local`])]
  }

  /** Records (or, with undefined, forgets) the public URL one source reaches this server at. */
  setPublicUrl(source: string, url: string | undefined): void {
    const host = url === undefined ? undefined : publicHostOf(url)
    if (host === undefined) this.publicHosts.delete(source)
    else this.publicHosts.set(source, host)
  }

  /** Whether a request with this Host header was addressed to this server. */
  allows(hostHeader: string | undefined): boolean {
    const name = hostNameOf(hostHeader)
    if (name === undefined) return false
    if (isIP(name) !== 0) return true
    if (name === 'localhost' || name.endsWith('.localhost')) return true
    if (this.machine.includes(name)) return true
    for (const host of this.publicHosts.values()) if (host === name) return true
    return this.extra.some((n) => (n.startsWith('.') ? name === n.slice(1) || name.endsWith(n) : name === n))
  }

  /**
   * The kinds of names allowed, for the refusal message. Not the names themselves: the refusal
   * goes to whoever sent a wrong Host (an anonymous client through a tunnel, or the rebound page,
   * which reads it as same-origin), and this machine's name, the tunnel's host and the names
   * added for a proxy are not theirs to learn.
   */
  describe(): string {
    return "localhost, IP addresses, this machine's name, a tunnel's public host while it is up, and names added for a proxy"
  }
}

/** The extra names set in SCIM_HARNESS_CONSOLE_HOSTS; a bad name stops the start with a message naming the variable. */
export function consoleHostsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const text = env[CONSOLE_HOSTS_ENV]
  if (text === undefined || text.trim() === '') return []
  try {
    return parseConsoleHosts(text)
  } catch (err) {
    throw new ConsoleHostsError(`${CONSOLE_HOSTS_ENV}: ${(err as Error).message}`)
  }
}

/**
 * A tunnel detector that also tells the allow-list where the tunnel ends: the console opened at
 * the detected public URL works, and stops working once the tunnel is gone (a later detection
 * that finds none forgets it).
 */
export function recordPublicHost(detector: TunnelDetector, hosts: ConsoleHostAllowList): TunnelDetector {
  return {
    async detect(options) {
      const state = await detector.detect(options)
      hosts.setPublicUrl('ngrok-agent', state.state === 'found' ? state.publicUrl : undefined)
      return state
    },
  }
}
