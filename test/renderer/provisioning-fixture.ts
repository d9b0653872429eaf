import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConsoleEvent, ConsoleMethod, ConsoleResult, PortalView } from '../../src/shared/console/api'
import type { PreloadApi } from '../../src/shared/ipc'

/*
 * The console screens under test talk to a real harness: a fresh workspace in a temp folder,
 * the real console handler table and its refusals, reached through `window.api` exactly as the
 * desktop app's preload exposes it. No fake to drift from the server.
 *
 * The core is imported through computed specifiers: the web project's type-check (which covers
 * test/renderer) must not pull in the main process's sources, which tsconfig.node.json owns.
 */

interface CoreStore {
  readonly portal: PortalView['settings']
  tokens(): Iterable<{ id: string; label: string; hash: string; revokedAt: string | null }>
  /** Writes settings as they are, unchecked: how a workspace from an older version holds them. */
  commit(mutations: { kind: 'setPortal'; portal: PortalView['settings'] }[]): Promise<unknown>
}

interface CoreHarness {
  console: unknown
  store: CoreStore
  events: { subscribe(listener: (event: ConsoleEvent) => void): () => void }
  close(): Promise<void>
}

type Invoke = (handlers: unknown, method: unknown, input: unknown, options?: { checkOutput?: boolean }) => Promise<ConsoleResult<unknown>>

const HARNESS_MODULE = '../../src/main/core/harness'
const HANDLERS_MODULE = '../../src/main/core/api/console-handlers'

export interface RealConsole {
  store: CoreStore
  /** Every call the screen made, in order. */
  calls: { method: ConsoleMethod; input: unknown }[]
  callsOf(method: ConsoleMethod): unknown[]
  /** A call made by the test itself (set-up), not recorded. */
  call<T = unknown>(method: ConsoleMethod, input?: unknown): Promise<T>
  close(): Promise<void>
}

let current: { harness: CoreHarness; invoke: Invoke; calls: RealConsole['calls'] } | undefined

/**
 * Installs `window.api` once per test file, before the screen's modules are imported (lib/api.ts
 * picks its transport at import time); it forwards to whichever harness the running test started.
 */
export function installPreload(): void {
  const preload: PreloadApi = {
    invoke: (async (method: ConsoleMethod, input?: unknown) => {
      if (!current) throw new Error('no harness running')
      current.calls.push({ method, input })
      return current.invoke(current.harness.console, method, input, { checkOutput: true })
    }) as PreloadApi['invoke'],
    onEvent: (listener) => (current ? current.harness.events.subscribe(listener) : () => undefined),
  }
  ;(window as unknown as { api: PreloadApi }).api = preload
}

/** Starts a harness on 127.0.0.1:0 over an empty workspace (the out-of-the-box portal settings). */
export async function startRealConsole(): Promise<RealConsole> {
  const { startHarness } = (await import(/* @vite-ignore */ HARNESS_MODULE)) as { startHarness(options: object): Promise<CoreHarness> }
  const { invokeConsole } = (await import(/* @vite-ignore */ HANDLERS_MODULE)) as { invokeConsole: Invoke }
  const dataDir = mkdtempSync(join(tmpdir(), 'scim-harness-screen-'))
  const harness = await startHarness({ dataDir, port: 0, owner: 'renderer-test', checkConsoleOutput: true })
  const calls: RealConsole['calls'] = []
  current = { harness, invoke: invokeConsole, calls }
  return {
    store: harness.store,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.input),
    async call<T>(method: ConsoleMethod, input?: unknown): Promise<T> {
      const result = await invokeConsole(harness.console, method, input, { checkOutput: true })
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
      return result.value as T
    },
    async close() {
      current = undefined
      await harness.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
