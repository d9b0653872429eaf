import type { WireRequest } from '../requests'
import { maskedRequest, type Exchange, type ExchangeErrorKind, type Transport } from './exchange'

/*
 * The simulated client's HTTP transport. Entra waits a bounded time per request ("Timeout" is a
 * logged, retried error, azure-ad-provisioning.md 8 and 10.2) and runs a small number of requests
 * in parallel per job (3.5, 13.11: the degree is [U]).
 */

/** Entra's request timeout as the issue states it; configurable. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000
/** [U] Entra's parallelism per job is undocumented (13.11); 4 is "small" and keeps a 2-core machine busy. */
export const DEFAULT_CONCURRENCY = 4

export interface HttpTransportOptions {
  /** Per-request timeout, covering the response body too. Default 60 s. */
  timeoutMs?: number
  /** Requests in flight at once; further ones wait their turn. Default 4 [U]. */
  concurrency?: number
  /** The fetch to use (tests may inject one); default the global Node fetch. */
  fetch?: typeof fetch
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

/** Sends WireRequests with fetch, one Exchange per request, bounded in time and in parallelism. */
export class HttpTransport implements Transport {
  readonly timeoutMs: number
  readonly concurrency: number
  private readonly slots: Slots
  private readonly fetchImpl: typeof fetch
  private readonly now: () => Date

  constructor(options: HttpTransportOptions = {}) {
    this.timeoutMs = positiveInteger(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 'timeoutMs')
    this.concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency')
    this.slots = new Slots(this.concurrency)
    this.fetchImpl = options.fetch ?? fetch
    this.now = options.now ?? (() => new Date())
  }

  async send(request: WireRequest, signal?: AbortSignal): Promise<Exchange> {
    const logged = maskedRequest(request)
    const failed = (kind: ExchangeErrorKind, message: string, started: number): Exchange => ({
      request: logged,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      error: { kind, message },
    })
    const queuedAt = Date.now()
    if (signal?.aborted) return failed('aborted', 'The request was not sent: provisioning was stopped.', queuedAt)
    try {
      await this.slots.acquire(signal)
    } catch {
      return failed('aborted', 'The request was not sent: provisioning was stopped.', queuedAt)
    }
    const startedAt = this.now().toISOString()
    const started = Date.now()
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: combined, redirect: 'manual' }
      if (request.body !== undefined) init.body = request.body
      const res = await this.fetchImpl(request.url, init)
      const body = await res.text()
      const headers: Record<string, string> = {}
      res.headers.forEach((value, name) => {
        headers[name] = value
      })
      return { request: logged, response: { status: res.status, headers, body }, startedAt, durationMs: Date.now() - started }
    } catch (error) {
      const base = { request: logged, startedAt, durationMs: Date.now() - started }
      if (signal?.aborted) return { ...base, error: { kind: 'aborted', message: 'The request was cancelled: provisioning was stopped.' } }
      if (timeout.signal.aborted) {
        return { ...base, error: { kind: 'timeout', message: `No complete response within ${this.timeoutMs} ms: the request timed out.` } }
      }
      return { ...base, error: { kind: 'network', message: networkMessage(error) } }
    } finally {
      clearTimeout(timer)
      this.slots.release()
    }
  }
}

/** undici reports "fetch failed" with the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`. */
function networkMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
  const text = cause?.message ?? (error instanceof Error ? error.message : String(error))
  return `The request could not be sent: ${text}`
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`HttpTransport: ${name} must be a positive whole number, not ${value}.`)
  return value
}
