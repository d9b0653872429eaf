import { create } from 'zustand'
import type { HarnessStatusView } from '@shared/console/api'
import { api } from '../lib/api'

/** The server the console talks to: address, Base URI, workspace. Loaded once, reloaded on demand. */
interface StatusState {
  status: HarnessStatusView | undefined
  error: string | undefined
  load(): Promise<void>
}

export const useStatus = create<StatusState>((set) => ({
  status: undefined,
  error: undefined,
  async load() {
    const result = await api.call('status.get')
    if (result.ok) set({ status: result.value, error: undefined })
    else set({ error: result.error.message })
  },
}))
