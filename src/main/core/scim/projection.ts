import type { LeniencyRule, RuleTrace } from './leniency'
import { COMMON_ATTRIBUTES, type ResourceTypeDef } from './schema/definitions'
import { resolveAttribute, splitSchemaUrn } from './schema/attribute-path'
import type { JsonObject } from '../store/records'

/*
 * attributes / excludedAttributes (RFC 7644 section 3.4.2.5 and 3.9). A projection is compiled
 * once per request from the query and applied to every resource of the page.
 */

export const RULE_FILTER_IN_ATTRIBUTES: LeniencyRule = {
  name: 'value-filter-in-attributes',
  summary: 'A value filter inside attributes= (emails[type eq "work"]) selects the whole attribute.',
  source: 'Microsoft Postman collection "ComplexAttribute tests"',
}
export const RULE_UNKNOWN_PROJECTED: LeniencyRule = {
  name: 'unknown-projected-attribute-ignored',
  summary: 'Unknown names in attributes= or excludedAttributes= are ignored rather than refused.',
  source: 'RFC 7644 section 3.4.2.5 does not require an error',
}

export const PROJECTION_RULES = [RULE_FILTER_IN_ATTRIBUTES, RULE_UNKNOWN_PROJECTED]

/** One selected or excluded path, as stored-JSON keys: [attr] or [attr, sub] or [urn, attr(, sub)]. */
type KeyPath = string[]

export interface Projection {
  include?: KeyPath[]
  exclude: KeyPath[]
}

/** Splits a comma-separated attribute list, keeping commas inside [...] filters intact. */
function splitList(list: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < list.length; i++) {
    const c = list[i]
    if (c === '[') depth++
    else if (c === ']') depth = Math.max(0, depth - 1)
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i))
      start = i + 1
    }
  }
  out.push(list.slice(start))
  return out.map((s) => s.trim()).filter((s) => s.length > 0)
}

function toKeyPath(rt: ResourceTypeDef, raw: string, trace: RuleTrace): KeyPath | undefined {
  let path = raw
  const bracket = path.indexOf('[')
  if (bracket >= 0) {
    trace.fire(RULE_FILTER_IN_ATTRIBUTES)
    const close = path.lastIndexOf(']')
    path = path.slice(0, bracket) + (close > bracket ? path.slice(close + 1) : '')
  }
  const urn = splitSchemaUrn(rt, path)
  if (urn && urn.rest === '' && urn.schema !== rt.schema) return [urn.schema.id]
  const resolved = resolveAttribute(rt, path)
  if (!resolved) {
    trace.fire(RULE_UNKNOWN_PROJECTED)
    return undefined
  }
  return resolved.storagePath
}

/** Compiles the query's attribute lists (either may be undefined or an array of strings). */
export function compileProjection(
  rt: ResourceTypeDef,
  attributes: string | string[] | undefined,
  excludedAttributes: string | string[] | undefined,
  trace: RuleTrace,
): Projection {
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => splitList(String(s))))
  const inc = list(attributes)
  const exc = list(excludedAttributes)
  const include = inc.length > 0 ? inc.map((p) => toKeyPath(rt, p, trace)).filter((p): p is KeyPath => !!p) : undefined
  const exclude = exc.map((p) => toKeyPath(rt, p, trace)).filter((p): p is KeyPath => !!p)
  return { include, exclude }
}

const ALWAYS = new Set(['id', 'schemas'])

/** Whether the projection changes nothing, so callers can skip copying. */
export function isIdentity(p: Projection): boolean {
  return !p.include && p.exclude.length === 0
}

function pick(source: JsonObject, path: KeyPath, target: JsonObject): void {
  const [head, ...rest] = path
  const value = source[head]
  if (value === undefined) return
  if (rest.length === 0) {
    target[head] = value
    return
  }
  if (Array.isArray(value)) {
    // a sub-attribute of a multi-valued attribute: keep that sub-attribute of every element
    const existing = Array.isArray(target[head]) ? (target[head] as JsonObject[]) : value.map(() => ({}) as JsonObject)
    value.forEach((el, i) => {
      if (el && typeof el === 'object' && !Array.isArray(el)) pick(el as JsonObject, rest, existing[i])
    })
    target[head] = existing.filter((e) => Object.keys(e).length > 0)
    return
  }
  if (value && typeof value === 'object') {
    const sub = (target[head] as JsonObject | undefined) ?? {}
    pick(value as JsonObject, rest, sub)
    if (Object.keys(sub).length > 0) target[head] = sub
  }
}

function drop(target: JsonObject, path: KeyPath): void {
  const [head, ...rest] = path
  if (ALWAYS.has(head) && rest.length === 0) return
  if (rest.length === 0) {
    delete target[head]
    return
  }
  const value = target[head]
  if (Array.isArray(value)) {
    target[head] = value.map((el) => {
      if (!el || typeof el !== 'object' || Array.isArray(el)) return el
      const copy = { ...(el as JsonObject) }
      drop(copy, rest)
      return copy
    })
  } else if (value && typeof value === 'object') {
    const copy = { ...(value as JsonObject) }
    drop(copy, rest)
    target[head] = copy
  }
}

/**
 * Applies a projection to a full representation. `id` and `schemas` are returned always
 * (RFC 7643 section 7, returned "always"); with attributes= only the listed ones follow.
 */
export function project(resource: JsonObject, p: Projection): JsonObject {
  if (isIdentity(p)) return resource
  let out: JsonObject
  if (p.include) {
    out = {}
    for (const key of ALWAYS) if (resource[key] !== undefined) out[key] = resource[key]
    for (const path of p.include) pick(resource, path, out)
  } else out = { ...resource }
  for (const path of p.exclude) drop(out, path)
  return out
}

/** Names of the common attributes, for sortBy validation and the like. */
export const COMMON_NAMES = COMMON_ATTRIBUTES.map((a) => a.name)
