import type { TrafficEntry } from '@shared/console/api'
import { redactEntry } from '@shared/redaction'
import { statusText } from '../../lib/http-format'

/*
 * Export as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format browser dev
 * tools, Postman, Insomnia and Fiddler import, so a support engineer can hand a customer's SCIM
 * exchange to whoever debugs it. The harness keeps no headers beyond the user agent, so headers
 * are what we know; bodies are the logged text (clipped at 16 KiB by the server). The server
 * masks secrets where it builds each entry; they are masked again here, so an entry from a log
 * written before that (or any future source) cannot put a password or token in a file that is
 * meant to be handed around. Nothing below adds a header the entry did not have.
 */

export interface HarNameValue {
  name: string
  value: string
}

export interface HarEntry {
  startedDateTime: string
  time: number
  request: {
    method: string
    url: string
    httpVersion: string
    cookies: []
    headers: HarNameValue[]
    queryString: HarNameValue[]
    postData?: { mimeType: string; text: string }
    headersSize: -1
    bodySize: number
  }
  response: {
    status: number
    statusText: string
    httpVersion: string
    cookies: []
    headers: HarNameValue[]
    content: { size: number; mimeType: string; text?: string; comment?: string }
    redirectURL: ''
    headersSize: -1
    bodySize: number
  }
  cache: Record<string, never>
  timings: { send: number; wait: number; receive: number }
  comment?: string
  /** Custom fields (HAR allows names starting with an underscore). */
  _client: TrafficEntry['client']
  _leniencyRules: string[]
  _error?: string
}

export interface Har {
  log: {
    version: '1.2'
    creator: { name: string; version: string }
    entries: HarEntry[]
  }
}

const SCIM_JSON = 'application/scim+json'
const HTTP_VERSION = 'HTTP/1.1'

/** The server clips logged bodies and appends `…[N bytes]`: such text is not the whole body. */
const CLIPPED = /…\[(\d+) bytes\]$/

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

function queryOf(url: URL): HarNameValue[] {
  return [...url.searchParams.entries()].map(([name, value]) => ({ name, value }))
}

/** The origin requests went to: `http://127.0.0.1:8787` from the Base URI `http://127.0.0.1:8787/scim/v2`. */
function originOf(baseUri: string): string {
  try {
    return new URL(baseUri).origin
  } catch {
    return 'http://127.0.0.1'
  }
}

function harEntry(logged: TrafficEntry, origin: string): HarEntry {
  const entry = redactEntry(logged)
  const url = new URL(entry.path, origin)
  const started = new Date(Math.round(Date.parse(entry.time) - entry.durationMs))
  const requestHeaders: HarNameValue[] = []
  if (entry.userAgent) requestHeaders.push({ name: 'User-Agent', value: entry.userAgent })
  if (entry.requestBody !== undefined) requestHeaders.push({ name: 'Content-Type', value: SCIM_JSON })

  const responseText = entry.responseBody
  const clipped = responseText !== undefined ? CLIPPED.exec(responseText) : null
  const responseSize = clipped ? Number(clipped[1]) : responseText !== undefined ? byteLength(responseText) : 0
  const requestClipped = entry.requestBody !== undefined && CLIPPED.test(entry.requestBody)

  const comments = [
    requestClipped ? 'Request body clipped at 16 KiB by the harness log.' : '',
    clipped ? 'Response body clipped at 16 KiB by the harness log.' : '',
  ].filter(Boolean)

  return {
    startedDateTime: Number.isNaN(started.getTime()) ? entry.time : started.toISOString(),
    time: entry.durationMs,
    request: {
      method: entry.method,
      url: url.href,
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: requestHeaders,
      queryString: queryOf(url),
      ...(entry.requestBody !== undefined ? { postData: { mimeType: SCIM_JSON, text: entry.requestBody } } : {}),
      headersSize: -1,
      bodySize: entry.requestBody !== undefined ? byteLength(entry.requestBody) : 0,
    },
    response: {
      status: entry.status,
      statusText: statusText(entry.status),
      httpVersion: HTTP_VERSION,
      cookies: [],
      headers: responseText !== undefined ? [{ name: 'Content-Type', value: SCIM_JSON }] : [],
      content: {
        size: responseSize,
        mimeType: responseText !== undefined ? SCIM_JSON : 'x-unknown',
        ...(responseText !== undefined ? { text: responseText } : {}),
        ...(clipped ? { comment: 'clipped at 16 KiB' } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: responseSize,
    },
    cache: {},
    timings: { send: 0, wait: entry.durationMs, receive: 0 },
    ...(comments.length > 0 ? { comment: comments.join(' ') } : {}),
    _client: entry.client,
    _leniencyRules: entry.rules,
    ...(entry.error ? { _error: entry.error } : {}),
  }
}

/** A HAR 1.2 log of `entries` (oldest first, as given), with URLs on the Base URI's origin. */
export function buildHar(entries: readonly TrafficEntry[], options: { baseUri: string; version: string }): Har {
  const origin = originOf(options.baseUri)
  return {
    log: {
      version: '1.2',
      creator: { name: 'SCIM Harness', version: options.version },
      entries: entries.map((e) => harEntry(e, origin)),
    },
  }
}

/** A file name that sorts by time: `scim-traffic-2030-01-31T12-00-00.har`. */
export function harFileName(now: Date = new Date()): string {
  return `scim-traffic-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.har`
}
