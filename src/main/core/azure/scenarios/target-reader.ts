import type { Transport } from '../engine'
import { responseJson } from '../engine'
import { encodeQueryValue, eqFilter, toWireRequest, type TenantUrl } from '../requests'
import { requestHeaders } from '../requests/headers'
import type { PatchDialect } from '../model'

/*
 * Reads the target's state for a scenario's expectations, over SCIM like any client: the
 * expectations hold for whatever endpoint the scenario ran against, not only the built-in one.
 * These reads are not provisioning traffic, so they stay out of the provisioning logs.
 */

export type ScimResource = Record<string, unknown>

/** A read's outcome: the resource, "not there" (404 or an empty list), or why it could not be read. */
export type ReadResult = { kind: 'found'; resource: ScimResource } | { kind: 'missing' } | { kind: 'failed'; reason: string }

export class TargetReader {
  constructor(
    private readonly tenant: TenantUrl,
    private readonly token: string,
    private readonly dialect: PatchDialect,
    private readonly transport: Transport,
    private readonly signal?: AbortSignal,
  ) {}

  userById(id: string): Promise<ReadResult> {
    return this.get(`/Users/${encodeURIComponent(id)}`, false)
  }

  userByUserName(userName: string): Promise<ReadResult> {
    return this.get(`/Users?filter=${encodeQueryValue(eqFilter('userName', userName))}`, true)
  }

  /** With members: some servers leave them out of lists unless asked, so ask. */
  groupByDisplayName(displayName: string): Promise<ReadResult> {
    return this.get(`/Groups?attributes=${encodeQueryValue('displayName,members')}&filter=${encodeQueryValue(eqFilter('displayName', displayName))}`, true)
  }

  private async get(path: string, list: boolean): Promise<ReadResult> {
    const wire = toWireRequest(this.tenant, { method: 'GET', path, headers: requestHeaders(false, this.dialect) }, { token: this.token, dialect: this.dialect })
    const exchange = await this.transport.send(wire, this.signal)
    if (exchange.error) return { kind: 'failed', reason: `GET ${path} failed: ${exchange.error.message}` }
    const status = exchange.response?.status ?? 0
    if (status === 404) return { kind: 'missing' }
    if (status < 200 || status >= 300) return { kind: 'failed', reason: `GET ${path} answered HTTP ${status}` }
    const json = responseJson(exchange) as ScimResource | undefined
    if (!json || typeof json !== 'object') return { kind: 'failed', reason: `GET ${path} did not answer JSON` }
    if (!list) return { kind: 'found', resource: json }
    const resources = json.Resources
    if (!Array.isArray(resources))
      return json.totalResults === 0 ? { kind: 'missing' } : { kind: 'failed', reason: `GET ${path} did not answer a ListResponse` }
    return resources.length === 0 ? { kind: 'missing' } : { kind: 'found', resource: resources[0] as ScimResource }
  }
}
