/**
 * The IPC contract between the Electron main process and the renderer.
 *
 * Shared by main, preload and renderer, so it must stay free of node, electron and DOM
 * imports. Payloads are plain JSON: they cross a structured-clone boundary.
 */

/** What every IPC call resolves to: errors thrown across IPC lose their shape, so they travel as values. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

export interface IpcError {
  /** Stable, machine-readable reason, e.g. `untrusted-sender` or `internal`. */
  code: string
  /** A sentence a person can act on. */
  message: string
}

/** State of the built-in SCIM server, as the console header shows it. */
export interface HarnessStatus {
  /** SCIM Base URI to paste into Entra's "Tenant URL", e.g. `http://127.0.0.1:8787/scim/v2`. */
  baseUri: string
}

/** Channel name to handler signature; the single source of truth for both sides of `ipcMain.handle`. */
export interface IpcContract {
  'harness:status': () => Promise<IpcResult<HarnessStatus>>
}

export type IpcChannel = keyof IpcContract

/** The value a channel's handler produces once unwrapped from its envelope. */
export type IpcValue<K extends IpcChannel> =
  Awaited<ReturnType<IpcContract[K]>> extends IpcResult<infer T> ? T : never

/** What the preload exposes as `window.api`: one named method per operation. */
export interface ConsoleApi {
  harnessStatus: IpcContract['harness:status']
}
