import { ENTRA_CYCLE_INTERVAL_MS } from '@shared/console/simulator-api'

/*
 * The cycle clock's arithmetic, kept pure so it is tested without timers. Entra runs an
 * incremental cycle every 40 minutes (azure-ad-provisioning.md section 3.1), once a day in
 * quarantine (section 8); the simulator divides those intervals by its speed.
 */

/** The core's interval (the contract's constant), so the countdown and the engine agree. */
export const ENTRA_INTERVAL_MS = ENTRA_CYCLE_INTERVAL_MS

export const SPEEDS: { speed: number; label: string }[] = [
  { speed: 1, label: '1× (Entra: every 40 minutes)' },
  { speed: 60, label: '60× (every 40 seconds)' },
  { speed: 600, label: '600× (every 4 seconds)' },
  { speed: 3600, label: '3600× (every 0.7 seconds)' },
]

/**
 * Milliseconds until the next cycle, counted from the server's own `now` and the local time
 * elapsed since that state arrived, so a skewed browser clock does not shift the countdown.
 */
export function remainingMs(schedule: { nextCycleAt: number | null; now: number }, elapsedSinceReceived: number): number | null {
  if (schedule.nextCycleAt === null) return null
  return Math.max(0, schedule.nextCycleAt - schedule.now - elapsedSinceReceived)
}

/** 0:42, 12:05, 1:02:03. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`
}

/** The interval between cycles at this speed, in words: "40 minutes", "40 seconds". */
export function intervalInWords(speed: number, intervalMs = ENTRA_INTERVAL_MS): string {
  const ms = intervalMs / speed
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} hours`
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} minutes`
  if (ms >= 1000) return `${+(ms / 1000).toFixed(1)} seconds`
  return `${Math.round(ms)} ms`
}
