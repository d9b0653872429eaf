import type { PatchDialect } from '../model'

/*
 * Request headers (azure-ad-provisioning.md section 1). Documented: `Authorization: Bearer` on
 * every request and `Content-type: application/scim+json` on bodies. Everything else is [U].
 */

/** Marks the harness's own traffic so the traffic view can tell the simulator from a real Entra. */
export const HARNESS_CLIENT_HEADER = 'x-scim-harness-client'
export const HARNESS_CLIENT_VALUE = 'simulator'

/** Media type of request bodies in the current dialects (section 1, Microsoft's request examples). */
export const SCIM_MEDIA_TYPE = 'application/scim+json'
/** The 2016-2018 docs show `Content-type: application/json` on legacy POST and PATCH. [L] */
export const LEGACY_MEDIA_TYPE = 'application/json'

/**
 * Accept header. [U] No capture shows one; SCIM media type first, then plain JSON, so a server
 * with strict content negotiation that only produces application/json does not answer 406.
 */
export const ACCEPT_VALUE = `${SCIM_MEDIA_TYPE}, application/json`

/** The 2019 customappsso capture carries `ADSCIMVersion: 5.0` (section 1, section 2 legacy). [L/O] */
export const LEGACY_VERSION_HEADER = 'ADSCIMVersion'
export const LEGACY_VERSION_VALUE = '5.0'

/** The headers a request carries by itself: Accept, the harness marker, and Content-Type when it has a body. */
export function requestHeaders(hasBody: boolean, dialect?: PatchDialect): Record<string, string> {
  const headers: Record<string, string> = { Accept: ACCEPT_VALUE }
  if (hasBody) headers['Content-Type'] = dialect === 'legacy' ? LEGACY_MEDIA_TYPE : SCIM_MEDIA_TYPE
  headers[HARNESS_CLIENT_HEADER] = HARNESS_CLIENT_VALUE
  return headers
}
