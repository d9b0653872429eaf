/**
 * How the desktop app starts its built-in SCIM server: which workspace, which address, and
 * what to do when the usual port is taken.
 */
import type { HarnessOptions } from '../core/harness'

/** The port the desktop app asks for first, the same default as `scim-harness serve`. */
export const DESKTOP_PORT = 8787

/** Loopback only: exposing the server to a real tenant goes through a tunnel (ngrok), never 0.0.0.0. */
export const DESKTOP_HOST = '127.0.0.1'

/**
 * Server options for the desktop app: the per-user workspace the CLI also uses (PRODUCT.md:
 * "--data defaults to the same per-user folder the desktop app uses"; `defaultDataDir` honours
 * SCIM_HARNESS_DATA). `SCIM_HARNESS_PORT` exists for tests and side-by-side runs.
 */
export function resolveServerOptions(env: NodeJS.ProcessEnv, defaultDataDir: (env: NodeJS.ProcessEnv) => string): HarnessOptions {
  const rawPort = env['SCIM_HARNESS_PORT']
  let port = DESKTOP_PORT
  if (rawPort !== undefined && rawPort !== '') {
    port = Number(rawPort)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`SCIM_HARNESS_PORT must be a port number from 0 to 65535, got "${rawPort}"`)
    }
  }
  return {
    dataDir: defaultDataDir(env),
    host: DESKTOP_HOST,
    port,
    owner: 'desktop app',
  }
}

/** Whether `error` is the listen failure of a port already in use. */
export function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE'
}

/**
 * Starts the harness; if the requested port is taken (another tool, or a second harness on
 * another workspace), falls back to a free port rather than refusing to open. The Base URI
 * the console shows carries the actual port.
 */
export async function startBuiltInServer<Running>(start: (options: HarnessOptions) => Promise<Running>, options: HarnessOptions): Promise<Running> {
  try {
    return await start(options)
  } catch (error) {
    if (!isAddressInUse(error) || options.port === 0) throw error
    return start({ ...options, port: 0 })
  }
}
