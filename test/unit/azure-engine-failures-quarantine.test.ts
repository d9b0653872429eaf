import { afterEach, describe, expect, it } from 'vitest'
import { CYCLE_INTERVAL_MS, QUARANTINE_CYCLE_INTERVAL_MS } from '../../src/main/core/azure/engine'
import { failuresEngine, failuresTenant, startFailuresTarget, testClock, type FailuresTarget } from '../helpers/azure-failures-target'

// Quarantine (azure-ad-provisioning.md section 8): credential and compliance problems on the
// probe, the escrow thresholds (scaled down by options), once-a-day cycles, the notification
// outbox, leaving on the first good cycle, and restart.

let target: FailuresTarget | undefined
afterEach(async () => {
  await target?.close()
  target = undefined
})

const notify = { notificationEmail: 'ops@contoso.com', sendFailureNotification: true }
const probe = (r: { method: string; path: string }) => r.method === 'GET' && r.path.includes('filter=')

describe('credential and compliance quarantine', () => {
  it('quarantines on a probe refused with 401, slows to a day, notifies once, and leaves on the first good cycle', async () => {
    target = await startFailuresTarget(() => ({ status: 401 }))
    const clock = testClock()
    const engine = failuresEngine(target, failuresTenant(1), { now: clock.now, configOverrides: notify })
    expect(engine.nextCycleIntervalMs()).toBe(CYCLE_INTERVAL_MS)

    const first = await engine.runCycle({ kind: 'initial' })
    expect(first.status).toBe('failed')
    expect(first.job).toMatchObject({ status: 'quarantined', quarantine: { reason: 'EncounteredQuarantineException', error: { code: 'InvalidCredentials' } } })
    expect(engine.nextCycleIntervalMs()).toBe(QUARANTINE_CYCLE_INTERVAL_MS)

    clock.advance(QUARANTINE_CYCLE_INTERVAL_MS)
    await engine.runCycle({ kind: 'initial' })
    expect(engine.outbox()).toEqual([
      {
        to: 'ops@contoso.com',
        subject: 'Provisioning for Contoso is in quarantine',
        body: expect.stringContaining('EncounteredQuarantineException'),
        at: '2025-01-01T00:00:00.000Z',
      },
    ])

    target.script = () => undefined
    const healed = await engine.runCycle({ kind: 'initial' })
    expect(healed.status).toBe('completed')
    expect(engine.status()).toEqual({ status: 'active' })
    expect(engine.nextCycleIntervalMs()).toBe(CYCLE_INTERVAL_MS)
  })

  it('quarantines for compliance when the probe gets 404, and notifies again when the reason changes', async () => {
    target = await startFailuresTarget(() => ({ status: 403 }))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, configOverrides: notify })
    await engine.runCycle({ kind: 'initial' })
    target.script = (r) => (probe(r) ? { status: 404 } : undefined)
    await engine.runCycle({ kind: 'initial' })
    expect(engine.status().quarantine).toMatchObject({ reason: 'EncounteredQuarantineException', error: { code: 'ScimComplianceIssue' } })
    expect(engine.outbox()).toHaveLength(2)
  })

  it('quarantines when Test Connection is refused', async () => {
    target = await startFailuresTarget(() => ({ status: 401 }))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now })
    expect((await engine.testConnection()).success).toBe(false)
    expect(engine.status().status).toBe('quarantined')
  })

  it('writes nothing to the outbox without sendFailureNotification', async () => {
    target = await startFailuresTarget(() => ({ status: 401 }))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now, configOverrides: { notificationEmail: 'ops@contoso.com' } })
    await engine.runCycle({ kind: 'initial' })
    expect(engine.status().status).toBe('quarantined')
    expect(engine.outbox()).toEqual([])
  })

  it('clears quarantine on restart', async () => {
    target = await startFailuresTarget(() => ({ status: 401 }))
    const engine = failuresEngine(target, failuresTenant(1), { now: testClock().now })
    await engine.runCycle({ kind: 'initial' })
    engine.restart()
    expect(engine.status()).toEqual({ status: 'active' })
    expect(engine.nextCycleIntervalMs()).toBe(CYCLE_INTERVAL_MS)
  })
})

