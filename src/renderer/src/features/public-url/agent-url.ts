/** Where the ngrok agent's local API listens unless its ngrok.yml sets `web_addr`. */
export const DEFAULT_AGENT_URL = 'http://127.0.0.1:4040'

const KEY = 'scim-harness.ngrokAgentUrl'

/** The agent API address the admin last used on this machine. */
export function storedAgentUrl(): string {
  try {
    return window.localStorage.getItem(KEY) || DEFAULT_AGENT_URL
  } catch {
    return DEFAULT_AGENT_URL
  }
}

export function rememberAgentUrl(url: string): void {
  try {
    if (url === DEFAULT_AGENT_URL) window.localStorage.removeItem(KEY)
    else window.localStorage.setItem(KEY, url)
  } catch {
    // storage refused (private window): the address still works for this visit
  }
}

const DOMAIN_KEY = 'scim-harness.ngrokDomain'

/** The reserved ngrok domain last used for Go public on this machine ('' for a random URL). */
export function storedDomain(): string {
  try {
    return window.localStorage.getItem(DOMAIN_KEY) ?? ''
  } catch {
    return ''
  }
}

export function rememberDomain(domain: string): void {
  try {
    if (domain) window.localStorage.setItem(DOMAIN_KEY, domain)
    else window.localStorage.removeItem(DOMAIN_KEY)
  } catch {
    // storage refused: the domain still works for this visit
  }
}

/**
 * The command that opens a tunnel to this server. ngrok forwards to localhost by default, which
 * only reaches the server when it listens on loopback or on every interface; a server bound to
 * one address needs that address in the command.
 */
export function ngrokCommand(host: string, port: number): string {
  const everywhere = ['0.0.0.0', '::', '[::]', ''].includes(host)
  const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)
  if (everywhere || loopback) return `ngrok http ${port}`
  return `ngrok http ${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`
}
