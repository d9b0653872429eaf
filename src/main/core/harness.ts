import { createServer, type Server } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import type { AddressInfo } from 'node:net'
import { Store } from './store'
import { RequestLog } from './store/request-log'
import { createApp, SCIM_BASE_PATH } from './server/app'

/*
 * The running harness: one workspace's store (holding its lock) and the HTTP server in front
 * of it. The Electron main and `scim-harness serve` both start it through here.
 */

export interface HarnessOptions {
  dataDir: string
  host?: string
  port?: number
  /** Who holds the workspace, shown to a second process that finds it locked. */
  owner: string
}

export interface RunningHarness {
  baseUri: string
  port: number
  host: string
  store: Store
  requestLog: RequestLog
  /** Stops accepting requests, lets in-flight ones finish, flushes and releases the workspace. */
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/** URL host form: IPv6 literals need brackets. */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Opens the workspace and starts serving SCIM on host:port (loopback unless asked otherwise). */
export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const host = options.host ?? '127.0.0.1'
  const store = await Store.open(options.dataDir, { owner: options.owner })
  const requestLog = new RequestLog(options.dataDir)
  let server: Server
  try {
    server = createServer(createApp({ store, requestLog }))
    // Entra waits up to 60 s per request; keep idle sockets a little longer than clients do
    server.keepAliveTimeout = 65_000
    await listen(server, options.port ?? 8787, host)
  } catch (err) {
    await requestLog.close()
    await store.close()
    throw err
  }
  const port = (server.address() as AddressInfo).port
  const baseUri = `http://${urlHost(host)}:${port}${SCIM_BASE_PATH}`
  store.setLockInfo({ baseUri, pid: String(process.pid) })
  let closing: Promise<void> | undefined
  return {
    baseUri,
    port,
    host,
    store,
    requestLog,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeIdleConnections()
        })
        await requestLog.close()
        await store.close()
      })()
      return closing
    },
  }
}

/**
 * Caps how far V8 lets the heap grow past its live size between full GCs. Under a write burst V8
 * grew the old generation to ~3x the live heap (measured: 456 MB RSS after seeding 100k users over
 * HTTP); at 2x it stays proportional to the data. V8 reads the flag at every full GC. Entry points
 * call this once the workspace is loaded: set before the load, the extra GCs pushed a 100k-user
 * cold start from 1.7 s to 2.0 s. Process-wide, so only entry points (CLI serve, Electron main) call it.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=100')
}
