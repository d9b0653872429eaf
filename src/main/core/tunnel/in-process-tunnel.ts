import type { Config as NgrokConfig } from '@ngrok/ngrok'
import type { ConsoleErrorCode } from '../../../shared/console/api'
import { NGROK_AUTHTOKEN_ENV, NGROK_AUTHTOKEN_PAGE } from '../../../shared/console/tunnel-api'

/*
 * The in-process tunnel (issue 14, item 9): the @ngrok/ngrok SDK runs the ngrok agent inside this
 * process (an N-API addon, ~11 MB), so "Go public" needs no separate ngrok install. The module is
 * loaded only when a tunnel is opened: starting the harness, the CLI and the tests never load the
 * addon. Tests pass a stand-in with the same `forward()` / Listener surface.
 */

/** The part of a Listener the harness uses (index.d.ts of @ngrok/ngrok 1.7.0). */
export interface NgrokListener {
  url(): string | null
  close(): Promise<void>
}

/** The part of the @ngrok/ngrok module the harness uses: `forward(config)` opens one listener. */
export interface NgrokModule {
  forward(config: NgrokConfig): Promise<NgrokListener>
}

export interface TunnelStartOptions {
  /** Where the SCIM server listens; the tunnel forwards there. */
  host: string
  port: number
  authtoken: string
  /** A reserved domain; absent, ngrok assigns one (on the free plan, a new one at every start). */
  domain?: string
}

/** Opens and closes one public tunnel to the harness. */
export interface TunnelProvider {
  start(options: TunnelStartOptions): Promise<{ publicUrl: string }>
  stop(): Promise<void>
  /** The public URL while a tunnel is open. */
  status(): { publicUrl: string | undefined }
}

export type TunnelFailureField = 'authtoken' | 'domain'

/** Why a tunnel did not open, in words that say what to do; the authtoken never appears in it. */
export class TunnelStartError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly field?: TunnelFailureField,
  ) {
    super(message)
    this.name = 'TunnelStartError'
  }
}

export const MISSING_AUTHTOKEN = `ngrok needs an authtoken: set ${NGROK_AUTHTOKEN_ENV} or paste your authtoken from ${NGROK_AUTHTOKEN_PAGE}.`

/**
 * The host:port ngrok forwards to. A server on every interface is reached on loopback; a literal
 * address is used as given (not `localhost`, which may resolve to ::1 while the server is on
 * 127.0.0.1).
 */
export function forwardAddress(host: string, port: number): string {
  if (host === '' || host === '0.0.0.0') return `127.0.0.1:${port}`
  if (host === '::' || host === '[::]') return `[::1]:${port}`
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`
}

// ngrok error codes (https://ngrok.com/docs/errors/): the SDK puts them in `errorCode` and at the
// end of the message ("error_code: ERR_NGROK_4018")
const AUTHTOKEN_MISSING = new Set(['ERR_NGROK_4018'])
const AUTHTOKEN_REFUSED = new Set(['ERR_NGROK_105', 'ERR_NGROK_106', 'ERR_NGROK_107'])
// 313 custom subdomains need a paid plan; 320 reserved for another account; 354 nested subdomain
// not reserved; 7117/7118 not reserved (by this account)
const DOMAIN_REFUSED = new Set(['ERR_NGROK_313', 'ERR_NGROK_319', 'ERR_NGROK_320', 'ERR_NGROK_354', 'ERR_NGROK_7117', 'ERR_NGROK_7118'])
// "failed to establish tcp connection" is what @ngrok/ngrok 1.7.0 says with no route to ngrok (seen on a machine without internet)
const NETWORK =
  /dial|dns|resolve|lookup|establish|tcp connection|connect(ion)? (refused|reset|timed out)|timed? ?out|network|unreachable|certificate|tls|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/i

/** Removes the authtoken from a message ngrok wrote ("Your authtoken: ..."), and trims it. */
export function redactAuthtoken(message: string, authtoken: string): string {
  const clean = authtoken ? message.split(authtoken).join('[authtoken]') : message
  const oneLine = clean.replace(/\s+/g, ' ').trim()
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine
}

/** Maps an error from `forward()` to one a person can act on. */
export function describeNgrokFailure(error: unknown, options: { authtoken: string; domain?: string }): TunnelStartError {
  const raw = error instanceof Error ? error.message : String(error)
  const code = (error as { errorCode?: unknown })?.errorCode
  const ngrokCode = typeof code === 'string' ? code : (/ERR_NGROK_\d+/.exec(raw)?.[0] ?? '')
  const detail = redactAuthtoken(raw, options.authtoken)
  const tag = ngrokCode ? ` (${ngrokCode})` : ''
  if (AUTHTOKEN_MISSING.has(ngrokCode)) return new TunnelStartError('ngrokAuthtokenMissing', `${MISSING_AUTHTOKEN}${tag}`, 'authtoken')
  if (AUTHTOKEN_REFUSED.has(ngrokCode)) {
    return new TunnelStartError(
      'ngrokAuthtokenRefused',
      `ngrok refused the authtoken${tag}: copy it again from ${NGROK_AUTHTOKEN_PAGE} (it changes when it is reset) and try again.`,
      'authtoken',
    )
  }
  if (DOMAIN_REFUSED.has(ngrokCode) || (options.domain && /reserv|subdomain/i.test(raw))) {
    return new TunnelStartError(
      'ngrokDomainRefused',
      `ngrok refused the domain '${options.domain ?? ''}'${tag}: it is not reserved for this authtoken's account. Reserve it at dashboard.ngrok.com/domains, or leave the domain empty for a random URL.`,
      'domain',
    )
  }
  if (ngrokCode === 'ERR_NGROK_108') {
    return new TunnelStartError(
      'ngrokSessionLimit',
      `Your ngrok account allows one agent session at a time and another one is running${tag}: stop it (or use its URL with Detect below) and try again.`,
    )
  }
  if (ngrokCode === 'ERR_NGROK_334') {
    return new TunnelStartError(
      'ngrokEndpointTaken',
      `${options.domain ?? 'This URL'} is already online in another ngrok session${tag}: stop that one, or choose another domain.`,
      'domain',
    )
  }
  if (!ngrokCode && NETWORK.test(raw)) {
    return new TunnelStartError(
      'ngrokUnreachable',
      `ngrok's servers could not be reached (${detail}): check this machine's internet connection, proxy or firewall (outbound https to connect.ngrok-agent.com).`,
    )
  }
  return new TunnelStartError('ngrokFailed', `ngrok could not open the tunnel: ${detail}`)
}

