/**
 * The console API as the renderer sees it, whichever transport carries it: Electron IPC through
 * the preload's `window.api` in the desktop app, or HTTP + server-sent events when the console is
 * opened in a browser from `scim-harness serve`. The only module that knows the difference.
 */
import {
  CONSOLE_METHODS,
  type ConsoleEvent,
  type ConsoleEventName,
  type ConsoleInput,
  type ConsoleMethod,
  type ConsoleOutput,
  type ConsoleResult,
  type ConsoleTransport,
} from '@shared/console/api'

const TOKEN_KEY = 'scim-harness.consoleToken'

function ipcTransport(preload: NonNullable<Window['api']>): ConsoleTransport {
  return {
    call: (method, input) => preload.invoke(method, input),
    subscribe: (listener) => preload.onEvent(listener),
  }
}

/**
 * Takes the console token from the URL fragment `serve` printed (`#token=...`; a fragment never
 * reaches a server log), keeps it for this tab only, and removes it from the address bar.
 */
export function takeConsoleToken(location: Pick<Location, 'hash' | 'pathname' | 'search'>, storage: Pick<Storage, 'getItem' | 'setItem'>, replace: (url: string) => void): string | null {
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

function httpTransport(token: string | null, base: string): ConsoleTransport {
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
        return {
          ok: false,
          error: { code: 'offline', message: 'The harness does not answer. Is `scim-harness serve` still running? Start it again and reload this page.' },
        }
      }
    },
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

function pickTransport(): { transport: ConsoleTransport; kind: 'ipc' | 'http' } {
  if (window.api) return { transport: ipcTransport(window.api), kind: 'ipc' }
  const token = takeConsoleToken(window.location, window.sessionStorage, (url) => window.history.replaceState(null, '', url))
  // the page is served at /console/, so the API is at ./api/ and the events at ./events
  return { transport: httpTransport(token, new URL('./', window.location.href).href), kind: 'http' }
}

const picked = pickTransport()

export const api: ConsoleTransport = picked.transport
export const transportKind = picked.kind

/** Calls a method and throws its error (for stores that show errors in one place). */
export async function callOrThrow<M extends ConsoleMethod>(method: M, input?: ConsoleInput<M>): Promise<ConsoleOutput<M>> {
  const result = await api.call(method, input)
  if (!result.ok) throw new ConsoleCallError(result.error.code, result.error.message, result.error.field)
  return result.value
}

export class ConsoleCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ConsoleCallError'
  }
}

export { CONSOLE_METHODS }
