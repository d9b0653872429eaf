/**
 * The renderer's only door to the main process: one named method per operation, exposed as
 * `window.api`. Raw ipcRenderer is never exposed, so the page cannot invoke arbitrary channels.
 * Bundled into one CJS file (electron.vite.config.ts) because a sandboxed preload cannot load modules.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { ConsoleApi, IpcChannel, IpcContract } from '../shared/ipc'

function invoke<K extends IpcChannel>(channel: K, ...args: Parameters<IpcContract[K]>): ReturnType<IpcContract[K]> {
  return ipcRenderer.invoke(channel, ...args) as ReturnType<IpcContract[K]>
}

const api: ConsoleApi = {
  harnessStatus: () => invoke('harness:status'),
}

contextBridge.exposeInMainWorld('api', api)
