import type { PatchDialect } from '../model'
import { LEGACY_VERSION_HEADER, LEGACY_VERSION_VALUE } from './headers'
import { resolveRequestUrl, type TenantUrl } from './tenant-url'
import type { HttpMethod, ScimRequest } from './types'

/** What a job knows about its target besides the URL (the Admin Credentials and the dialect). */
export interface ConnectionSettings {
  /** The Secret Token, sent as `Authorization: Bearer <token>` on every request (section 1). */
  token: string
  dialect: PatchDialect
  /**
   * User-Agent to send. Default none: one vendor saw Entra's request arrive without any, and their
   * WAF refused it (section 1). [O] Set it to rehearse a server that requires one.
   */
  userAgent?: string
}

/** A request ready for an HTTP client: absolute URL, every header, the body serialised. */
export interface WireRequest {
  method: HttpMethod
  url: string
  headers: Record<string, string>
  /** Compact JSON, as the captures show; absent on GET and DELETE. */
  body?: string
}

/**
 * Applies a tenant and its credentials to a request. The request path is appended to the base
 * URL verbatim: its query is already encoded (see `encodeQueryValue`), and a WHATWG `URL` or
 * `fetch` leaves it byte for byte as it is.
 */
export function toWireRequest(tenant: TenantUrl, request: ScimRequest, connection: ConnectionSettings): WireRequest {
  if (connection.token === '') {
    // A blank Secret Token makes Entra send its own JWT (section 1), which the simulator cannot mint.
    throw new Error('The Secret Token is empty: enter the bearer token the SCIM server expects.')
  }
  const headers: Record<string, string> = { Authorization: `Bearer ${connection.token}`, ...request.headers }
  if (connection.userAgent !== undefined) headers['User-Agent'] = connection.userAgent
  if (connection.dialect === 'legacy') headers[LEGACY_VERSION_HEADER] = LEGACY_VERSION_VALUE
  const wire: WireRequest = { method: request.method, url: resolveRequestUrl(tenant, request.path), headers }
  if (request.body !== undefined) wire.body = JSON.stringify(request.body)
  return wire
}
