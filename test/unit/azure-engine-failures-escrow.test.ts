import { afterEach, describe, expect, it } from 'vitest'
import { escrowRetryDelayMs } from '../../src/main/core/azure/engine'
import { failuresEngine, failuresTenant, startFailuresTarget, testClock, type FailuresTarget } from '../helpers/azure-failures-target'

// Escrow (azure-ad-provisioning.md section 8): failed adds, updates and deletes retried on a
// thinning schedule on the engine's clock, dropped after 28 days; restart clears it.

const HOUR = 3_600_000
const DAY = 24 * HOUR
let target: FailuresTarget | undefined
afterEach(async () => {
  await target?.close()
  target = undefined
})

const posts = (t: FailuresTarget) => t.seen.filter((r) => r.method === 'POST').length

describe('the escrow schedule', () => {
  it('retries 6 h, 12 h and 24 h after the first failure, then every 24 h up to 28 days', () => {
    expect([1, 2, 3, 4, 5].map((n) => escrowRetryDelayMs(n))).toEqual([6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 3 * DAY])
    expect(escrowRetryDelayMs(30)).toBe(28 * DAY)
    expect(escrowRetryDelayMs(31)).toBeNull()
  })

  it('scales every delay by escrowScale', () => {
    expect(escrowRetryDelayMs(1, 1 / 3600)).toBe(6_000)
  })
})

