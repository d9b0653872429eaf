import { requestHeaders } from './headers'
import type { ScimRequest } from './types'

/*
 * GET and DELETE requests (azure-ad-provisioning.md sections 2, 3.3, 3.4, 6.1, 6.2, 6.5, 6.6).
 *
 * URL encoding [U]. The captures show `filter=userName+eq+"dale.mohr%40romaguera.uk"` and
 * `filter=externalId+eq+"<guid>"` (3.3): form-style, spaces as `+`, `@` as `%40`. They print the
 * quotes raw; we send them as `%22`, like every other reserved character. A raw `"` is not a legal
 * URL character (RFC 3986 2.2): Tomcat, by default, refuses it with 400, and a WHATWG `URL` or
 * `fetch` rewrites it to `%22` anyway; `%22` is the one form every server accepts.
 * Servers must accept both (3.3); ours decodes with Node's querystring, which reads either.
 *
 * Legacy (customappsso) queries use the same form: the one real legacy capture (2019, section 2)
 * quotes the value. The unquoted `externalId eq jyoung` of 6.8 is 2016 documentation prose, not
 * traffic, so the simulator does not emit it. [U] The legacy `ADSCIMVersion` header is added per
 * connection (wire.ts).
 */

/** Encodes one query parameter value as the captures show: percent-escapes, spaces as `+`. */
export function encodeQueryValue(value: string): string {
  // encodeURIComponent leaves `'` raw, which a WHATWG URL would still rewrite in an http(s) query.
  return encodeURIComponent(value).replace(/%20/g, '+').replace(/'/g, '%27')
}

/** `<attribute> eq "<value>"`, the value a SCIM string (RFC 7644 3.4.2.2: JSON escapes for `"` and `\`). */
export function eqFilter(attribute: string, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`
}

function get(path: string): ScimRequest {
  return { method: 'GET', path, headers: requestHeaders(false) }
}

function del(path: string): ScimRequest {
  return { method: 'DELETE', path, headers: requestHeaders(false) }
}

/** Resource ids go into the path as one segment. */
function idSegment(id: string): string {
  return encodeURIComponent(id)
}

/**
 * `GET /Users?filter=<matchingAttribute> eq "<value>"`: the matching query (3.3, 6.1). The
 * attribute may be a value path: `emails[type eq "work"].value` (E11).
 */
export function matchUserQuery(targetAttribute: string, value: string): ScimRequest {
  return get(`/Users?filter=${encodeQueryValue(eqFilter(targetAttribute, value))}`)
}

/**
 * `GET /Groups?excludedAttributes=members&filter=displayName eq "<value>"` (3.4, 6.6). Old
 * customappsso templates match groups on `externalId` (5.2b).
 */
export function matchGroupQuery(value: string, targetAttribute = 'displayName'): ScimRequest {
  return get(`/Groups?excludedAttributes=members&filter=${encodeQueryValue(eqFilter(targetAttribute, value))}`)
}

/**
 * Test Connection (section 2), also sent as the keep-alive probe at the start of each cycle: a
 * random GUID in the user matching attribute, and the group probe, whose exact form is [U]; we
 * send the group matching query with the GUID, as the reference suggests. Both must answer 200
 * with an empty ListResponse.
 */
export function testConnectionProbe(
  matchingAttribute: string,
  guid: string,
  groupMatchingAttribute = 'displayName',
): { user: ScimRequest; group: ScimRequest } {
  return { user: matchUserQuery(matchingAttribute, guid), group: matchGroupQuery(guid, groupMatchingAttribute) }
}

/** `GET /Users/{id}`: reading a linked user back (3.3, 6.2). */
export function getUserById(id: string): ScimRequest {
  return get(`/Users/${idSegment(id)}`)
}

/** `GET /Groups/{id}?excludedAttributes=members` (3.4, 6.6). */
export function getGroupById(id: string): ScimRequest {
  return get(`/Groups/${idSegment(id)}?excludedAttributes=members`)
}

/** `DELETE /Users/{id}` (6.5): hard delete in Entra, with the Delete target action on (section 4). */
export function deleteUser(id: string): ScimRequest {
  return del(`/Users/${idSegment(id)}`)
}

/** `DELETE /Groups/{id}` (6.6). */
export function deleteGroup(id: string): ScimRequest {
  return del(`/Groups/${idSegment(id)}`)
}
