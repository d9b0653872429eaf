import { createServer, type Server } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import type { AddressInfo } from 'node:net'
import { Store } from './store'
import { REFUSED_LOG_OPTIONS, RequestLog } from './store/request-log'
import { SCIM_BASE_PATH } from './scim/base-path'
import { createApp } from './server/app'
import { generateConsoleToken } from './server/console-http'
import { answerClientErrorsInScim } from './server/client-errors'
import { ConsoleHostAllowList, consoleHostsFromEnv, recordPublicHost } from './server/console-hosts'
import { TrafficFeed } from './api/traffic-feed'
import { ConsoleEventHub } from './api/console-events'
import { createConsoleHandlers, type ConsoleHandlers } from './api/console-handlers'
import { NgrokAgentDetector, type TunnelDetector } from './tunnel/ngrok-agent'
import { NgrokTunnelProvider, type TunnelProvider } from './tunnel/in-process-tunnel'
import { PublicTunnel } from './tunnel/public-tunnel'
import { CONSOLE_PATH } from '../../shared/console/api'
import { APP_VERSION } from './version'
import type { WorkspaceHost } from './workspace-registry'
import { SimulatorSession } from './simulator/simulator-session'
import type { SecretStore } from './secrets/secret-store'
import { PrivateFileSecretStore } from './secrets/secrets-file'

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
  /** The built console page (out/renderer), served at /console/. */
  consoleStaticDir?: string
  /** Fixed console token (tests); a fresh random one per start otherwise. */
  consoleToken?: string
  tunnel?: TunnelDetector
  /** The in-process tunnel behind Go public and `serve --public`; tests pass one over a stand-in ngrok module. */
  tunnelProvider?: TunnelProvider
  /** Where NGROK_AUTHTOKEN is read from (tests); process.env otherwise. */
  env?: NodeJS.ProcessEnv
  /** Validate console outputs against the shared table (tests). */
  checkConsoleOutput?: boolean
  /** The desktop app's workspace switcher; absent under `serve`. */
  workspaces?: WorkspaceHost
  /**
   * Where secrets the harness reads back are kept (the simulated app's Secret Token, the ngrok
   * authtoken): a store, or one per workspace folder (the desktop app switches folders). Default:
   * secrets.json (0600) in the workspace, as `serve` has no OS key store to ask.
   */
  secrets?: SecretStore | ((dataDir: string) => SecretStore)
  /** Host names the browser console answers at besides its own (`serve --console-host`), added to SCIM_HARNESS_CONSOLE_HOSTS. */
  consoleHosts?: string[]
}

