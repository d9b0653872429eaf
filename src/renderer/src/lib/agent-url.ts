/** Where the ngrok agent's local API listens unless its ngrok.yml sets `web_addr`. */
export const DEFAULT_AGENT_URL = 'http://127.0.0.1:4040'

const AGENT_URL_KEY = 'scim-harness.ngrokAgentUrl'
const DOMAIN_KEY = 'scim-harness.ngrokDomain'

/** A value remembered on this machine, `fallback` when absent or when storage is refused (private window). */
function recall(key: string, fallback: string): string {
  try {
    return window.localStorage.getItem(key) || fallback
  } catch {
    return fallback
  }
}

/** Remembers a value; the default is stored as nothing. A refusal is ignored: the value still works for this visit. */
function remember(key: string, value: string, fallback: string): void {
  try {
    if (value === fallback) window.localStorage.removeItem(key)
    else window.localStorage.setItem(key, value)
  } catch {
    // storage refused
  }
}

/** The agent API address the admin last used on this machine. */
export const storedAgentUrl = (): string => recall(AGENT_URL_KEY, DEFAULT_AGENT_URL)
export const rememberAgentUrl = (url: string): void => remember(AGENT_URL_KEY, url, DEFAULT_AGENT_URL)

/** The reserved ngrok domain last used for Go public on this machine ('' for a random URL). */
export const storedDomain = (): string => recall(DOMAIN_KEY, '')
export const rememberDomain = (domain: string): void => remember(DOMAIN_KEY, domain, '')

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
