import { reservedDomainSchema } from '../../shared/console/tunnel-api'
import type { RunningHarness } from '../core/harness'

/*
 * `serve --public [--public-domain NAME]` (PRODUCT.md: "opens the in-process tunnel and prints
 * Public URL: https://.../scim/v2"). The authtoken comes from NGROK_AUTHTOKEN or the one saved from
 * the console; it is never a command-line option, where it would show in `ps` and shell history.
 *
 * A tunnel that does not open does not stop the server: the line on stderr says why and what to
 * do, SCIM and the console keep serving on the local address, and the console's Public URL screen
 * can try again. Refusing to serve would also take the console away from the admin who has to fix
 * the authtoken or the domain.
 */

export interface PublicOptions {
  domain?: string
}

type Values = Record<string, string | boolean | undefined>

/** Reads --public and --public-domain (which implies --public); undefined when neither is given. */
export function publicOptionsOf(values: Values): PublicOptions | undefined {
  const domainText = values['public-domain']
  if (typeof domainText === 'string') {
    const parsed = reservedDomainSchema.safeParse(domainText)
    if (!parsed.success) throw new PublicOptionError(`--public-domain: ${parsed.error.issues[0]?.message ?? 'not a domain'}`)
    return { domain: parsed.data }
  }
  return values.public === true ? {} : undefined
}

export class PublicOptionError extends Error {}

export const FREE_URL_WARNING =
  'free ngrok URLs change every time the tunnel restarts: update the Tenant URL in Entra ID after a restart, or reserve a domain and pass --public-domain.'

/** Opens the tunnel once the server listens and prints the Public URL line, or why it did not open. */
export async function openPublicUrl(
  harness: Pick<RunningHarness, 'publicTunnel' | 'baseUri'>,
  options: PublicOptions,
  write: { out(line: string): void; err(line: string): void },
): Promise<boolean> {
  try {
    const view = await harness.publicTunnel.goPublic({ domain: options.domain })
    write.out(`Public URL: ${view.tenantUrl ?? ''}`)
    if (!options.domain) write.err(`scim-harness: note: ${FREE_URL_WARNING}`)
    write.err("scim-harness: note: Entra ID's Secret Token is an API token: generate one in the console (Public URL > Secret Token).")
    return true
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/([^.!?])$/, '$1.')
    write.err(`scim-harness: --public: ${message} Still serving on ${harness.baseUri} only; retry from the console's Public URL screen.`)
    return false
  }
}
