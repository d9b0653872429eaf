import type { Request } from 'express'

/*
 * The origin a client used to reach the server, for meta.location, $ref and the Location header
 * (RFC 7644 section 3.1: meta.location is the URI of the resource). Behind ngrok the client
 * reached https://<name>.ngrok-free.app while the socket comes from the local agent, so the
 * X-Forwarded-Proto / X-Forwarded-Host the agent adds are believed, but only from a trusted peer
 * (Express's 'trust proxy' setting, loopback in app.ts) and only when they look like what a
 * proxy sends. Issue 14 found `X-Forwarded-Proto: javascript` turning meta.location into a
 * `javascript://` URL: a value that is not http/https, or a host that is not host[:port], is
 * ignored and the connection's own protocol and Host used instead. A Host header that is not a
 * valid host is not reflected either: the address the socket was accepted on is used.
 */

/** Longest host[:port] accepted: a 253-character DNS name plus `:65535`. */
const MAX_HOST_LENGTH = 253 + 6

// hostname (DNS labels, RFC 1123 section 2.1; '_' too, which some tunnels use), IPv4, or a
// bracketed IPv6 literal (RFC 3986 section 3.2.2), then an optional port. Bounded input length
// keeps the label repetition cheap.
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?'
const HOST_AND_PORT = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*\\.?|\\[[0-9A-Fa-f:.]{2,45}\\])(?::(\\d{1,5}))?$`)

/** Whether `value` is a bare host[:port]: no scheme, path, query, user info or spaces. */
export function isValidHost(value: string): boolean {
  if (value.length === 0 || value.length > MAX_HOST_LENGTH) return false
  const match = HOST_AND_PORT.exec(value)
  if (!match) return false
  return match[1] === undefined || Number(match[1]) <= 65535
}

/** The first value of a header a proxy chain may have joined with commas. */
function firstValue(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const comma = header.indexOf(',')
  return (comma === -1 ? header : header.slice(0, comma)).trim()
}

function trustsPeer(req: Request): boolean {
  const trust = req.app.get('trust proxy fn') as ((address: string | undefined, i: number) => boolean) | undefined
  return trust?.(req.socket.remoteAddress, 0) ?? false
}

/** The socket's own address, for a request whose Host header cannot be used. */
function localHost(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1'
  const host = address.startsWith('::ffff:') ? address.slice(7) : address
  return `${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort ?? 80}`
}

/** `http://host:port` as the client saw it, with forwarded values only when valid and trusted. */
export function publicOrigin(req: Request): string {
  const trusted = trustsPeer(req)
  let protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
  let host: string | undefined
  if (trusted) {
    const proto = firstValue(req.get('x-forwarded-proto'))?.toLowerCase()
    if (proto === 'http' || proto === 'https') protocol = proto
    const forwardedHost = firstValue(req.get('x-forwarded-host'))
    if (forwardedHost !== undefined && isValidHost(forwardedHost)) host = forwardedHost
  }
  if (host === undefined) {
    const own = req.get('host')
    host = own !== undefined && isValidHost(own) ? own : localHost(req)
  }
  return `${protocol}://${host}`
}
