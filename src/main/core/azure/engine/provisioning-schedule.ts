import type { CycleKind, CycleReport, ProvisioningEngine } from './provisioning-engine'

/*
 * The provisioning job's schedule (azure-ad-provisioning.md 3.1 "Interval" and "Stop, restart",
 * section 8 "While in quarantine"): provisioning status On runs a cycle now, then the next one
 * every `engine.nextCycleIntervalMs()` (40 minutes, a day while quarantined); Off lets the cycle
 * in progress finish and schedules nothing. Time comes from an injectable clock, so tests and
 * scenarios move a ManualClock instead of waiting, and the console can compress a real one.
 */

/** An opaque timer handle: whatever the clock's setTimer returned. */
export type TimerHandle = unknown

/**
 * The schedule's clock. A timer callback may return a promise (the cycle it started): a
 * ManualClock waits for it before firing the next timer, so time never runs past a cycle.
 */
export interface ScheduleClock {
  now(): number
  setTimer(fn: () => void | Promise<unknown>, ms: number): TimerHandle
  clearTimer(handle: TimerHandle): void
}

/** The system clock: Date.now and setTimeout. */
export const systemClock: ScheduleClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(() => void fn(), ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

interface ManualTimer {
  id: number
  due: number
  fn: () => void | Promise<unknown>
}

/** A clock that moves only when told: `advance(ms)` fires the timers that come due, in order. */
export class ManualClock implements ScheduleClock {
  private time: number
  private nextId = 1
  private timers: ManualTimer[] = []

  constructor(start = 0) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimer(fn: () => void | Promise<unknown>, ms: number): TimerHandle {
    const timer = { id: this.nextId++, due: this.time + Math.max(0, ms), fn }
    this.timers.push(timer)
    return timer.id
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }

  /** Timers set and not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.length
  }

  /**
   * Moves time forward by `ms`. Each timer due by then fires at its own due time (earliest first,
   * then in the order set), and a promise it returns is awaited before the next one fires: a
   * timer set by a fired callback fires in the same advance if it comes due.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError('A clock can only move forward.')
    const target = this.time + ms
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0]
      if (!next) break
      this.timers = this.timers.filter((t) => t !== next)
      this.time = next.due
      await next.fn()
    }
    this.time = target
  }
}

/** What the console shows for the job's schedule. */
export interface ScheduleState {
  /** Provisioning status: On (cycles are scheduled) or Off. */
  status: 'on' | 'off'
  /** A cycle is running now. */
  running: boolean
  /** The clock time (ms) the next cycle's timer fires; null when none is scheduled. */
  nextCycleAt: number | null
  /** Clock milliseconds per engine millisecond compressed: 60 runs the 40-minute interval in 40 s. */
  speed: number
}

export type ScheduleEvent =
  | { type: 'started' | 'stopped' | 'scheduled'; state: ScheduleState }
  | { type: 'cycleStarted'; kind: CycleKind; state: ScheduleState }
  | { type: 'cycleFinished'; report: CycleReport; state: ScheduleState }
  /** The engine refused to run (an invalid Tenant URL, say): the schedule keeps going, as Entra retries next interval. */
  | { type: 'cycleFailed'; error: string; state: ScheduleState }

export type ScheduleListener = (event: ScheduleEvent) => void

export interface ProvisioningScheduleOptions {
  /** Default the system clock. */
  clock?: ScheduleClock
  /** Divides every interval: 60 turns 40 minutes into 40 s of clock time. Default 1. */
  speed?: number
  /** Passed to every cycle: the harness's own cancellation (a stopped replay), not Entra's Stop. */
  signal?: AbortSignal
}

/** Runs a ProvisioningEngine's cycles on Entra's schedule; cycles never overlap. */
export class ProvisioningSchedule {
  private readonly engine: ProvisioningEngine
  private readonly clock: ScheduleClock
  private readonly signal: AbortSignal | undefined
  private speedValue: number
  private on = false
  private timer: { handle: TimerHandle; at: number } | undefined
  /** Every cycle and restart runs on this chain, one after another. */
  private chain: Promise<unknown> = Promise.resolve()
  /** A cycle queued behind the running one, not started yet: a timer or runNow joins it rather than queue a second. */
  private queued: Promise<CycleReport | undefined> | undefined
  private running = false
  private readonly listeners = new Set<ScheduleListener>()

  constructor(engine: ProvisioningEngine, options: ProvisioningScheduleOptions = {}) {
    this.engine = engine
    this.clock = options.clock ?? systemClock
    this.signal = options.signal
    this.speedValue = checkSpeed(options.speed ?? 1)
  }

  /** The schedule as the console shows it. */
  state(): ScheduleState {
    return { status: this.on ? 'on' : 'off', running: this.running, nextCycleAt: this.nextCycleAt(), speed: this.speedValue }
  }

  /** The clock time (ms) the next scheduled cycle starts; null when Off or while a cycle runs. */
  nextCycleAt(): number | null {
    return this.timer?.at ?? null
  }

  get speed(): number {
    return this.speedValue
  }

  /** Changes the compression; a scheduled cycle is rescheduled from now with the new speed. */
  set speed(value: number) {
    this.speedValue = checkSpeed(value)
    if (this.timer) this.schedule()
  }

  /** Listens to state changes; returns the function that stops listening. */
  subscribe(listener: ScheduleListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Provisioning status On: a cycle now, then one every interval. The first is initial when the
   * job has no watermark; after a Stop it is incremental: Off and On again resumes from the
   * watermark, only Restart starts over (3.1) [U]. Resolves with that cycle's report; already On: undefined.
   */
  async start(): Promise<CycleReport | undefined> {
    if (this.on) return undefined
    this.on = true
    this.emit({ type: 'started', state: this.state() })
    return this.enqueueCycle('incremental')
  }

  /**
   * Provisioning status Off. The cycle in progress runs to completion, as Entra's does (3.1
   * "Stop: the current cycle still runs to completion"); nothing further is scheduled, and a
   * cycle queued behind it by the timer does not start.
   */
  stop(): void {
    if (!this.on) return
    this.on = false
    this.clearTimer()
    this.emit({ type: 'stopped', state: this.state() })
  }

  /**
   * Runs the next cycle now (after the one in progress, if any), and restarts the interval from
   * its end. Works while Off too, as a one-off: the console's "run once" for a stopped job [U].
   */
  runNow(): Promise<CycleReport | undefined> {
    this.clearTimer()
    return this.enqueueCycle('incremental', { explicit: true })
  }

  /**
   * "Restart provisioning" (3.1, section 8): after the cycle in progress, clears the watermark,
   * escrow and quarantine, then runs an initial cycle; the interval restarts from its end.
   */
  restart(): Promise<CycleReport | undefined> {
    this.clearTimer()
    const run = this.chain.then(() => {
      this.engine.restart()
      return this.runCycle('initial')
    })
    this.chain = run.catch(() => undefined)
    return run
  }

  /** Resolves when no cycle is running or queued. */
  async idle(): Promise<void> {
    let seen: Promise<unknown> | undefined
    while (seen !== this.chain) {
      seen = this.chain
      await seen
    }
  }

  private enqueueCycle(kind: CycleKind, options: { explicit?: boolean } = {}): Promise<CycleReport | undefined> {
    if (this.queued) return this.queued
    const run = this.chain.then(() => {
      this.queued = undefined
      // a timer-driven cycle queued before a Stop does not start after it
      if (!this.on && !options.explicit) return undefined
      return this.runCycle(kind)
    })
    this.queued = run
    this.chain = run.catch(() => undefined)
    return run
  }

  private async runCycle(kind: CycleKind): Promise<CycleReport> {
    this.clearTimer()
    this.running = true
    this.emit({ type: 'cycleStarted', kind, state: this.state() })
    try {
      const report = await this.engine.runCycle({ kind }, this.signal)
      this.running = false
      // a job disabled after four weeks in quarantine "stops running" (section 8): provisioning status Off
      if (report.job.status === 'disabled') this.stop()
      if (this.on) this.schedule()
      this.emit({ type: 'cycleFinished', report, state: this.state() })
      return report
    } catch (error) {
      this.running = false
      if (this.on) this.schedule()
      this.emit({ type: 'cycleFailed', error: (error as Error).message, state: this.state() })
      throw error
    }
  }

  /** Sets the timer for the next cycle: the engine's interval (40 min, or 24 h in quarantine, section 8) over the speed. */
  private schedule(): void {
    this.clearTimer()
    const delay = this.engine.nextCycleIntervalMs() / this.speedValue
    const handle = this.clock.setTimer(() => this.onTimer(), delay)
    this.timer = { handle, at: this.clock.now() + delay }
    this.emit({ type: 'scheduled', state: this.state() })
  }

  private onTimer(): Promise<unknown> {
    this.timer = undefined
    // a timer-driven cycle's failure is reported by event; nobody awaits it to catch it
    return this.enqueueCycle('incremental').catch(() => undefined)
  }

  private clearTimer(): void {
    if (!this.timer) return
    this.clock.clearTimer(this.timer.handle)
    this.timer = undefined
  }

  private emit(event: ScheduleEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event)
      } catch {
        // a broken listener (a closed console window) must not stop the job
      }
    }
  }
}

function checkSpeed(speed: number): number {
  if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError('speed must be a positive number.')
  return speed
}
