import type { PatchDialect } from '../model'
import { MANAGER_PATH } from './types'

/*
 * Mapping target paths (azure-ad-provisioning.md 5.1): `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 * Only the forms Entra's attribute-mapping editor produces are accepted: one attribute, at most one
 * `eq` value filter, at most one sub-attribute, optionally behind an extension URN.
 */

export interface TargetPath {
  /** The path as the mapping wrote it; this is what default2017 and compliant PATCH paths carry. */
  raw: string
  /** The extension schema URN for an extension attribute, else undefined. */
  schema?: string
  attribute: string
  /** The `[attr eq "value"]` selector of a multi-valued attribute. */
  filter?: { attribute: string; value: string }
  subAttribute?: string
}

const NAME = '[A-Za-z][A-Za-z0-9_$-]*'
const BODY = new RegExp(`^(${NAME})(?:\\[\\s*(${NAME})\\s+eq\\s+"((?:[^"\\\\]|\\\\.)*)"\\s*\\])?(?:\\.(${NAME}))?$`, 'i')

/** Parses a mapping target path; throws on a form the mapping editor cannot produce. */
export function parseTargetPath(raw: string): TargetPath {
  let schema: string | undefined
  let rest = raw
  if (/^urn:/i.test(raw)) {
    const head = raw.includes('[') ? raw.slice(0, raw.indexOf('[')) : raw
    const colon = head.lastIndexOf(':')
    schema = raw.slice(0, colon)
    rest = raw.slice(colon + 1)
  }
  const m = BODY.exec(rest)
  if (!m)
    throw new Error(
      `Unsupported target attribute path '${raw}': expected attribute, attribute.sub or attribute[type eq "x"].sub, optionally behind an extension URN.`,
    )
  const path: TargetPath = { raw, attribute: m[1] }
  if (schema !== undefined) path.schema = schema
  if (m[2] !== undefined) path.filter = { attribute: m[2], value: JSON.parse(`"${m[3]}"`) as string }
  if (m[4] !== undefined) path.subAttribute = m[4]
  return path
}

/** Multi-valued sub-attribute paths stay separate ops in every dialect (6.4). */
export function isFilteredPath(path: TargetPath): boolean {
  return path.filter !== undefined
}

/** `active` in the core schema: a real boolean in POST and compliant PATCH, "True"/"False" in 2017 PATCH (6.3, 6.4). */
export function isActivePath(path: TargetPath): boolean {
  return path.schema === undefined && path.filter === undefined && path.subAttribute === undefined && path.attribute.toLowerCase() === 'active'
}

/** Reference attributes are written in their own pass (3.1 step 5): manager for users, members for groups. */
export function isReferencePath(path: TargetPath): boolean {
  if (path.schema !== undefined) return `${path.schema}:${path.attribute}`.toLowerCase() === MANAGER_PATH.toLowerCase()
  return path.attribute.toLowerCase() === 'members'
}

/**
 * The path as the dialect writes it in a PATCH op. default2017 and compliant send the mapping's
 * path as is. legacy (customappsso, section 0) "used `.` instead of `:` before extension attribute
 * names" and "invalid filter syntax in PATCH paths for multi-valued attributes". [U] Our reading of
 * the latter: the filter value unquoted, as every filter in the legacy docs is written (6.8,
 * `externalId eq jyoung`), giving `emails[type eq work].value`.
 */
export function dialectPath(path: TargetPath, dialect: PatchDialect): string {
  if (dialect !== 'legacy') return path.raw
  const filter = path.filter ? `[${path.filter.attribute} eq ${path.filter.value}]` : ''
  const sub = path.subAttribute ? `.${path.subAttribute}` : ''
  return `${path.schema !== undefined ? `${path.schema}.` : ''}${path.attribute}${filter}${sub}`
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Attribute names are case-insensitive (RFC 7643 2.1): exact key first, then any casing. */
export function getKey(obj: unknown, key: string): unknown {
  if (!isRecord(obj)) return undefined
  if (Object.hasOwn(obj, key) && obj[key] !== undefined) return obj[key]
  const lower = key.toLowerCase()
  const found = Object.keys(obj).find((k) => k.toLowerCase() === lower && obj[k] !== undefined)
  return found === undefined ? undefined : obj[found]
}

/** "True"/"False" in any case, or a boolean, as a boolean; anything else undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lower = value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return undefined
}

/** Whether a multi-valued element is the one `[attr eq "value"]` selects (`type` is not caseExact, RFC 7643 4.1.2). */
export function matchesFilter(element: unknown, filter: { attribute: string; value: string }): boolean {
  const actual = getKey(element, filter.attribute)
  if (typeof actual === 'boolean') return actual === asBoolean(filter.value)
  return typeof actual === 'string' && actual.toLowerCase() === filter.value.toLowerCase()
}

/**
 * The target resource's value(s) at a path. A filtered path gives the sub-attribute of every
 * matching element (usually one); any other path gives one value or undefined.
 */
export function readPath(resource: Record<string, unknown>, path: TargetPath): unknown {
  const container = path.schema !== undefined ? getKey(resource, path.schema) : resource
  const attribute = getKey(container, path.attribute)
  if (path.filter) {
    const filter = path.filter
    const elements = Array.isArray(attribute) ? attribute.filter((e) => matchesFilter(e, filter)) : []
    return elements.map((e) => getKey(e, path.subAttribute ?? 'value')).filter((v) => v !== undefined && v !== null)
  }
  return path.subAttribute !== undefined ? getKey(attribute, path.subAttribute) : attribute
}
