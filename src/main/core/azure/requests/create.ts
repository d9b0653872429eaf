import type { PatchDialect, TargetValue } from '../model'
import { requestHeaders } from './headers'
import { asBoolean, getKey, isActivePath, isRecord, isReferencePath, matchesFilter, parseTargetPath, type TargetPath } from './target-path'
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_SCHEMA_ID, USER_SCHEMA_ID } from '../../scim/schema/definitions'
import { ADSCIM_GROUP_SCHEMA, LEGACY_ADSCIM_GROUP_SCHEMA, type ScimRequest } from './types'

/*
 * POST bodies (azure-ad-provisioning.md 6.3 users, 6.6 groups): the flat mapping values
 * rebuilt into nested SCIM JSON.
 *
 * Key order. JSON key order carries no meaning and no source settles it (13.10), but the
 * simulator's bodies are compared byte for byte with captures, so it is fixed: the documented
 * example's leading keys (users: schemas, externalId, userName, active; groups: schemas,
 * externalId, displayName), then the rest sorted by name; `name` in RFC 7643 4.1.1 order
 * (formatted, familyName, givenName, ...), which is also the documented example's; multi-valued
 * elements `primary`, `type`, then their sub-attributes by name (the example's email). [U]
 * With those rules the 6.3 example comes out byte for byte.
 */

const USER_LEADING_KEYS = ['schemas', 'externalId', 'userName', 'active']
const GROUP_LEADING_KEYS = ['schemas', 'externalId', 'displayName']
const ELEMENT_LEADING_KEYS = ['primary', 'type']
const NAME_ORDER = ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix']

/** A mapped value that provisions nothing: nulls are never provisioned (5.3) and '' or [] is no value. */
export function isEmptyValue(value: TargetValue): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0)
}

function ordered(obj: Record<string, unknown>, leading: string[]): Record<string, unknown> {
  const keys = Object.keys(obj)
  const first = leading.filter((k) => keys.includes(k))
  const rest = keys.filter((k) => !leading.includes(k)).sort()
  return Object.fromEntries([...first, ...rest].map((k) => [k, obj[k]]))
}

function orderNested(key: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((e) => (isRecord(e) ? ordered(e, ELEMENT_LEADING_KEYS) : e))
  if (isRecord(value)) return ordered(value, key === 'name' ? NAME_ORDER : [])
  return value
}

/** Filter values of `primary` are the quoted booleans of E7 (`roles[primary eq "True"]`); in JSON they are booleans. */
function filterValue(path: TargetPath): string | boolean {
  const filter = path.filter!
  const bool = filter.attribute.toLowerCase() === 'primary' ? asBoolean(filter.value) : undefined
  return bool ?? filter.value
}

/** `active` is a real boolean in every dialect's POST (6.3); the Switch expression yields "True"/"False". */
function postValue(path: TargetPath, value: TargetValue): TargetValue {
  if (isActivePath(path) && typeof value === 'string') return asBoolean(value) ?? value
  return value
}

function child(container: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = container[key]
  if (isRecord(existing)) return existing
  const created: Record<string, unknown> = {}
  container[key] = created
  return created
}

/** Sets one mapped value at its place in the resource being built. */
function place(resource: Record<string, unknown>, path: TargetPath, value: TargetValue): void {
  const container = path.schema !== undefined ? child(resource, path.schema) : resource
  if (!path.filter) {
    if (path.subAttribute !== undefined) child(container, path.attribute)[path.subAttribute] = value
    else container[path.attribute] = value
    return
  }
  const filter = path.filter
  const sub = path.subAttribute ?? 'value'
  const list = Array.isArray(container[path.attribute]) ? (container[path.attribute] as Record<string, unknown>[]) : []
  container[path.attribute] = list
  // A multi-valued source (proxyAddresses into emails[type eq "other"].value) gives one element per value.
  const items = Array.isArray(value) ? value : [value]
  for (const [index, item] of items.entries()) {
    let element = index === 0 ? list.find((e) => matchesFilter(e, filter)) : undefined
    if (!element) {
      element = { [filter.attribute]: filterValue(path) }
      list.push(element)
    }
    element[sub] = item
  }
}

/** Builds the nested resource from mapping values, leaving out empty values and reference attributes. */
function buildResource(values: Map<string, TargetValue>): Record<string, unknown> {
  const resource: Record<string, unknown> = {}
  for (const [raw, value] of values) {
    if (isEmptyValue(value)) continue
    const path = parseTargetPath(raw)
    if (isReferencePath(path)) continue
    place(resource, path, postValue(path, value))
  }
  return resource
}

function post(path: string, body: Record<string, unknown>, dialect: PatchDialect): ScimRequest {
  return { method: 'POST', path, body, headers: requestHeaders(true, dialect) }
}

/**
 * `POST /Users` (6.3). `schemas` always lists core User and the enterprise extension: the only
 * documented POST lists both although it carries no enterprise attribute [D]; custom extension
 * URNs are not listed (5.3). The work email is marked `primary: true`, as in the example; other
 * elements get no `primary` (13.10 [U]). `meta.resourceType` is sent; `roles: []` when no mapping
 * gives roles. No nulls, even in legacy (the 2016 doc's `"addresses":null` is not reproduced:
 * nulls are never provisioned, 5.3). No manager: it follows in its own PATCH. Dialects differ
 * only in the legacy Content-Type; nested extension objects are kept in legacy too. [U]
 */
export function buildCreateUser(values: Map<string, TargetValue>, dialect: PatchDialect): ScimRequest {
  const resource = buildResource(values)
  const emails = getKey(resource, 'emails')
  if (Array.isArray(emails)) {
    for (const email of emails) if (matchesFilter(email, { attribute: 'type', value: 'work' })) email.primary = true
  }
  resource.schemas = [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID]
  resource.meta = { resourceType: 'User' }
  if (getKey(resource, 'roles') === undefined) resource.roles = []
  const nested = Object.fromEntries(Object.entries(resource).map(([k, v]) => [k, orderNested(k, v)]))
  return post('/Users', ordered(nested, USER_LEADING_KEYS), dialect)
}

/**
 * `POST /Groups` (6.6), without members: they follow as PATCH Add once the group exists (3.4).
 * `schemas`: core Group and Microsoft's ADSCIM 2.0 Group URI; legacy sends the old ADSCIM URI in
 * place of the 2.0 one (section 0, "an invalid group schema URI"). [U] whether legacy also listed
 * the core URI; we keep it, so only the URI the doc calls invalid differs.
 */
export function buildCreateGroup(values: Map<string, TargetValue>, dialect: PatchDialect): ScimRequest {
  const resource = buildResource(values)
  resource.schemas = [GROUP_SCHEMA_ID, dialect === 'legacy' ? LEGACY_ADSCIM_GROUP_SCHEMA : ADSCIM_GROUP_SCHEMA]
  resource.meta = { resourceType: 'Group' }
  const nested = Object.fromEntries(Object.entries(resource).map(([k, v]) => [k, orderNested(k, v)]))
  return post('/Groups', ordered(nested, GROUP_LEADING_KEYS), dialect)
}