/**
 * Loads the SDK on first use. `SCIM_HARNESS_TEST_NGROK_MODULE` names a stand-in module for the
 * CLI tests (no network there) and is honoured only under NODE_ENV=test: it gives no power that
 * NODE_OPTIONS=--require does not already give whoever sets the environment, and outside tests
 * it is ignored, so a stray variable cannot swap the agent.
 */
export async function loadNgrokModule(env: NodeJS.ProcessEnv = process.env): Promise<NgrokModule> {
  const standIn = env['NODE_ENV'] === 'test' ? env['SCIM_HARNESS_TEST_NGROK_MODULE'] : undefined
  try {
    // require, not import(): the bundle is CommonJS and @ngrok/ngrok is external (a native addon)
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
    return require(standIn || '@ngrok/ngrok') as NgrokModule
  } catch (error) {
    throw new TunnelStartError(
      'ngrokUnavailable',
      `The built-in ngrok agent could not be loaded on this machine (${(error as Error).message.split('\n')[0]}): start an ngrok agent yourself (ngrok http PORT) and use Detect.`,
    )
  }
}

/** Time allowed for ngrok to connect and open the listener before Go public reports failure. */
export const TUNNEL_START_TIMEOUT_MS = 30_000

/** The real provider: one listener at a time, opened through the @ngrok/ngrok SDK. */
export class NgrokTunnelProvider implements TunnelProvider {
  private listener: NgrokListener | undefined
  private publicUrl: string | undefined

  constructor(
    private readonly load: () => Promise<NgrokModule> = () => loadNgrokModule(),
    private readonly timeoutMs = TUNNEL_START_TIMEOUT_MS,
  ) {}

  async start(options: TunnelStartOptions): Promise<{ publicUrl: string }> {
    if (!options.authtoken) throw new TunnelStartError('ngrokAuthtokenMissing', MISSING_AUTHTOKEN, 'authtoken')
    await this.stop()
    const ngrok = await this.load()
    const config: NgrokConfig = {
      addr: forwardAddress(options.host, options.port),
      // the authtoken is resolved by the harness (console, saved, NGROK_AUTHTOKEN) and passed
      // explicitly, so the SDK never picks one up from elsewhere
      authtoken: options.authtoken,
      proto: 'http',
      ...(options.domain ? { domain: options.domain } : {}),
    }
    let timer: NodeJS.Timeout | undefined
    const opening = ngrok.forward(config)
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TunnelStartError(
              'ngrokUnreachable',
              `ngrok did not answer within ${this.timeoutMs / 1000} s: check this machine's internet connection, proxy or firewall, then try again.`,
            ),
          ),
        this.timeoutMs,
      )
    })
    let listener: NgrokListener
    try {
      listener = await Promise.race([opening, timedOut])
    } catch (error) {
      // a listener that opens after we gave up must not stay open unseen
      opening
        .then(
          (late) => late.close(),
          () => undefined,
        )
        .catch(() => undefined)
      throw error instanceof TunnelStartError ? error : describeNgrokFailure(error, options)
    } finally {
      clearTimeout(timer)
    }
    const url = listener.url()
    if (!url || !url.startsWith('https://')) {
      await listener.close().catch(() => undefined)
      throw new TunnelStartError('ngrokFailed', `ngrok opened ${url ?? 'a listener without a URL'}, not an https URL; Entra ID only provisions over https.`)
    }
    this.listener = listener
    this.publicUrl = url.replace(/\/+$/, '')
    return { publicUrl: this.publicUrl }
  }

  async stop(): Promise<void> {
    const listener = this.listener
    this.listener = undefined
    this.publicUrl = undefined
    if (listener) await listener.close()
  }

  status(): { publicUrl: string | undefined } {
    return { publicUrl: this.publicUrl }
  }
}
