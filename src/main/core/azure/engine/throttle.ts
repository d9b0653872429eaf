/*
 * 429 handling (azure-ad-provisioning.md section 8, "Throttling"). The sources disagree: a
 * moderated Q&A answer says Entra honours Retry-After "by pausing that job for the indicated time
 * and retrying only the failed requests" [O]; an older feedback item says a 429 was logged as
 * TooManyRequests and retried next cycle [O]. Both are offered; honouring Retry-After is the
 * default [U], as the newer source says. The pause is the job's: while it lasts, no request of
 * the job is sent, not only the throttled one.
 */

export interface ThrottlePolicy {
  /** Wait for Retry-After and resend the same request (true), or fail the object with TooManyRequests (false). */
  honorRetryAfter: boolean
  /** The longest wait for one Retry-After; a longer one is cut to this. */
  maxRetryAfterMs: number
  /** Resends of one request after 429s before it fails with TooManyRequests. */
  maxRetries: number
  /** The clock an HTTP-date Retry-After is read against (the engine's). */
  now: () => Date
  /** The job's pause: set by a 429, waited out before every request of the job. */
  pause: JobPause
}

/**
 * The job-wide pause after a 429 with Retry-After. Every request waits for it before it is sent,
 * so the throttled target gets no traffic from the job until the time has passed; the requests
 * that got the 429 are then resent. The wait is real time, as the target's is.
 */
export class JobPause {
  private until = 0

  /** Pauses the job for `ms` from now; a pause that already lasts longer is kept. */
  pauseFor(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms)
  }

  /** Resolves once the job is not paused: true, or false as soon as `signal` aborts. */
  async wait(signal?: AbortSignal): Promise<boolean> {
    for (let left = this.until - Date.now(); left > 0; left = this.until - Date.now()) {
      if (!(await pause(left, signal))) return false
    }
    return !signal?.aborted
  }
}

/** [U] defaults: a minute's wait at most, three resends. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000
export const DEFAULT_MAX_THROTTLE_RETRIES = 3

/**
 * The wait a Retry-After header asks for (RFC 9110 10.2.3: delay-seconds or an HTTP-date), in
 * ms, never negative; undefined when the header is missing or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now.getTime())
}

/** Waits `ms`; resolves false at once if `signal` aborts first (a stop), true once the time has passed. */
function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      resolve(false)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
