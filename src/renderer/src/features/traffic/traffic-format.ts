/** `14:03:27.412`: the local time of day with milliseconds, as request logs read. */
export function formatClock(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** A request's date and time to the second: provisioning steps land seconds apart. */
export function formatRequestTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

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
