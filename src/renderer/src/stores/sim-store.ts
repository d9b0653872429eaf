import { useEffect } from 'react'
import { create } from 'zustand'
import type { ConsoleError } from '@shared/console/api'
import type { SimulatorState } from '@shared/console/simulator-api'
import { api } from '../lib/api'

/*
 * The simulated Entra job at a glance (sim.state), shared by every Simulated Entra ID screen and
 * kept live by the `sim` event main pushes on schedule changes and cycle progress. One load,
 * one subscription, however many screens read it.
 */

interface SimStore {
  state: SimulatorState | undefined
  error: ConsoleError | undefined
  /** When `state` arrived (performance.now()): the cycle clock counts down from here. */
  receivedAt: number
  load(): Promise<void>
  /** Takes a state a sim.* call answered with (Start, Stop, clock), as the event would. */
  accept(state: SimulatorState): void
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now())

export const useSimStore = create<SimStore>((set) => ({
  state: undefined,
  error: undefined,
  receivedAt: 0,
  async load() {
    const result = await api.call('sim.state', {})
    if (result.ok) set({ state: result.value, error: undefined, receivedAt: now() })
    else set({ error: result.error })
  },
  accept(state) {
    set({ state, error: undefined, receivedAt: now() })
  },
}))

let subscribers = 0
let unsubscribe: (() => void) | undefined

/** The simulator's state, its load error, and reload. Loads on first use and follows `sim` events. */
export function useSimState(): { state: SimulatorState | undefined; error: ConsoleError | undefined; reload: () => void } {
  const state = useSimStore((s) => s.state)
  const error = useSimStore((s) => s.error)
  const load = useSimStore((s) => s.load)
  useEffect(() => {
    if (subscribers++ === 0) {
      unsubscribe = api.subscribe((event) => {
        if (event.type === 'sim') useSimStore.getState().accept(event.data)
      })
      void load()
    }
    return () => {
      if (--subscribers === 0) {
        unsubscribe?.()
        unsubscribe = undefined
      }
    }
  }, [load])
  return { state, error, reload: () => void load() }
}
