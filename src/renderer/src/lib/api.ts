/**
 * The console API as the renderer sees it, whichever transport carries it: Electron IPC through
 * the preload's `window.api` in the desktop app, or HTTP + server-sent events when the console is
 * opened in a browser from `scim-harness serve`. The only module that knows the difference.
 */
import {
  CONSOLE_METHODS,
  type ConsoleError,
  type ConsoleErrorCode,
  type ConsoleEvent,
  type ConsoleEventName,
  type ConsoleInput,
  type ConsoleMethod,
  type ConsoleMethodTable,
  type ConsoleOutput,
  type ConsoleResult,
  type ConsoleTransport,
  uploadOf,
} from '@shared/console/api'
import { tooLargeMessage, UPLOAD_MEDIA_TYPE } from '@shared/console/uploads'

const TOKEN_KEY = 'scim-harness.consoleToken'

/** The methods that take a file (`upload` in the table): scenario files, directory CSV. */
export type UploadMethod = { [M in ConsoleMethod]: ConsoleMethodTable[M] extends { upload: unknown } ? M : never }[ConsoleMethod]

/** How much of a file has gone: bytes sent of its size. */
export interface UploadProgress {
  sent: number
  total: number
}

/** Sends a file to a method that takes one; the limit is checked here, before anything is sent. */
type Uploader = <M extends UploadMethod>(method: M, file: Blob, onProgress?: (progress: UploadProgress) => void) => Promise<ConsoleResult<ConsoleOutput<M>>>

interface RendererTransport extends ConsoleTransport {
  upload: Uploader
}

/** The call a method's file makes over IPC: the file's text in its field (IPC has no body limit; structured clone carries the string). */
function fileInput<M extends UploadMethod>(method: M, text: string): ConsoleInput<M> {
  return { [uploadOf(method)!.field]: text } as ConsoleInput<M>
}

function ipcTransport(preload: NonNullable<Window['api']>): RendererTransport {
  return {
    call: (method, input) => preload.invoke(method, input),
    subscribe: (listener) => preload.onEvent(listener),
    // read locally (no network), so progress jumps from nothing to all once the text is read
    upload: async (method, file, onProgress) => {
      const text = await file.text()
      onProgress?.({ sent: file.size, total: file.size })
      return preload.invoke(method, fileInput(method, text))
    },
  }
}

/** Why a file is too large for its method ("The CSV file is 62 MB; the limit is 50 MB."), or undefined when it fits: screens say it as soon as the file is picked. */
export function fileTooLarge(method: UploadMethod, file: Blob): ConsoleError | undefined {
  const upload = uploadOf(method)!
  return file.size > upload.maxBytes ? { code: 'too-large', message: tooLargeMessage(upload, file.size) } : undefined
}

function refuseTooLarge(method: UploadMethod, file: Blob): ConsoleResult<never> | undefined {
  const error = fileTooLarge(method, file)
  return error ? { ok: false, error } : undefined
}

/**
 * Posts a file as the request body (src/shared/console/uploads.ts). XMLHttpRequest, not fetch:
 * fetch reports no upload progress, and its streamed request bodies need HTTP/2, which `serve`
 * does not speak. The browser reads the file from disk as it sends it.
 */
function xhrUpload(url: string, token: string, file: Blob, onProgress?: (progress: UploadProgress) => void): Promise<ConsoleResult<never>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('content-type', UPLOAD_MEDIA_TYPE)
    xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (e) => onProgress?.({ sent: e.loaded, total: e.lengthComputable ? e.total : file.size })
    xhr.onload = () => {
      try {
        resolve(JSON.parse(xhr.responseText) as ConsoleResult<never>)
      } catch {
        resolve({
          ok: false,
          error: { code: 'internal', message: `The harness answered ${xhr.status} without a console answer. Reload this page and try again.` },
        })
      }
    }
    xhr.onerror = () => resolve(offline)
    xhr.send(file)
  })
}

/**
 * Takes the console token from the URL fragment `serve` printed (`#token=...`; a fragment never
 * reaches a server log), keeps it for this tab only, and removes it from the address bar.
 */
export function takeConsoleToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  replace: (url: string) => void,
): string | null {
  const match = /^#token=([A-Za-z0-9_-]+)(.*)$/.exec(location.hash)
  if (match) {
    storage.setItem(TOKEN_KEY, match[1])
    replace(`${location.pathname}${location.search}#${match[2].replace(/^[&#]?/, '') || '/'}`)
    return match[1]
  }
  return storage.getItem(TOKEN_KEY)
}

