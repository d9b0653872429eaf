/*
 * An HTTP exchange as the screens show it: the reason phrase, the latency, the body indented,
 * the status colour. The Traffic screen, a user's provisioning history and the simulator's
 * exchanges all use these, so an exchange reads the same everywhere.
 */

/** `0.8 ms`, `42 ms`, `1.25 s`. */
export function formatLatency(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(2)} s`
}

export interface PrettyBody {
  text: string
  json: boolean
  /** The server logged only the first 16 KiB. */
  clipped: boolean
}

/** A logged body indented when it is JSON; clipped or non-JSON text is shown as it was sent. */
export function prettyBody(body: string | undefined): PrettyBody | undefined {
  if (body === undefined || body === '') return undefined
  const clipped = /…\[\d+ bytes\]$/.test(body)
  if (!clipped) {
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), json: true, clipped }
    } catch {
      // not JSON (a proxy's HTML error page, a malformed request): show it verbatim
    }
  }
  return { text: body, json: false, clipped }
}

export type StatusClass = 'ok' | 'redirect' | 'client-error' | 'server-error'

export function statusClass(status: number): StatusClass {
  if (status >= 500) return 'server-error'
  if (status >= 400) return 'client-error'
  if (status >= 300) return 'redirect'
  return 'ok'
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** The reason phrase for a status code, or '' when the code is unusual. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? ''
}
