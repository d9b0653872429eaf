import { useEffect, useRef } from 'react'
import { useConsoleEvent } from './use-console'

/** How often at most a table refetches while a cycle streams `sim` events. */
export const SIM_REFRESH_MS = 1000

/**
 * Calls `refresh` when the simulator reports a change, at most once per `ms` (the last event in a
 * burst still gets its refetch): a running cycle sends progress many times a second, and a
 * 10,000-user page should not be asked for at that rate. Used by every Simulated Entra ID screen.
 */
export function useSimRefresh(refresh: () => void, ms = SIM_REFRESH_MS): void {
  // the refresh of the view shown when the timer fires, not of the one shown when it was set
  const latest = useRef(refresh)
  latest.current = refresh
  const last = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  useConsoleEvent('sim', () => {
    const wait = last.current + ms - Date.now()
    if (wait <= 0) {
      last.current = Date.now()
      latest.current()
    } else if (timer.current === undefined) {
      timer.current = setTimeout(() => {
        timer.current = undefined
        last.current = Date.now()
        latest.current()
      }, wait)
    }
  })
}