const noToken: ConsoleResult<never> = {
  ok: false,
  error: { code: 'no-token', message: 'This console needs its token. Open the Console URL that `scim-harness serve` printed (it ends in #token=...).' },
}

const offline: ConsoleResult<never> = {
  ok: false,
  error: { code: 'offline', message: 'The harness does not answer. Is `scim-harness serve` still running? Start it again and reload this page.' },
}

/** Parses a server-sent event stream into events (the subset `serve` writes: event + one data line). */
export function parseSse(buffer: string): { events: ConsoleEvent[]; rest: string } {
  const events: ConsoleEvent[] = []
  const blocks = buffer.split('\n\n')
  const rest = blocks.pop() ?? ''
  for (const block of blocks) {
    let type: string | undefined
    let data = ''
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) type = line.slice(7)
      else if (line.startsWith('data: ')) data += line.slice(6)
    }
    if (type === undefined || data === '') continue
    try {
      events.push({ type: type as ConsoleEventName, data: JSON.parse(data) } as ConsoleEvent)
    } catch {
      // a malformed event is dropped; the next refetch repairs whatever it would have updated
    }
  }
  return { events, rest }
}

function httpTransport(token: string | null, base: string): RendererTransport {
  const listeners = new Set<(event: ConsoleEvent) => void>()
  let stream: AbortController | undefined

  // Each connection loop owns its controller: once it is aborted (the last listener left) that
  // loop ends for good, even if a later subscribe starts a new one. Sharing one mutable
  // controller let aborted loops carry on with the new one, so every leave-and-return of a
  // screen left another event stream open until Chrome's six connections per origin were all
  // taken and API calls queued forever.
  const connect = async (controller: AbortController): Promise<void> => {
    let delay = 500
    while (!controller.signal.aborted) {
      try {
        const res = await fetch(`${base}events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`)
        delay = 500
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffer = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          const parsed = parseSse(buffer + value)
          buffer = parsed.rest
          for (const event of parsed.events) for (const listener of listeners) listener(event)
        }
      } catch {
        if (controller.signal.aborted) return
      }
      // the server restarted or the network blinked: reconnect, backing off to 10 s
      await new Promise((r) => setTimeout(r, delay))
      delay = Math.min(delay * 2, 10_000)
    }
  }

  return {
    async call<M extends ConsoleMethod>(method: M, input?: ConsoleInput<M>): Promise<ConsoleResult<ConsoleOutput<M>>> {
      if (token === null) return noToken
      try {
        const res = await fetch(`${base}api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        })
        return (await res.json()) as ConsoleResult<ConsoleOutput<M>>
      } catch {
        return offline
      }
    },
    upload: async (method, file, onProgress) => (token === null ? noToken : xhrUpload(`${base}api/${method}`, token, file, onProgress)),
    subscribe(listener) {
      listeners.add(listener)
      if (token !== null && !stream) {
        stream = new AbortController()
        void connect(stream)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          stream?.abort()
          stream = undefined
        }
      }
    },
  }
}

function pickTransport(): { transport: RendererTransport; kind: 'ipc' | 'http' } {
  if (window.api) return { transport: ipcTransport(window.api), kind: 'ipc' }
  const token = takeConsoleToken(window.location, window.sessionStorage, (url) => window.history.replaceState(null, '', url))
  // the page is served at /console/, so the API is at ./api/ and the events at ./events
  return { transport: httpTransport(token, new URL('./', window.location.href).href), kind: 'http' }
}

const picked = pickTransport()

export const api: ConsoleTransport = picked.transport
export const transportKind = picked.kind

/**
 * Sends a file (a scenario file, a directory CSV) to the method that takes it, with progress.
 * A file over the method's limit is refused here with the message the server would give, so a
 * 62 MB file is not sent only to be turned away.
 */
export const uploadFile: Uploader = async (method, file, onProgress) => refuseTooLarge(method, file) ?? picked.transport.upload(method, file, onProgress)

/** Calls a method and throws its error (for stores that show errors in one place). */
export async function callOrThrow<M extends ConsoleMethod>(method: M, input?: ConsoleInput<M>): Promise<ConsoleOutput<M>> {
  const result = await api.call(method, input)
  if (!result.ok) throw new ConsoleCallError(result.error.code, result.error.message, result.error.field)
  return result.value
}

export class ConsoleCallError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ConsoleCallError'
  }
}

export { CONSOLE_METHODS }
