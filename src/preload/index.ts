/**
 * The renderer's only door to the main process: `window.api.invoke(method, input)` for the
 * methods of the shared console table and `window.api.onEvent` for its events. Raw ipcRenderer
 * is never exposed, and a method name outside the table is refused here, before any IPC, so the
 * page cannot reach arbitrary channels. Bundled into one CJS file (electron.vite.config.ts)
 * because a sandboxed preload cannot load modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { ConsoleEvent } from '../shared/console/api'
// the names only: the zod table itself would put every schema and zod in this bundle (issue 17)
import { IPC_EVENT_CHANNEL, ipcChannelOf, isConsoleMethodName } from '../shared/console/method-names'
import type { PreloadApi } from '../shared/ipc'

const api: PreloadApi = {
  invoke: (method, input) => {
    if (!isConsoleMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `There is no console method '${String(method)}'.` } })
    }
    return ipcRenderer.invoke(ipcChannelOf(method), input)
  },
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: ConsoleEvent): void => listener(payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
