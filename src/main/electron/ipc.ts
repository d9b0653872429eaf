/**
 * The console API over IPC: one `ipcMain.handle` channel per method of the shared table, each
 * checking its sender before anything runs, and events pushed to the main window.
 *
 * Every handler is wrapped: an untrusted sender is answered with an error envelope and the
 * handler never runs; input is validated against the table by invokeConsole; a thrown error
 * becomes `{ ok: false, error }` because errors thrown across IPC lose their type and fields.
 * Only `import type` from 'electron' (see window.ts).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { CONSOLE_METHODS, ipcChannelOf, type ConsoleMethod, type ConsoleResult } from '../../shared/console/api'
import { isTrustedSender } from './security'

/** The parts of an invoke event the trust check reads; a real IpcMainInvokeEvent satisfies it. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>

/** Decides whether an IPC message may be answered. */
export type SenderCheck = (event: SenderEvent) => boolean

/** Runs one console call (validation included) and returns its envelope. */
export type ConsoleInvoker = (method: ConsoleMethod, input: unknown) => Promise<ConsoleResult<unknown>>

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

/** Wraps one method into an ipcMain listener that checks the sender first. */
export function guardHandler(
  method: ConsoleMethod,
  invoke: ConsoleInvoker,
  isTrusted: SenderCheck,
): (event: SenderEvent, ...args: unknown[]) => Promise<ConsoleResult<unknown>> {
  return async (event, input) => {
    if (!isTrusted(event)) {
      return { ok: false, error: { code: 'untrusted-sender', message: `${method}: refused, the sender is not the SCIM Harness window` } }
    }
    try {
      return await invoke(method, input)
    } catch (error) {
      // invokeConsole returns envelopes; this only catches a harness that failed to start
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }
    }
  }
}

/** Registers every method of the console table on `ipcMain`; returns the channel names. */
export function registerConsoleApi(ipcMain: Pick<IpcMain, 'handle'>, invoke: ConsoleInvoker, isTrusted: SenderCheck): string[] {
  return CONSOLE_METHODS.map((method) => {
    const channel = ipcChannelOf(method)
    ipcMain.handle(channel, guardHandler(method, invoke, isTrusted))
    return channel
  })
}
