import type { PatchDialect } from '../model'

/*
 * The Tenant URL an admin types (azure-ad-provisioning.md section 1): a base to which Entra appends
 * `/Users` and `/Groups`, optionally carrying `?aadOptscim062020`, the switch to the compliant
 * PATCH dialect (section 0).
 */

/** The query parameter that turns on compliant mode (section 0). */
export const COMPLIANT_FLAG = 'aadOptscim062020'

/** A Tenant URL Entra would refuse, with a message an admin can act on. */
export class TenantUrlError extends Error {
  override readonly name = 'TenantUrlError'
}

export interface TenantUrl {
  /** scheme, host, port and path, without a trailing slash, query or fragment: `https://api.contoso.com/scim`. */
  baseUrl: string
  /**
   * Query parameters kept on every request, as typed (no leading `?`); '' when none. Parameters
   * other than the flag are always kept: a server that wants one on its base URL needs it on
   * every resource URL. [U]
   */
  query: string
  /** The URL carried `aadOptscim062020` (any letter case, with or without a value). */
  dialectFlag: boolean
}

export interface TenantUrlOptions {
  /**
   * Keep `aadOptscim062020` in the query of every request. Whether Entra strips it is an open
   * point (section 1, 13.2). [U] Default false: vendor guides always put the flag last, as a
   * switch for Entra, and no guide asks the server to expect it on each request.
   */
  keepFlagInRequests?: boolean
}

/**
 * Validates a Tenant URL and splits it into the base to append resource paths to and the
 * dialect flag. Throws TenantUrlError when the URL is not absolute http(s), has a fragment or
 * carries credentials.
 */
export function parseTenantUrl(input: string, options: TenantUrlOptions = {}): TenantUrl {
  const text = input.trim()
  if (text === '') throw new TenantUrlError('The Tenant URL is empty: enter the SCIM base URL, for example https://api.contoso.com/scim/v2.')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new TenantUrlError(`The Tenant URL "${text}" is not an absolute URL: it needs a scheme and a host, for example https://api.contoso.com/scim/v2.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TenantUrlError(`The Tenant URL must start with https:// (or http:// for a local test), not ${url.protocol}//.`)
  }
  if (text.includes('#')) throw new TenantUrlError('The Tenant URL must not contain a fragment (#...): Entra appends /Users and /Groups to it.')
  if (url.username !== '' || url.password !== '') {
    throw new TenantUrlError('The Tenant URL must not carry a user name or password: put the credential in the Secret Token.')
  }
  if (url.hostname === '') throw new TenantUrlError(`The Tenant URL "${text}" has no host.`)

  // The query is kept as typed (split on '&'), so a kept parameter reaches the server byte for byte.
  const rawQuery = text.includes('?') ? text.slice(text.indexOf('?') + 1) : ''
  const params = rawQuery.split('&').filter((p) => p !== '')
  const isFlag = (p: string): boolean => p.split('=')[0].toLowerCase() === COMPLIANT_FLAG.toLowerCase()
  const dialectFlag = params.some(isFlag)
  const kept = options.keepFlagInRequests ? params : params.filter((p) => !isFlag(p))

  // `new URL` normalises the host and path (lower-case host, dot segments); trailing slashes go,
  // since every resource path starts with one ("/scim/" + "/Users" would be "/scim//Users").
  const base = `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '')
  return { baseUrl: base, query: kept.join('&'), dialectFlag }
}

/** The absolute URL of a request path (`/Users?filter=...`) under a tenant; the tenant's kept query goes first. */
export function resolveRequestUrl(tenant: TenantUrl, requestPath: string): string {
  const q = requestPath.indexOf('?')
  const path = q < 0 ? requestPath : requestPath.slice(0, q)
  const query = [tenant.query, q < 0 ? '' : requestPath.slice(q + 1)].filter((s) => s !== '').join('&')
  return `${tenant.baseUrl}${path}${query === '' ? '' : `?${query}`}`
}

/**
 * The dialect a job actually speaks. The URL flag turns a `default2017` job compliant (section 0);
 * a `legacy` (customappsso) job predates the flag and stays legacy [U]. Provision on demand ignores
 * the flag (section 0, "does not apply to provision-on-demand"), so on demand a flag-only
 * compliant job speaks `default2017`; a job configured `compliant` outright models the day
 * Microsoft makes compliant the default, and stays compliant. [U]
 */
export function resolveDialect(configured: PatchDialect, dialectFlag: boolean, context: { onDemand?: boolean } = {}): PatchDialect {
  if (configured !== 'default2017') return configured
  return dialectFlag && !context.onDemand ? 'compliant' : 'default2017'
}
