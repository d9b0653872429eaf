import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CYCLE_INTERVAL_MS,
  HttpTransport,
  ManualClock,
  ProvisioningEngine,
  ProvisioningSchedule,
  QUARANTINE_CYCLE_INTERVAL_MS,
  defaultAppConfig,
  type CycleReport,
  type ScheduleEvent,
  type Transport,
} from '../../src/main/core/azure/engine'
import { failuresTenant, startFailuresTarget, type FailuresTarget } from '../helpers/azure-failures-target'

// The provisioning schedule (azure-ad-provisioning.md 3.1 "Interval", "Stop, restart"; section 8
// "While in quarantine, cycles slow down to once a day") on a ManualClock against a scripted target.

const MINUTE = 60_000

/** An HttpTransport that can be held: while held, every request waits until release(). */
class GatedTransport implements Transport {
  private readonly inner = new HttpTransport()
  private gate: Promise<void> | undefined
  private open: (() => void) | undefined
  sent = 0

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve))
  }

  release(): void {
    this.open?.()
    this.gate = undefined
  }

  async send(...args: Parameters<Transport['send']>): ReturnType<Transport['send']> {
    this.sent++
    if (this.gate) await this.gate
    return this.inner.send(...args)
  }
}

let target: FailuresTarget
let clock: ManualClock
let transport: GatedTransport
let engine: ProvisioningEngine
let schedule: ProvisioningSchedule
let events: ScheduleEvent[]

beforeEach(async () => {
  target = await startFailuresTarget()
  clock = new ManualClock(Date.parse('2025-01-01T00:00:00.000Z'))
  transport = new GatedTransport()
  const tenant = failuresTenant(2)
  engine = new ProvisioningEngine({
    directory: tenant.directory,
    config: defaultAppConfig(target.url, 'secret', { assignments: { userIds: tenant.userIds, groupIds: [] }, provisionGroups: false }),
    transport,
    now: () => new Date(clock.now()),
  })
  schedule = new ProvisioningSchedule(engine, { clock })
  events = []
  schedule.subscribe((e) => events.push(e))
})
afterEach(async () => {
  schedule.stop()
  transport.release()
  await schedule.idle()
  await target.close()
})

const finished = (): CycleReport[] => events.flatMap((e) => (e.type === 'cycleFinished' ? [e.report] : []))

/** Lets the engine's promises settle until `count` requests have been sent (the target is real HTTP). */
async function untilSent(count: number): Promise<void> {
  for (let i = 0; i < 500 && transport.sent < count; i++) await new Promise((r) => setTimeout(r, 2))
  expect(transport.sent).toBeGreaterThanOrEqual(count)
}

