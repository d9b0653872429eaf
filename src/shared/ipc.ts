/**
 * What the preload exposes as `window.api` in the desktop app: one named method per console API
 * method (generated from the shared table) and an event subscription. Shared by main, preload
 * and renderer, so it stays free of node, electron and DOM imports.
 */
import type { ConsoleEvent, ConsoleInput, ConsoleMethod, ConsoleOutput, ConsoleResult } from './console/api'

export type PreloadApi = {
  invoke<M extends ConsoleMethod>(method: M, input?: ConsoleInput<M>): Promise<ConsoleResult<ConsoleOutput<M>>>
  /** Every console event main sends; returns the unsubscribe function. */
  onEvent(listener: (event: ConsoleEvent) => void): () => void
}
