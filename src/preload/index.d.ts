// What the preload puts on `window` in the desktop app (absent in the browser console).
import type { PreloadApi } from '../shared/ipc'

declare global {
  interface Window {
    api?: PreloadApi
  }
}

export {}