describe('escrow in the engine', () => {
  it('escrows a create that got HTTP 500 with InternalServerError and retries it only once its retry time has come', async () => {
    target = await startFailuresTarget((r) => (r.method === 'POST' ? { status: 500, body: { detail: 'boom' } } : undefined))
    const clock = testClock()
    const tenant = failuresTenant(1)
    const engine = failuresEngine(target, tenant, { now: clock.now, probeEachCycle: false })

    const first = await engine.runCycle({ kind: 'initial' })
    expect(first.entries[0]).toMatchObject({ action: 'Create', status: 'Failure', statusInfo: { errorCode: 'InternalServerError' } })
    expect(engine.escrowEntries()).toEqual([
      expect.objectContaining({
        type: 'User',
        sourceId: tenant.userIds[0],
        failures: 1,
        errorCode: 'InternalServerError',
        firstFailedAt: '2025-01-01T00:00:00.000Z',
        nextRetryAt: '2025-01-01T06:00:00.000Z',
      }),
    ])

    clock.advance(40 * 60_000)
    const early = await engine.runCycle({ kind: 'incremental' })
    expect(early.entries).toEqual([])
    expect(posts(target)).toBe(1)

    target.script = () => undefined // the target recovers
    clock.set('2025-01-01T06:00:00.000Z')
    const due = await engine.runCycle({ kind: 'incremental' })
    expect(due.entries[0]).toMatchObject({ action: 'Create', status: 'Success' })
    expect(engine.escrowEntries()).toEqual([])
  })

  it('counts each failed retry and schedules the next from the first failure', async () => {
    target = await startFailuresTarget((r) => (r.method === 'POST' ? { status: 503 } : undefined))
    const clock = testClock()
    const engine = failuresEngine(target, failuresTenant(1), { now: clock.now, probeEachCycle: false })
    await engine.runCycle({ kind: 'initial' })
    for (const expected of ['2025-01-01T12:00:00.000Z', '2025-01-02T00:00:00.000Z', '2025-01-03T00:00:00.000Z']) {
      clock.set(engine.escrowEntries()[0].nextRetryAt)
      await engine.runCycle({ kind: 'incremental' })
      expect(engine.escrowEntries()[0].nextRetryAt).toBe(expected)
    }
    expect(engine.escrowEntries()[0]).toMatchObject({ failures: 4, errorCode: 'InternalServerError' })
  })

  it('drops the object after 28 days of failures with a log entry, on a scaled-down schedule', async () => {
    target = await startFailuresTarget((r) => (r.method === 'POST' ? { status: 500 } : undefined))
    const clock = testClock()
    const tenant = failuresTenant(1)
    const engine = failuresEngine(target, tenant, { now: clock.now, probeEachCycle: false, escrowScale: 1 / 3600 })
    await engine.runCycle({ kind: 'initial' })
    expect(engine.escrowEntries()[0].nextRetryAt).toBe('2025-01-01T00:00:06.000Z')
    let last = await engine.runCycle({ kind: 'incremental' })
    while (engine.escrowEntries().length > 0) {
      clock.set(engine.escrowEntries()[0].nextRetryAt)
      last = await engine.runCycle({ kind: 'incremental' })
    }
    expect(posts(target)).toBe(31)
    // 28 scaled days = 28 * 24 s after the first failure
    expect(clock.now().toISOString()).toBe('2025-01-01T00:11:12.000Z')
    expect(last.entries.map((e) => [e.status, e.statusInfo?.errorCode])).toEqual([
      ['Failure', 'InternalServerError'],
      ['Failure', 'EscrowRetryLimitReached'],
    ])
    clock.advance(DAY)
    expect((await engine.runCycle({ kind: 'incremental' })).entries).toEqual([])
  })

  it('escrows a request that timed out with Timeout', async () => {
    target = await startFailuresTarget((r) => (r.method === 'POST' ? 'hang' : undefined))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, probeEachCycle: false, timeoutMs: 100 })
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report.entries[0]).toMatchObject({ action: 'Create', status: 'Failure', statusInfo: { errorCode: 'Timeout' } })
    expect(engine.escrowEntries()).toEqual([expect.objectContaining({ errorCode: 'Timeout', failures: 1 })])
  })

  it('escrows a failed update and a failed delete', async () => {
    target = await startFailuresTarget()
    const clock = testClock()
    const tenant = failuresTenant(2)
    const engine = failuresEngine(target, tenant, { now: clock.now, probeEachCycle: false })
    await engine.runCycle({ kind: 'initial' })
    target.script = (r) => {
      if (r.method === 'GET' && /\/Users\/t\d$/.test(r.path)) return { status: 200, body: { id: r.path.split('/').pop(), userName: 'x', active: true } }
      if (r.method === 'PATCH' || r.method === 'DELETE') return { status: 500 }
      return undefined
    }
    tenant.directory.updateUser(tenant.userIds[0], { jobTitle: 'Engineer' })
    tenant.directory.hardDelete(tenant.userIds[1], { force: true })
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(report.entries.map((e) => [e.action, e.status])).toEqual([
      ['Update', 'Failure'],
      ['Delete', 'Failure'],
    ])
    expect(
      engine
        .escrowEntries()
        .map((e) => e.sourceId)
        .sort(),
    ).toEqual([...tenant.userIds].sort())
  })

  it('keeps a failure before any export (InvalidAnchor) on the next-cycle list, not in escrow', async () => {
    target = await startFailuresTarget()
    const tenant = failuresTenant(1)
    const engine = failuresEngine(target, tenant, { now: testClock().now, probeEachCycle: false })
    await engine.runCycle({ kind: 'initial' })
    target.script = (r) => (r.method === 'GET' && r.path.endsWith('/Users/t1') ? { status: 404 } : undefined)
    tenant.directory.updateUser(tenant.userIds[0], { jobTitle: 'Engineer' })
    await engine.runCycle({ kind: 'incremental' })
    expect(engine.escrowEntries()).toEqual([])
    expect((await engine.runCycle({ kind: 'incremental' })).entries.map((e) => e.statusInfo?.errorCode)).toEqual(['InvalidAnchor'])
  })

  it('clears escrow on restart', async () => {
    target = await startFailuresTarget((r) => (r.method === 'POST' ? { status: 500 } : undefined))
    const engine = failuresEngine(target, failuresTenant(2), { now: testClock().now, probeEachCycle: false })
    await engine.runCycle({ kind: 'initial' })
    expect(engine.escrowEntries()).toHaveLength(2)
    engine.restart()
    expect(engine.escrowEntries()).toEqual([])
  })
})
