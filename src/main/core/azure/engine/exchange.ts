import type { Exchange, ExchangeRequest } from '../../../../shared/console/provisioning-log-schema'
import type { WireRequest } from '../requests'

/*
 * One HTTP exchange of the simulated Entra client, as the console shows it and as provisioning
 * log entries carry it (azure-ad-provisioning.md section 10.1: "the exact HTTP exchanges behind
 * each entry", issue 3). Plain JSON, so it goes into logs and scenario reports as is; the shape is
 * the contract's (src/shared/console/provisioning-log-schema.ts).
 */

export type { Exchange, ExchangeErrorKind, ExchangeRequest, ExchangeResponse } from '../../../../shared/console/provisioning-log-schema'

/** What the engine and Test Connection send requests through; HttpTransport is the real one. */
export interface Transport {
  /** Sends one request. Never throws: HTTP errors come back as responses, the rest as `error`. */
  send(request: WireRequest, signal?: AbortSignal): Promise<Exchange>
}

export const MASKED_AUTHORIZATION = 'Bearer ****'

/** The request as logged: the Authorization header (any letter case) shows `Bearer ****`. */
export function maskedRequest(request: WireRequest): ExchangeRequest {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) headers[name] = name.toLowerCase() === 'authorization' ? MASKED_AUTHORIZATION : value
  const logged: ExchangeRequest = { method: request.method, url: request.url, headers }
  if (request.body !== undefined) logged.body = request.body
  return logged
}

/** The response body parsed as JSON, or undefined when there is none or it is not JSON. */
export function responseJson(exchange: Exchange): unknown {
  const text = exchange.response?.body
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