describe('escrow thresholds', () => {
  const failingUsers = (failing: number) => (r: { method: string; body: string }) =>
    r.method === 'POST' && Number(/user(\d+)@/.exec(r.body)?.[1]) < failing ? { status: 500 } : undefined

  it('quarantines with EncounteredEscrowProportionThreshold when more than 40% of changes fail', async () => {
    target = await startFailuresTarget(failingUsers(3))
    const engine = failuresEngine(target, failuresTenant(5), { now: testClock().now, probeEachCycle: false, quarantineMinFailures: 3 })
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report.job).toMatchObject({ status: 'quarantined', quarantine: { reason: 'EncounteredEscrowProportionThreshold' } })
  })

  it('does not consider the thresholds below quarantineMinFailures', async () => {
    target = await startFailuresTarget(failingUsers(3))
    const engine = failuresEngine(target, failuresTenant(5), { now: testClock().now, probeEachCycle: false, quarantineMinFailures: 4 })
    expect((await engine.runCycle({ kind: 'initial' })).job).toEqual({ status: 'active' })
  })

  it('quarantines above quarantineMaxFailures even under 40%', async () => {
    target = await startFailuresTarget(failingUsers(3))
    const engine = failuresEngine(target, failuresTenant(10), {
      now: testClock().now,
      probeEachCycle: false,
      quarantineMinFailures: 1,
      quarantineMaxFailures: 2,
    })
    expect((await engine.runCycle({ kind: 'initial' })).job.quarantine?.reason).toBe('EncounteredBaseEscrowThreshold')
  })

  it('leaves reference failures out of the proportion but counts them toward the absolute limit', async () => {
    target = await startFailuresTarget()
    const tenant = failuresTenant(4)
    // users 1-3 report to user 0, who is not assigned: three unresolved manager references
    for (const id of tenant.userIds.slice(1)) tenant.directory.updateUser(id, { managerId: tenant.userIds[0] })
    const assigned = { ...tenant, userIds: tenant.userIds.slice(1) }
    const lenient = failuresEngine(target, assigned, { now: testClock().now, probeEachCycle: false, quarantineMinFailures: 1 })
    expect((await lenient.runCycle({ kind: 'initial' })).job).toEqual({ status: 'active' })

    const strict = failuresEngine(target, assigned, { now: testClock().now, probeEachCycle: false, quarantineAbsoluteMaxFailures: 2 })
    expect((await strict.runCycle({ kind: 'initial' })).job.quarantine?.reason).toBe('EncounteredTotalEscrowThreshold')
  })

  it('leaves threshold quarantine on the first cycle whose failures are under the thresholds', async () => {
    target = await startFailuresTarget(failingUsers(3))
    const clock = testClock()
    const engine = failuresEngine(target, failuresTenant(5), { now: clock.now, probeEachCycle: false, quarantineMinFailures: 3 })
    await engine.runCycle({ kind: 'initial' })
    expect(engine.status().status).toBe('quarantined')
    target.script = () => undefined
    clock.advance(QUARANTINE_CYCLE_INTERVAL_MS) // the escrowed users are due (6 h)
    const next = await engine.runCycle({ kind: 'incremental' })
    expect(next.counts.byStatus).toMatchObject({ Success: 3, Failure: 0 })
    expect(engine.status()).toEqual({ status: 'active' })
  })
})

describe('four weeks in quarantine', () => {
  const DAY = 24 * 3_600_000

  it('disables a job that stays in quarantine more than four weeks: it sends nothing more until it is restarted', async () => {
    target = await startFailuresTarget(() => ({ status: 401 }))
    const clock = testClock()
    const engine = failuresEngine(target, failuresTenant(1), { now: clock.now, configOverrides: notify })
    await engine.runCycle({ kind: 'initial' })
    for (let day = 1; day <= 28; day++) {
      clock.advance(DAY)
      await engine.runCycle({ kind: 'initial' })
    }
    // exactly four weeks is not "more than four weeks"
    expect(engine.status().status).toBe('quarantined')

    clock.advance(DAY)
    const last = await engine.runCycle({ kind: 'initial' })
    expect(last.job).toMatchObject({
      status: 'disabled',
      disabledAt: '2025-01-30T00:00:00.000Z',
      quarantine: { reason: 'EncounteredQuarantineException', seriesBegan: '2025-01-01T00:00:00.000Z' },
    })
    expect(engine.outbox().map((m) => m.subject)).toEqual(['Provisioning for Contoso is in quarantine', 'Provisioning for Contoso has been disabled'])

    const sent = target.seen.length
    target.script = () => undefined
    const refused = await engine.runCycle({ kind: 'initial' })
    expect(refused).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('disabled: it stayed in quarantine (EncounteredQuarantineException) for more than four weeks'),
    })
    expect(target.seen).toHaveLength(sent)

    engine.restart()
    expect(engine.status()).toEqual({ status: 'active' })
    expect((await engine.runCycle({ kind: 'initial' })).status).toBe('completed')
  })

  it('counts the four weeks from the start of the series: a new reason keeps counting, leaving quarantine starts over', async () => {
    target = await startFailuresTarget(() => ({ status: 401 }))
    const clock = testClock()
    const engine = failuresEngine(target, failuresTenant(1), { now: clock.now })
    await engine.runCycle({ kind: 'initial' })
    clock.advance(20 * DAY)
    target.script = (r) => (probe(r) ? { status: 404 } : undefined)
    await engine.runCycle({ kind: 'initial' })
    expect(engine.status().quarantine).toMatchObject({
      error: { code: 'ScimComplianceIssue' },
      since: '2025-01-21T00:00:00.000Z',
      seriesBegan: '2025-01-01T00:00:00.000Z',
    })
    clock.advance(9 * DAY)
    expect((await engine.runCycle({ kind: 'initial' })).job.status).toBe('disabled')

    const second = failuresEngine(target, failuresTenant(1), { now: clock.now })
    target.script = () => ({ status: 401 })
    await second.runCycle({ kind: 'initial' })
    clock.advance(20 * DAY)
    target.script = () => undefined
    expect((await second.runCycle({ kind: 'initial' })).job).toEqual({ status: 'active' })
    target.script = () => ({ status: 401 })
    clock.advance(DAY)
    await second.runCycle({ kind: 'initial' })
    clock.advance(20 * DAY)
    // 41 days after the first quarantine, but only 20 into this one
    expect((await second.runCycle({ kind: 'initial' })).job.status).toBe('quarantined')
  })
})
