import { useEffect } from 'react'
import { create } from 'zustand'
import type { Vocabulary } from '@shared/console/vocabulary'
import { api } from '../lib/api'

/*
 * The words the screens share with the core (vocabulary.get): attribute lists, field labels, the
 * leniency rules with their summaries, the simulator's defaults. Asked for once, by the first
 * screen that needs it; nothing in it changes while the harness runs. A failed call leaves it
 * undefined and is asked again by the next screen that mounts: a screen without it shows plain
 * names (no summaries, no suggestions), never an error of its own.
 */

interface VocabularyStore {
  vocabulary: Vocabulary | undefined
  loading: boolean
  load(): Promise<void>
}

export const useVocabularyStore = create<VocabularyStore>((set, get) => ({
  vocabulary: undefined,
  loading: false,
  async load() {
    if (get().vocabulary || get().loading) return
    set({ loading: true })
    const result = await api.call('vocabulary.get', {})
    set({ loading: false, ...(result.ok && { vocabulary: result.value }) })
  },
}))

/** The shared vocabulary, or undefined until it has arrived. */
export function useVocabulary(): Vocabulary | undefined {
  const vocabulary = useVocabularyStore((s) => s.vocabulary)
  useEffect(() => {
    void useVocabularyStore.getState().load()
  }, [])
  return vocabulary
}
