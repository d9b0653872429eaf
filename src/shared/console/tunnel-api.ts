import { z } from 'zod'
import { consoleErrorCodeSchema } from './console-error-codes'

/*
 * Go public (issue 14, item 9): the in-process ngrok tunnel in the console API. The harness opens
 * it with the @ngrok/ngrok SDK in its own process, so no ngrok agent has to be installed; the
 * detection of an agent the admin started (`tunnel.detect`) stays beside it. The authtoken goes
 * in and never comes back out: the console only learns where it comes from.
 */

/** The environment variable ngrok's own tools read the authtoken from; the harness reads it too. */
export const NGROK_AUTHTOKEN_ENV = 'NGROK_AUTHTOKEN'

/** Where to find the authtoken, as every message that asks for one says. */
export const NGROK_AUTHTOKEN_PAGE = 'dashboard.ngrok.com/get-started/your-authtoken'

/**
 * An ngrok authtoken as copied from the dashboard: one word of letters, digits, `_` and `-`.
 * Refusing spaces and line breaks here catches a bad paste before it reaches ngrok (which would
 * answer ERR_NGROK_105) and keeps anything but a token out of the secret store.
 */
export const ngrokAuthtokenSchema = z
  .string()
  .trim()
  .min(1, `Paste your ngrok authtoken (${NGROK_AUTHTOKEN_PAGE}).`)
  .max(200, 'That is longer than any ngrok authtoken: copy it again from the dashboard.')
  .regex(/^[A-Za-z0-9_-]+$/, `An ngrok authtoken is one word of letters, digits, _ and -: copy it again from ${NGROK_AUTHTOKEN_PAGE}.`)

/** One DNS label (RFC 1035 section 2.3.1, with leading digits as RFC 1123 section 2.1 allows). */
const isLabel = (label: string): boolean => label.length >= 1 && label.length <= 63 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label)

/**
 * A domain reserved in the ngrok dashboard (e.g. `contoso-scim.ngrok-free.app`, or a custom one
 * with its CNAME). A pasted `https://name/` is accepted and reduced to the name: that is what the
 * dashboard shows next to the domain. Empty means none (a form's empty field): ngrok picks a URL.
 */
export const reservedDomainSchema = z
  .string()
  .trim()
  .max(300)
  .transform((raw) =>
    raw
      .replace(/^https?:\/\//i, '')
      .replace(/\/+$/, '')
      .toLowerCase(),
  )
  .refine((host) => host === '' || (host.length <= 253 && host.includes('.') && host.split('.').every(isLabel)), {
    message: 'Type the reserved domain as the ngrok dashboard shows it, e.g. contoso-scim.ngrok-free.app (no path, no port).',
  })
  .transform((host) => host || undefined)

export const publicTunnelSchema = z.object({
  /** off: no tunnel; starting: connecting to ngrok; online: the URL works; failed: see `failure`. */
  state: z.enum(['off', 'starting', 'online', 'failed']),
  /** https://... as ngrok assigned it (online only). */
  publicUrl: z.string().optional(),
  /** publicUrl + /scim/v2: the Tenant URL to paste into Entra ID (online only). */
  tenantUrl: z.string().optional(),
  /** The reserved domain asked for; absent for a random URL. */
  domain: z.string().optional(),
  /** When the tunnel came online. */
  since: z.string().optional(),
  /** Why the last attempt failed, with what to do; `field` names the input to correct. */
  failure: z.object({ code: consoleErrorCodeSchema, message: z.string(), field: z.enum(['authtoken', 'domain']).optional() }).optional(),
  authtoken: z.object({
    /** environment: NGROK_AUTHTOKEN is set (it wins); saved: kept by the harness; none: Go public will ask. */
    source: z.enum(['environment', 'saved', 'none']),
    /** How a saved authtoken is protected; null when this harness cannot save one (then it is asked each time). */
    protection: z.enum(['os-encryption', 'private-file']).nullable(),
  }),
})
export type PublicTunnelView = z.infer<typeof publicTunnelSchema>

const noInput = z.strictObject({}).optional()

export const tunnelMethods = {
  'tunnel.status': {
    input: noInput,
    output: publicTunnelSchema,
    summary: 'The in-process tunnel: off, starting, online with its Tenant URL, or why it failed; where the authtoken comes from (never the authtoken).',
  },
  'tunnel.goPublic': {
    input: z.strictObject({
      /** A reserved domain; absent, ngrok assigns a URL that changes at every restart. */
      domain: reservedDomainSchema.optional(),
      /** Used instead of NGROK_AUTHTOKEN or the saved one, for this and (with saveAuthtoken) later starts. */
      authtoken: ngrokAuthtokenSchema.optional(),
      saveAuthtoken: z.boolean().default(true),
    }),
    output: publicTunnelSchema,
    summary: 'Go public: opens an ngrok tunnel to this server in-process and answers with the https Tenant URL.',
  },
  'tunnel.stop': { input: noInput, output: publicTunnelSchema, summary: 'Closes the in-process tunnel; Entra ID can no longer reach the harness through it.' },
  'tunnel.setAuthtoken': {
    input: z.strictObject({ authtoken: ngrokAuthtokenSchema.nullable() }),
    output: publicTunnelSchema,
    summary: 'Saves the ngrok authtoken privately (null forgets the saved one); it is never sent back.',
  },
} as const
