// What the preload puts on `window`, for the renderer's type check (tsconfig.web.json).
import type { ConsoleApi } from '../shared/ipc'

declare global {
  interface Window {
    api: ConsoleApi
  }
}

export {}
