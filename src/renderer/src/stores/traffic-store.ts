import { create } from 'zustand'
import type { TrafficEntry } from '@shared/console/api'
import { api } from '../lib/api'
import { useStatus } from './status-store'
import { EMPTY_FILTER, type TrafficFilter } from '../lib/traffic-filter'

/*
 * The live SCIM traffic the console has seen: loaded once from traffic.recent, then fed by the
 * `traffic` event for as long as the console is open (also while another screen shows, so
 * coming back to Traffic loses nothing). Capped like the server's own ring.
 */

export const TRAFFIC_LIMIT = 5000
/** Events arriving in a burst (a full sync cycle) are applied together, one render per batch. */
const FLUSH_MS = 100

export interface TrafficState {
  /** What the table shows from, oldest first. */
  entries: TrafficEntry[]
  /** Arrived while paused, oldest first; shown on resume. */
  pending: TrafficEntry[]
  paused: boolean
  loading: boolean
  error: string | undefined
  /** How many entries the last Clear removed from the view (0 when not cleared). */
  cleared: number
  filter: TrafficFilter
  /** `seq` of the entry in the detail pane. */
  selected: number | null

  /** Subscribes to the live feed and loads the recent entries; later calls do nothing. */
  start(): void
  /** Loads the recent entries again (after an error). */
  reload(): Promise<void>
  /** Takes one live entry (batched). */
  receive(entry: TrafficEntry): void
  pause(): void
  resume(): void
  /** Empties the view only: the request log on disk keeps every request. */
  clear(): void
  setFilter(change: Partial<TrafficFilter>): void
  select(seq: number | null): void
}

/**
 * The newest TRAFFIC_LIMIT entries. Refused (401) entries leave first: the server sends only a
 * sample of them, and they must not push authorised requests off the screen (issue 14).
 */
function capped(list: TrafficEntry[]): TrafficEntry[] {
  if (list.length <= TRAFFIC_LIMIT) return list
  let excess = list.length - TRAFFIC_LIMIT
  const kept = list.filter((e) => {
    if (excess === 0 || e.status !== 401) return true
    excess--
    return false
  })
  return kept.length > TRAFFIC_LIMIT ? kept.slice(kept.length - TRAFFIC_LIMIT) : kept
}

let started = false
let unsubscribe: (() => void) | undefined
let incoming: TrafficEntry[] = []
let flushTimer: ReturnType<typeof setTimeout> | undefined
/** Bumped by each load, so an answer from before a workspace switch is ignored. */
let loadGeneration = 0

const initialState = {
  entries: [] as TrafficEntry[],
  pending: [] as TrafficEntry[],
  paused: false,
  loading: false,
  error: undefined as string | undefined,
  cleared: 0,
  filter: EMPTY_FILTER,
  selected: null as number | null,
}

export const useTraffic = create<TrafficState>((set, get) => {
  const flush = (): void => {
    flushTimer = undefined
    if (incoming.length === 0) return
    const batch = incoming
    incoming = []
    const state = get()
    if (state.paused) set({ pending: capped([...state.pending, ...batch]) })
    else set({ entries: capped([...state.entries, ...batch]) })
  }

  const load = async (): Promise<void> => {
    const mine = ++loadGeneration
    set({ loading: true, error: undefined })
    const result = await api.call('traffic.recent', { limit: TRAFFIC_LIMIT })
    if (mine !== loadGeneration) return
    if (!result.ok) {
      set({ loading: false, error: result.error.message })
      return
    }
    // live entries that arrived while loading (shown, or still queued) may also be in the answer: keep each once
    const known = new Set(result.value.map((e) => e.seq))
    incoming = incoming.filter((e) => !known.has(e.seq))
    const live = get().entries.filter((e) => !known.has(e.seq))
    set({ loading: false, entries: capped([...result.value, ...live]) })
  }

  return {
    ...initialState,

    start() {
      if (started) return
      started = true
      const offEvents = api.subscribe((event) => {
        if (event.type === 'traffic') get().receive(event.data)
      })
      // another workspace is another server with its own log: start over from its recent requests
      const offStatus = useStatus.subscribe((now, before) => {
        if (now.status && before.status && now.status.dataDir !== before.status.dataDir) {
          incoming = []
          set({ entries: [], pending: [], cleared: 0, selected: null })
          void load()
        }
      })
      unsubscribe = () => {
        offEvents()
        offStatus()
      }
      void load()
    },

    reload: load,

    receive(entry) {
      incoming.push(entry)
      flushTimer ??= setTimeout(flush, FLUSH_MS)
    },

    pause() {
      set({ paused: true })
    },

    resume() {
      flush()
      const { entries, pending } = get()
      set({ paused: false, pending: [], entries: capped([...entries, ...pending]) })
    },

    clear() {
      flush()
      const { entries, pending } = get()
      set({ entries: [], pending: [], cleared: entries.length + pending.length, selected: null })
    },

    setFilter(change) {
      set({ filter: { ...get().filter, ...change } })
    },

    select(seq) {
      set({ selected: seq })
    },
  }
})

/** Back to a fresh store with no subscription (tests; a workspace switch). */
export function resetTraffic(): void {
  unsubscribe?.()
  unsubscribe = undefined
  started = false
  incoming = []
  if (flushTimer) clearTimeout(flushTimer)
  flushTimer = undefined
  useTraffic.setState(initialState)
}