describe('provisioning schedule', () => {
  it('runs the initial cycle on start, then an incremental cycle 40 minutes later', async () => {
    const first = await schedule.start()
    expect(first).toMatchObject({ kind: 'initial', status: 'completed' })
    expect(schedule.state()).toEqual({ status: 'on', running: false, nextCycleAt: clock.now() + CYCLE_INTERVAL_MS, speed: 1 })

    await clock.advance(39 * MINUTE)
    expect(finished()).toHaveLength(1)
    await clock.advance(1 * MINUTE)
    expect(finished().map((r) => r.kind)).toEqual(['initial', 'incremental'])
    expect(schedule.nextCycleAt()).toBe(Date.parse('2025-01-01T01:20:00.000Z'))

    await clock.advance(80 * MINUTE)
    expect(finished()).toHaveLength(4)
  })

  it('stretches the interval to 24 hours while the job is quarantined, and back to 40 minutes when it leaves', async () => {
    target.script = (r) => (r.path.includes('filter=userName') ? { status: 404 } : undefined)
    const first = await schedule.start()
    expect(first).toMatchObject({ status: 'failed', job: { status: 'quarantined', quarantine: { error: { code: 'ScimComplianceIssue' } } } })
    expect(schedule.nextCycleAt()).toBe(clock.now() + QUARANTINE_CYCLE_INTERVAL_MS)

    await clock.advance(23 * 60 * MINUTE)
    expect(finished()).toHaveLength(1)
    target.script = () => undefined
    await clock.advance(60 * MINUTE)
    expect(finished().map((r) => r.status)).toEqual(['failed', 'completed'])
    // the first cycle whose probe passes and whose counts are below the thresholds lifts it (section 8)
    expect(engine.status().status).toBe('active')
    expect(schedule.nextCycleAt()).toBe(clock.now() + CYCLE_INTERVAL_MS)
  })

  it('turns provisioning Off when the job is disabled after four weeks in quarantine', async () => {
    target.script = () => ({ status: 401 })
    await schedule.start()
    await clock.advance(28 * QUARANTINE_CYCLE_INTERVAL_MS)
    expect(schedule.state().status).toBe('on')
    await clock.advance(QUARANTINE_CYCLE_INTERVAL_MS)
    expect(engine.status().status).toBe('disabled')
    expect(schedule.state()).toMatchObject({ status: 'off', nextCycleAt: null })
    expect(events.map((e) => e.type).slice(-2)).toEqual(['stopped', 'cycleFinished'])
    await clock.advance(7 * QUARANTINE_CYCLE_INTERVAL_MS)
    expect(finished()).toHaveLength(30)
  })

  it('lets the running cycle finish on stop and schedules nothing after it', async () => {
    transport.hold()
    const first = schedule.start()
    await untilSent(1)
    expect(schedule.state()).toMatchObject({ status: 'on', running: true, nextCycleAt: null })

    schedule.stop()
    expect(schedule.state()).toMatchObject({ status: 'off', running: true })
    transport.release()
    // Entra's stop does not cancel the cycle in progress (3.1)
    expect(await first).toMatchObject({ status: 'completed' })
    expect(schedule.state()).toEqual({ status: 'off', running: false, nextCycleAt: null, speed: 1 })
    expect(clock.pendingTimers()).toBe(0)

    await clock.advance(10 * CYCLE_INTERVAL_MS)
    expect(finished()).toHaveLength(1)
    expect(events.map((e) => e.type)).toEqual(['started', 'cycleStarted', 'stopped', 'cycleFinished'])
  })

  it('runs the next cycle now and restarts the interval from its end', async () => {
    await schedule.start()
    await clock.advance(30 * MINUTE)
    const now = await schedule.runNow()
    expect(now).toMatchObject({ kind: 'incremental', status: 'completed' })
    expect(schedule.nextCycleAt()).toBe(clock.now() + CYCLE_INTERVAL_MS)

    // the old timer (due at 40 minutes) was cleared: nothing runs until 70
    await clock.advance(39 * MINUTE)
    expect(finished()).toHaveLength(2)
    await clock.advance(1 * MINUTE)
    expect(finished()).toHaveLength(3)
  })

  it('restart clears the watermark and quarantine, then runs an initial cycle', async () => {
    target.script = (r) => (r.path.includes('filter=userName') ? { status: 404 } : undefined)
    await schedule.start()
    expect(engine.status().status).toBe('quarantined')
    target.script = () => undefined
    await schedule.runNow()
    expect(engine.watermark()).not.toBeNull()

    const report = await schedule.restart()
    expect(report).toMatchObject({ kind: 'initial', status: 'completed', job: { status: 'active' } })
    expect(schedule.nextCycleAt()).toBe(clock.now() + CYCLE_INTERVAL_MS)
  })

  it('never overlaps cycles: a timer or runNow during a cycle waits for it, and they share one queued cycle', async () => {
    await schedule.start()
    transport.hold()
    const advancing = clock.advance(CYCLE_INTERVAL_MS) // the timer fires and its cycle is held
    await untilSent(transport.sent + 1)
    const queuedA = schedule.runNow()
    const queuedB = schedule.runNow()
    expect(queuedB).toBe(queuedA)
    transport.release()
    await advancing
    await queuedA
    const starts = events.filter((e) => e.type === 'cycleStarted' || e.type === 'cycleFinished').map((e) => e.type)
    // strictly alternating: never two cycleStarted in a row
    expect(starts).toEqual(['cycleStarted', 'cycleFinished', 'cycleStarted', 'cycleFinished', 'cycleStarted', 'cycleFinished'])
    expect(finished()).toHaveLength(3)
  })

  it('compresses the interval by its speed: 40 minutes in 40 seconds at speed 60', async () => {
    schedule.speed = 60
    await schedule.start()
    expect(schedule.nextCycleAt()).toBe(clock.now() + 40_000)
    await clock.advance(40_000)
    expect(finished()).toHaveLength(2)
    expect(() => (schedule.speed = 0)).toThrow(/positive/)
  })

  it('reports a cycle the engine refuses as cycleFailed and keeps the schedule going', async () => {
    engine.updateConfig({ tenantUrl: 'not a url' })
    await expect(schedule.start()).rejects.toThrow()
    expect(events.some((e) => e.type === 'cycleFailed')).toBe(true)
    expect(schedule.nextCycleAt()).toBe(clock.now() + CYCLE_INTERVAL_MS)
  })
})

describe('ManualClock', () => {
  it('fires due timers in order of due time, then of setting, and only when due', async () => {
    const c = new ManualClock(0)
    const fired: string[] = []
    c.setTimer(() => void fired.push('b@20'), 20)
    c.setTimer(() => void fired.push('a@10'), 10)
    c.setTimer(() => void fired.push('c@20'), 20)
    const late = c.setTimer(() => void fired.push('late'), 30)
    c.clearTimer(late)
    await c.advance(25)
    expect(fired).toEqual(['a@10', 'b@20', 'c@20'])
    expect(c.now()).toBe(25)
    expect(c.pendingTimers()).toBe(0)
  })
})
