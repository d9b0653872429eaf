import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import type { WireRequest } from '../requests'
import { maskedRequest, type Exchange, type ExchangeErrorKind, type ExchangeResponse, type Transport } from './exchange'

/*
 * The simulated client's HTTP transport. Entra waits a bounded time per request ("Timeout" is a
 * logged, retried error, azure-ad-provisioning.md 8 and 10.2) and runs a small number of requests
 * in parallel per job (3.5, 13.11: the degree is [U]).
 *
 * It speaks node:http over keep-alive connections rather than fetch, for two reasons. Fetch adds
 * headers of its own to every request (User-Agent `node`, `sec-fetch-mode`, `accept-language`,
 * `accept-encoding`), and Entra sends no User-Agent (section 1): node:http sends only what the
 * WireRequest holds, plus Host, Connection and Content-Length. And fetch cost ~1 ms of CPU per
 * request in the client (undici's streams and per-request abort signals), as much as the server
 * spent answering: in the 10,000-user benchmark cycle the client was half of the machine.
 */

/** Entra's request timeout as the issue states it; configurable. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000
/** [U] Entra's parallelism per job is undocumented (13.11); 4 is "small" and keeps a 2-core machine busy. */
export const DEFAULT_CONCURRENCY = 4

export interface HttpTransportOptions {
  /** Per-request timeout, covering the response body too. Default 60 s. */
  timeoutMs?: number
  /** Requests in flight at once (and keep-alive connections per origin); further ones wait their turn. Default 4 [U]. */
  concurrency?: number
  /** Clock for `startedAt`; default the system clock. */
  now?: () => Date
}

/** A FIFO semaphore: at most `limit` holders, waiters served in arrival order. */
class Slots {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly limit: number) {}

  /** Resolves once a slot is held; rejects (and gives up its place) if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.limit) {
      this.active++
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        this.active++
        resolve()
      }
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant)
        if (index >= 0) this.waiting.splice(index, 1)
        reject(signal?.reason)
      }
      this.waiting.push(grant)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  release(): void {
    this.active--
    this.waiting.shift()?.()
  }
}

/** What one exchange came to: a whole response, or why there is none. */
type Outcome = { response: ExchangeResponse } | { error: { kind: ExchangeErrorKind; message: string } }

/** Sends WireRequests over HTTP(S), one Exchange per request, bounded in time and in parallelism. */
export class HttpTransport implements Transport {
  readonly timeoutMs: number
  readonly concurrency: number
  private readonly slots: Slots
  private readonly now: () => Date
  /** One connection per slot at most, kept open between requests as Entra's client would [U]. */
  private readonly agents: { 'http:': http.Agent; 'https:': https.Agent }

  constructor(options: HttpTransportOptions = {}) {
    this.timeoutMs = positiveInteger(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 'timeoutMs')
    this.concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency')
    this.slots = new Slots(this.concurrency)
    this.now = options.now ?? (() => new Date())
    this.agents = {
      'http:': new http.Agent({ keepAlive: true, maxSockets: this.concurrency }),
      'https:': new https.Agent({ keepAlive: true, maxSockets: this.concurrency }),
    }
  }

  async send(request: WireRequest, signal?: AbortSignal): Promise<Exchange> {
    const logged = maskedRequest(request)
    const queuedAt = Date.now()
    const notSent = (): Exchange => ({
      request: logged,
      startedAt: new Date(queuedAt).toISOString(),
      durationMs: Date.now() - queuedAt,
      error: { kind: 'aborted', message: 'The request was not sent: provisioning was stopped.' },
    })
    if (signal?.aborted) return notSent()
    try {
      await this.slots.acquire(signal)
    } catch {
      return notSent()
    }
    const startedAt = this.now().toISOString()
    const started = Date.now()
    try {
      const outcome = await this.exchange(request, signal)
      const base = { request: logged, startedAt, durationMs: Date.now() - started }
      return 'response' in outcome ? { ...base, response: outcome.response } : { ...base, error: outcome.error }
    } finally {
      this.slots.release()
    }
  }

  /** Closes the idle keep-alive connections (they never keep the process alive: the agent unrefs them). */
  close(): void {
    this.agents['http:'].destroy()
    this.agents['https:'].destroy()
  }

  /**
   * One request and its whole response, within the timeout; never throws. A keep-alive
   * connection the server closed just as it was reused (ECONNRESET before any answer) carried
   * nothing the server read, so the request goes once more on a fresh connection.
   */
  private exchange(request: WireRequest, signal: AbortSignal | undefined, retried = false): Promise<Outcome> {
    return new Promise((resolve) => {
      let url: URL
      try {
        url = new URL(request.url)
      } catch {
        resolve({ error: { kind: 'network', message: `The request could not be sent: '${request.url}' is not a valid URL.` } })
        return
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        resolve({ error: { kind: 'network', message: `The request could not be sent: ${url.protocol} is not HTTP or HTTPS.` } })
        return
      }
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8')
      const headers: Record<string, string | number> = { ...request.headers }
      if (body) headers['Content-Length'] = body.length
      let settled = false
      let timedOut = false
      const done = (outcome: Outcome | Promise<Outcome>): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        resolve(outcome)
      }
      const failed = (error: Error): Outcome => {
        if (signal?.aborted) return { error: { kind: 'aborted', message: 'The request was cancelled: provisioning was stopped.' } }
        if (timedOut) return { error: { kind: 'timeout', message: `No complete response within ${this.timeoutMs} ms: the request timed out.` } }
        return { error: { kind: 'network', message: `The request could not be sent: ${error.message}` } }
      }
      let req: http.ClientRequest
      try {
        // the path as fetch would send it: the WHATWG URL serialisation of the path and query
        req = (url.protocol === 'https:' ? https : http).request({
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port,
          path: url.pathname + url.search,
          method: request.method,
          headers,
          agent: this.agents[url.protocol],
        })
      } catch (error) {
        // a header value node refuses (a control character in the token, say)
        resolve({ error: { kind: 'network', message: `The request could not be sent: ${(error as Error).message}` } })
        return
      }
      const timer = setTimeout(() => {
        timedOut = true
        req.destroy(new Error('timed out'))
      }, this.timeoutMs)
      const onAbort = (): void => {
        req.destroy(new Error('stopped'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => done({ response: { status: res.statusCode ?? 0, headers: responseHeaders(res), body: Buffer.concat(chunks).toString('utf8') } }))
        res.on('error', (error) => done(failed(error)))
        // an Error costs a stack trace: made only when the response really was cut short
        res.on('close', () => {
          if (!res.complete) done(failed(new Error('the connection closed before the whole response arrived.')))
        })
      })
      req.on('error', (error: NodeJS.ErrnoException) => {
        const staleConnection = req.reusedSocket && error.code === 'ECONNRESET' && !timedOut && !signal?.aborted
        done(staleConnection && !retried ? this.exchange(request, signal, true) : failed(error))
      })
      req.end(body)
    })
  }
}

/** Header names lower-cased as node gives them; a repeated header (set-cookie) joined as fetch joins it. */
function responseHeaders(res: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`HttpTransport: ${name} must be a positive whole number, not ${value}.`)
  return value
}
