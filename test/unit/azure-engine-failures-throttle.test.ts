import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpTransport, retryAfterMs } from '../../src/main/core/azure/engine'
import { failuresEngine, failuresTenant, startFailuresTarget, testClock, type FailuresTarget, type Script } from '../helpers/azure-failures-target'

// 429 handling (azure-ad-provisioning.md section 8 "Throttling"): Retry-After honoured by
// pausing the whole job and resending only the throttled request, or the object failed with
// TooManyRequests and escrowed.

let target: FailuresTarget | undefined
afterEach(async () => {
  await target?.close()
  target = undefined
})

/** 429 for the first `times` POSTs, then the default answer. */
function throttledPosts(times: number, retryAfter: string): Script {
  let count = 0
  return (r) => (r.method !== 'POST' || count++ >= times ? undefined : { status: 429, headers: { 'Retry-After': retryAfter }, body: { detail: 'slow down' } })
}

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates against the given clock', () => {
    const now = new Date('2025-01-01T00:00:00Z')
    expect(retryAfterMs('2', now)).toBe(2000)
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000)
    expect(retryAfterMs('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs(undefined, now)).toBeUndefined()
  })

  it('waits (bounded by maxRetryAfterMs) and resends only the throttled request', async () => {
    target = await startFailuresTarget(throttledPosts(2, '30'))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, probeEachCycle: false, maxRetryAfterMs: 20 })
    const started = Date.now()
    const report = await engine.runCycle({ kind: 'initial' })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(report.entries[0]).toMatchObject({ action: 'Create', status: 'Success' })
    expect(report.entries[0].exchanges.map((x) => `${x.request.method} ${x.response?.status}`)).toEqual(['GET 200', 'POST 429', 'POST 429', 'POST 201'])
    expect(engine.escrowEntries()).toEqual([])
  })

  it('pauses the whole job, not only the throttled request: nothing else reaches the target until Retry-After has passed', async () => {
    const arrivals: { at: number; method: string; throttled: boolean }[] = []
    let throttledOnce = false
    target = await startFailuresTarget((r) => {
      const throttled = r.method === 'POST' && !throttledOnce
      throttledOnce ||= throttled
      arrivals.push({ at: performance.now(), method: r.method, throttled })
      return throttled ? { status: 429, headers: { 'Retry-After': '1' }, body: { detail: 'slow down' } } : undefined
    })
    const engine = failuresEngine(target, failuresTenant(20), {
      now: testClock().now,
      probeEachCycle: false,
      maxRetryAfterMs: 300,
      concurrency: 3,
      transport: new HttpTransport({ concurrency: 3, timeoutMs: 5_000 }),
    })
    const report = await engine.runCycle({ kind: 'initial' })

    expect(report.counts.byAction.Create).toBe(20)
    expect(report.counts.byStatus.Failure).toBe(0)
    const throttledAt = arrivals.find((a) => a.throttled)!.at
    // the two other workers' requests already under way may land (one each, or two if the client
    // reads a reply before the 429); nothing else until the pause ends. Without the job-wide
    // pause the other workers keep going: 37 requests landed in this window in that case.
    const duringPause = arrivals.filter((a) => a.at > throttledAt && a.at < throttledAt + 250)
    expect(duringPause.length).toBeLessThanOrEqual(4)
    expect(arrivals.filter((a) => a.at >= throttledAt + 280).length).toBeGreaterThan(20)
    // only the throttled request was sent again: 20 creates + 1 resend
    expect(arrivals.filter((a) => a.method === 'POST')).toHaveLength(21)
  })

  it('honours an HTTP-date Retry-After', async () => {
    target = await startFailuresTarget(throttledPosts(1, 'Wed, 01 Jan 2025 00:00:00 GMT'))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, probeEachCycle: false })
    expect((await engine.runCycle({ kind: 'initial' })).entries[0].status).toBe('Success')
  })

  it('fails with TooManyRequests after maxThrottleRetries resends, and escrows the object', async () => {
    target = await startFailuresTarget(throttledPosts(10, '0'))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, probeEachCycle: false, maxThrottleRetries: 2 })
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report.entries[0]).toMatchObject({ status: 'Failure', statusInfo: { errorCode: 'TooManyRequests' } })
    expect(target.seen.filter((r) => r.method === 'POST')).toHaveLength(3)
    expect(engine.escrowEntries()).toEqual([expect.objectContaining({ errorCode: 'TooManyRequests' })])
  })

  it('with honorRetryAfter false, fails the object with TooManyRequests at once and escrows it', async () => {
    target = await startFailuresTarget(throttledPosts(1, '1'))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, probeEachCycle: false, honorRetryAfter: false })
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report.entries[0]).toMatchObject({ action: 'Create', status: 'Failure', statusInfo: { errorCode: 'TooManyRequests' } })
    expect(target.seen.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(engine.escrowEntries()).toEqual([expect.objectContaining({ errorCode: 'TooManyRequests', failures: 1 })])
  })

  it('stops waiting when the cycle is stopped: the entry is a stop, not escrowed', async () => {
    target = await startFailuresTarget(throttledPosts(1, '60'))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, probeEachCycle: false })
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 100)
    const started = Date.now()
    const report = await engine.runCycle({ kind: 'initial' }, stop.signal)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(report.status).toBe('cancelled')
    expect(report.entries[0].statusInfo?.errorCode).toBe('Cancelled')
    expect(engine.escrowEntries()).toEqual([])
  })
})