export interface RunningHarness {
  baseUri: string
  port: number
  host: string
  store: Store
  /** This workspace's secret store (see HarnessOptions.secrets). */
  secrets: SecretStore
  requestLog: RequestLog
  /** Samples of requests refused for want of a valid token (requests-refused.ndjson). */
  refusedLog: RequestLog
  traffic: TrafficFeed
  /** The console API, for the IPC transport; HTTP serves the same table at /console. */
  console: ConsoleHandlers
  events: ConsoleEventHub
  /** Go public: the in-process ngrok tunnel to this server, and its public URL while online. */
  publicTunnel: PublicTunnel
  /** Bearer token for /console/api and /console/events: only whoever started the server sees it. */
  consoleToken: string
  /** The browser console's address with its token in the fragment (never sent to the server). */
  consoleUrl: string
  /** The Host names the browser console answers at; a tunnel opened in process registers its public URL here (setPublicUrl). */
  consoleHosts: ConsoleHostAllowList
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

/** Whether a listening address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/** URL host form: IPv6 literals need brackets. */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Opens the workspace and starts serving SCIM on host:port (loopback unless asked otherwise). */
export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const host = options.host ?? '127.0.0.1'
  // before the workspace is opened: a bad SCIM_HARNESS_CONSOLE_HOSTS must not leave it locked
  const consoleHosts = new ConsoleHostAllowList([...consoleHostsFromEnv(process.env), ...(options.consoleHosts ?? [])])
  const store = await Store.open(options.dataDir, { owner: options.owner })
  const secrets = typeof options.secrets === 'function' ? options.secrets(options.dataDir) : (options.secrets ?? new PrivateFileSecretStore(options.dataDir))
  const requestLog = new RequestLog(options.dataDir)
  const refusedLog = new RequestLog(options.dataDir, REFUSED_LOG_OPTIONS)
  const traffic = new TrafficFeed((n) => requestLog.readRecent(n))
  const events = new ConsoleEventHub(store, traffic)
  const consoleToken = options.consoleToken ?? generateConsoleToken()
  const startedAt = new Date().toISOString()
  let address = { host, port: 0, baseUri: '' }
  // one simulated Entra ID per workspace; it loads simulator.json once the Base URI is known
  const simulator = new SimulatorSession({
    dataDir: options.dataDir,
    store,
    secrets,
    baseUri: () => address.baseUri,
    publish: (state) => events.publish({ type: 'sim', data: state }),
  })
  // Go public: loads the ngrok SDK only when a tunnel is opened
  const publicTunnel = new PublicTunnel({
    provider: options.tunnelProvider ?? new NgrokTunnelProvider(),
    // the authtoken typed in the console is kept here, never in a workspace file a scenario carries
    secrets,
    address: () => address,
    scimPath: SCIM_BASE_PATH,
    env: options.env ?? process.env,
    onChange: (view) => {
      // the console answers at the tunnel's host while it is online (DNS rebinding defence, console-hosts.ts)
      consoleHosts.setPublicUrl('in-process', view.state === 'online' ? view.publicUrl : undefined)
      events.publish({ type: 'tunnel', data: view })
    },
  })
  const handlers = createConsoleHandlers({
    store,
    simulator,
    traffic,
    tunnel: recordPublicHost(options.tunnel ?? new NgrokAgentDetector(), consoleHosts),
    publicTunnel,
    workspaces: options.workspaces,
    status: () => ({
      baseUri: address.baseUri,
      host: address.host,
      port: address.port,
      loopback: isLoopback(address.host),
      dataDir: options.dataDir,
      version: APP_VERSION,
      startedAt,
      canSwitchWorkspace: options.workspaces !== undefined,
    }),
  })
  let server: Server
  try {
    server = createServer(
      createApp({
        store,
        requestLog,
        onRequest: (entry) => traffic.add(entry),
        onRefused: (entry, address) => {
          if (traffic.refuse(entry, address)) refusedLog.append(entry)
        },
        console: { handlers, events, token: consoleToken, staticDir: options.consoleStaticDir, checkOutput: options.checkConsoleOutput, hosts: consoleHosts },
      }),
    )
    // Entra waits up to 60 s per request; keep idle sockets a little longer than clients do
    server.keepAliveTimeout = 65_000
    answerClientErrorsInScim(server)
    await listen(server, options.port ?? 8787, host)
  } catch (err) {
    events.close()
    await requestLog.close()
    await refusedLog.close()
    await store.close()
    throw err
  }
  const port = (server.address() as AddressInfo).port
  const baseUri = `http://${urlHost(host)}:${port}${SCIM_BASE_PATH}`
  address = { host, port, baseUri }
  const consoleUrl = `http://${urlHost(host)}:${port}${CONSOLE_PATH}/#token=${consoleToken}`
  store.setLockInfo({ baseUri, pid: String(process.pid) })
  // in the background: the sim.* handlers wait for it, SCIM and the rest of the console do not
  void simulator.load()
  let closing: Promise<void> | undefined
  return {
    baseUri,
    port,
    host,
    store,
    secrets,
    requestLog,
    refusedLog,
    traffic,
    console: handlers,
    events,
    publicTunnel,
    consoleToken,
    consoleUrl,
    consoleHosts,
    close() {
      closing ??= (async () => {
        // the tunnel first: Entra ID stops reaching a server that is going away
        await publicTunnel.close().catch(() => undefined)
        // first the simulator: its cycle in flight stops, simulator.json is written while the store is open
        await simulator.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeIdleConnections()
        })
        events.close()
        await requestLog.close()
        await refusedLog.close()
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
