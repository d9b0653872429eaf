import { toWireRequest, type ConnectionSettings, type ScimRequest, type TenantUrl } from '../requests'
import { responseJson, type Exchange, type Transport } from './exchange'
import type { ProvisioningStatusInfo } from './provisioning-log'

/*
 * One job's connection to its target: the tenant URL, the credentials and the transport. Turns a
 * ScimRequest into an Exchange and a failed exchange into the error code Entra would log
 * (azure-ad-provisioning.md 10.2).
 */

export interface ScimResult {
  exchange: Exchange
  /** 0 when no response came back. */
  status: number
  /** The parsed JSON body, when there is one. */
  json: unknown
}

export class ScimClient {
  constructor(
    readonly tenant: TenantUrl,
    readonly connection: ConnectionSettings,
    private readonly transport: Transport,
  ) {}

  async send(request: ScimRequest, signal?: AbortSignal): Promise<ScimResult> {
    const exchange = await this.transport.send(toWireRequest(this.tenant, request, this.connection), signal)
    return { exchange, status: exchange.response?.status ?? 0, json: responseJson(exchange) }
  }
}

/** The error codes of 10.2 by HTTP status; anything else unexpected is a WebExceptionProtocolError. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'SystemForCrossDomainIdentityManagementBadResponse',
  401: 'Unauthorized',
  403: 'InsufficientRights',
  404: 'InvalidAnchor',
  405: 'MethodNotAllowed',
  409: 'EntryConflict',
  422: 'UnprocessableEntity',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  501: 'NotImplemented',
}

/** The SCIM error `detail` (RFC 7644 3.12) or the start of the body, for the reason text. */
function serverSays(result: ScimResult): string {
  const json = result.json as { detail?: unknown; scimType?: unknown } | undefined
  if (json && typeof json.detail === 'string') return typeof json.scimType === 'string' ? `${json.detail} (scimType ${json.scimType})` : json.detail
  const body = result.exchange.response?.body ?? ''
  return body.length > 300 ? `${body.slice(0, 300)}...` : body
}

/**
 * What a failed request means in Entra's words: Timeout, WebExceptionProtocolError (network),
 * or the code for the status. `action` is what the job was doing ("create User 'x'").
 */
export function failureInfo(result: ScimResult, action: string): ProvisioningStatusInfo {
  const error = result.exchange.error
  if (error?.kind === 'timeout') {
    return {
      errorCode: 'Timeout',
      reason: `Failed to ${action}: ${error.message}`,
      recommendedAction: 'The request is retried in the next cycle. Check that the SCIM endpoint answers within the timeout.',
    }
  }
  if (error)
    return {
      errorCode: 'WebExceptionProtocolError',
      reason: `Failed to ${action}: ${error.message}`,
      recommendedAction: 'Check that the Tenant URL is reachable. The request is retried in the next cycle.',
    }
  const code = CODE_BY_STATUS[result.status] ?? (result.status >= 500 ? 'InternalServerError' : 'WebExceptionProtocolError')
  const said = serverSays(result)
  return {
    errorCode: code,
    reason: `Failed to ${action}: the SCIM endpoint answered HTTP ${result.status}${said ? `: ${said}` : '.'}`,
    recommendedAction: 'Fix the cause in the target application; the change is retried in the next cycle.',
  }
}

/** A 2xx answer. */
export function succeeded(result: ScimResult): boolean {
  return result.status >= 200 && result.status < 300
}

/** The `Resources` of a ListResponse, or undefined when the body is not one (Entra cannot parse it). */
export function listResources(json: unknown): Record<string, unknown>[] | undefined {
  const resources = (json as { Resources?: unknown } | undefined)?.Resources
  return Array.isArray(resources) ? (resources as Record<string, unknown>[]) : undefined
}

export function incompatible(result: ScimResult, action: string): ProvisioningStatusInfo {
  return {
    errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
    reason: `Failed to ${action}: the response could not be read as SCIM (HTTP ${result.status}, expected a JSON ${action.startsWith('find') ? 'ListResponse' : 'resource'}).`,
    recommendedAction: 'Make the SCIM endpoint answer with application/scim+json bodies as RFC 7644 describes.',
  }
}
