import { NGROK_AUTHTOKEN_ENV, type PublicTunnelView } from '../../../shared/console/tunnel-api'
import type { SecretStore } from '../secrets/secret-store'
import { MISSING_AUTHTOKEN, TunnelStartError, type TunnelProvider } from './in-process-tunnel'

/*
 * Go public, as the console and `serve --public` see it: which authtoken to use, the tunnel's
 * state and its news. The authtoken comes from, in order: the one typed for this start, the
 * NGROK_AUTHTOKEN environment variable (ngrok's own convention: the environment overrides the
 * saved configuration), the one saved through the SecretStore. It is never returned, logged or
 * put in an event; the console only learns its source.
 */

/** The SecretStore entry that holds the ngrok authtoken. */
export const NGROK_AUTHTOKEN_SECRET = 'ngrok.authtoken'

export interface PublicTunnelOptions {
  provider: TunnelProvider
  /** Where a saved authtoken lives; absent, an authtoken is used for one start and forgotten. */
  secrets?: SecretStore
  /** The SCIM server's address once it listens. */
  address(): { host: string; port: number }
  /** The SCIM base path appended to the public URL to make the Tenant URL. */
  scimPath: string
  env?: NodeJS.ProcessEnv
  /** Every change of the view (for the console's `tunnel` event). */
  onChange?(view: PublicTunnelView): void
  clock?: () => Date
}

export interface GoPublicRequest {
  domain?: string
  authtoken?: string
  /** Save a typed authtoken for later starts (default true). */
  saveAuthtoken?: boolean
}

type State = Pick<PublicTunnelView, 'state' | 'publicUrl' | 'domain' | 'since' | 'failure'>

export class PublicTunnel {
  private state: State = { state: 'off' }
  private savedAuthtoken: boolean | undefined
  private opening: Promise<PublicTunnelView> | undefined
  private closed = false

  constructor(private readonly options: PublicTunnelOptions) {}

  /** The https URL while the tunnel is online (the console's Host allow-list admits its host). */
  publicUrl(): string | undefined {
    return this.state.state === 'online' ? this.state.publicUrl : undefined
  }

  async view(): Promise<PublicTunnelView> {
    if (this.savedAuthtoken === undefined && this.options.secrets) {
      this.savedAuthtoken = (await this.options.secrets.get(NGROK_AUTHTOKEN_SECRET)) !== undefined
    }
    return this.describe()
  }

  /** Opens the tunnel (or answers with the open one when nothing asked for differs). */
  async goPublic(request: GoPublicRequest = {}): Promise<PublicTunnelView> {
    if (this.closed) throw new TunnelStartError('closed', 'The harness is stopping; the tunnel was not opened.')
    if (this.opening) throw new TunnelStartError('busy', 'The tunnel is already opening: wait for it to come online.')
    if (this.state.state === 'online' && !request.authtoken && (request.domain || undefined) === this.state.domain) return this.view()
    this.opening = this.open(request)
    try {
      return await this.opening
    } finally {
      this.opening = undefined
    }
  }

  async stop(): Promise<PublicTunnelView> {
    // a start in flight lands first, so the listener it opens is the one closed here
    await this.opening?.catch(() => undefined)
    await this.options.provider.stop()
    this.set({ state: 'off' })
    return this.view()
  }

  /** Saves (or with null, forgets) the authtoken used when none is typed and NGROK_AUTHTOKEN is unset. */
  async setAuthtoken(authtoken: string | null): Promise<PublicTunnelView> {
    const secrets = this.requireSecrets()
    if (authtoken === null) await secrets.delete(NGROK_AUTHTOKEN_SECRET)
    else await secrets.set(NGROK_AUTHTOKEN_SECRET, authtoken)
    this.savedAuthtoken = authtoken !== null
    const view = await this.view()
    this.options.onChange?.(view)
    return view
  }

  /**
   * Closes the tunnel for good (the harness is stopping). A start in flight is not waited for (it
   * may take up to the start timeout): open() closes its listener when it lands.
   */
  async close(): Promise<void> {
    this.closed = true
    await this.options.provider.stop()
  }

  private async open(request: GoPublicRequest): Promise<PublicTunnelView> {
    const domain = request.domain || undefined
    this.set({ state: 'starting', domain })
    try {
      const authtoken = await this.resolveAuthtoken(request)
      const { host, port } = this.options.address()
      const { publicUrl } = await this.options.provider.start({ host, port, authtoken, domain })
      if (this.closed) {
        await this.options.provider.stop()
        throw new TunnelStartError('closed', 'The harness stopped while the tunnel was opening; it was closed again.')
      }
      if (request.authtoken && request.saveAuthtoken !== false && this.options.secrets) {
        // saved only once ngrok accepted it, so a mistyped token never replaces a good one
        await this.options.secrets.set(NGROK_AUTHTOKEN_SECRET, request.authtoken)
        this.savedAuthtoken = true
      }
      this.set({ state: 'online', publicUrl, domain, since: (this.options.clock?.() ?? new Date()).toISOString() })
      return this.view()
    } catch (error) {
      const failure =
        error instanceof TunnelStartError
          ? { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
          : { code: 'ngrokFailed' as const, message: `The tunnel did not open: ${error instanceof Error ? error.message : String(error)}` }
      this.set({ state: 'failed', domain, failure })
      throw error instanceof TunnelStartError ? error : new TunnelStartError(failure.code, failure.message)
    }
  }

  private async resolveAuthtoken(request: GoPublicRequest): Promise<string> {
    const typed = request.authtoken?.trim()
    if (typed) return typed
    const fromEnv = this.options.env?.[NGROK_AUTHTOKEN_ENV]?.trim()
    if (fromEnv) return fromEnv
    const saved = await this.options.secrets?.get(NGROK_AUTHTOKEN_SECRET)
    if (saved) return saved
    throw new TunnelStartError('ngrokAuthtokenMissing', MISSING_AUTHTOKEN, 'authtoken')
  }

  private requireSecrets(): SecretStore {
    if (!this.options.secrets) {
      throw new TunnelStartError(
        'not-supported',
        `This harness has no private store for secrets: set ${NGROK_AUTHTOKEN_ENV} in its environment, or type the authtoken at each Go public.`,
      )
    }
    return this.options.secrets
  }

  private set(state: State): void {
    this.state = state
    this.options.onChange?.(this.describe())
  }

  private describe(): PublicTunnelView {
    const { state, publicUrl, domain, since, failure } = this.state
    const fromEnv = Boolean(this.options.env?.[NGROK_AUTHTOKEN_ENV]?.trim())
    return {
      state,
      ...(publicUrl ? { publicUrl, tenantUrl: `${publicUrl}${this.options.scimPath}` } : {}),
      ...(domain ? { domain } : {}),
      ...(since ? { since } : {}),
      ...(failure ? { failure } : {}),
      authtoken: {
        source: fromEnv ? 'environment' : this.savedAuthtoken ? 'saved' : 'none',
        protection: this.options.secrets?.protection ?? null,
      },
    }
  }
}
