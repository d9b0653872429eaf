/**
 * Typed, sender-checked IPC handlers for the channels in src/shared/ipc.ts.
 *
 * Every handler is wrapped: an untrusted sender is answered with an error envelope and the
 * handler never runs; a thrown error becomes `{ ok: false, error }` because errors thrown
 * across IPC lose their type and fields. Only `import type` from 'electron' (see window.ts).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { IpcChannel, IpcContract, IpcResult, IpcValue } from '../../shared/ipc'
import { isTrustedSender } from './security'

/** The parts of an invoke event the trust check reads; a real IpcMainInvokeEvent satisfies it. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>

/** Decides whether an IPC message may be answered. */
export type SenderCheck = (event: SenderEvent) => boolean

/** A handler's implementation: returns the bare value, the wrapper adds the envelope. */
export type IpcImplementation<K extends IpcChannel> = (
  ...args: Parameters<IpcContract[K]>
) => IpcValue<K> | Promise<IpcValue<K>>

/**
 * Trusts a message only when it comes from the main window's webContents and its frame is on
 * the app page. `getMainContents` is read per message because the window can be re-created
 * (macOS 'activate').
 */
export function mainWindowSenderCheck(getMainContents: () => WebContents | undefined, appUrl: string): SenderCheck {
  return (event) => {
    const contents = getMainContents()
    if (contents === undefined || event.sender !== contents) return false
    // senderFrame is null once the frame has navigated away or been destroyed
    return isTrustedSender(event.senderFrame?.url, appUrl)
  }
}

/** Wraps `implementation` into an ipcMain listener that checks the sender and returns an envelope. */
export function guardHandler<K extends IpcChannel>(
  channel: K,
  implementation: IpcImplementation<K>,
  isTrusted: SenderCheck,
): (event: SenderEvent, ...args: unknown[]) => Promise<IpcResult<IpcValue<K>>> {
  return async (event, ...args) => {
    if (!isTrusted(event)) {
      return { ok: false, error: { code: 'untrusted-sender', message: `${channel}: refused, the sender is not the SCIM Harness window` } }
    }
    try {
      // the argument types are erased at run time; channels that take arguments validate them (zod) in the implementation
      const value = await implementation(...(args as Parameters<IpcContract[K]>))
      return { ok: true, value }
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }
    }
  }
}

/** Registers a guarded handler for `channel` on `ipcMain`. */
export function handle<K extends IpcChannel>(
  ipcMain: Pick<IpcMain, 'handle'>,
  channel: K,
  implementation: IpcImplementation<K>,
  isTrusted: SenderCheck,
): void {
  ipcMain.handle(channel, guardHandler(channel, implementation, isTrusted))
}
