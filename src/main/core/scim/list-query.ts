import { badRequest } from './errors'
import type { ResourceTypeDef } from './schema/definitions'
import { isCaseExact, leafOf, resolveAttribute, type ResolvedAttribute } from './schema/attribute-path'
import type { JsonObject, JsonValue } from '../store/records'
import { caseInsensitiveKey } from '../store/text-key'

/*
 * Paging and sorting for list responses (RFC 7644 sections 3.4.2.3 and 3.4.2.4).
 */

/** The page size when the client gives none, and the most one response may carry. */
export const DEFAULT_COUNT = 100
export const MAX_COUNT = 1000

export interface Paging {
  startIndex: number
  count: number
}

function parseNonNegativeInt(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined
  const text = Array.isArray(raw) ? String(raw[0]) : String(raw)
  if (!/^-?\d{1,15}$/.test(text.trim())) {
    throw badRequest('invalidValue', `'${name}' must be an integer; got '${text.slice(0, 40)}'.`)
  }
  return Number(text)
}

/**
 * startIndex below 1 is read as 1 and a negative count as 0 (RFC 7644 section 3.4.2.4);
 * a count above MAX_COUNT is clamped, as ServiceProviderConfig announces.
 */
export function parsePaging(startIndex: unknown, count: unknown): Paging {
  const s = parseNonNegativeInt(startIndex, 'startIndex')
  const c = parseNonNegativeInt(count, 'count')
  return {
    startIndex: s === undefined || s < 1 ? 1 : s,
    count: c === undefined ? DEFAULT_COUNT : Math.min(Math.max(c, 0), MAX_COUNT),
  }
}

function valueAt(resource: JsonObject, resolved: ResolvedAttribute): JsonValue | undefined {
  let cur: JsonValue | undefined = resource
  for (const key of resolved.storagePath) {
    if (cur === undefined || cur === null) return undefined
    if (Array.isArray(cur)) {
      // multi-valued: sort by the primary element's value, else the first (RFC 7644 3.4.2.3)
      const primary = cur.find((e) => e && typeof e === 'object' && !Array.isArray(e) && (e as JsonObject).primary === true)
      cur = (primary ?? cur[0]) as JsonValue
    }
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined
    cur = (cur as JsonObject)[key]
  }
  if (Array.isArray(cur)) {
    const first = cur.find((e) => e && typeof e === 'object' && (e as JsonObject).primary === true) ?? cur[0]
    return first && typeof first === 'object' && !Array.isArray(first) ? (first as JsonObject).value : (first as JsonValue)
  }
  return cur
}

/**
 * Sorts resources in place by sortBy. Resources without a value sort last in both orders,
 * as RFC 7644 section 3.4.2.3 asks.
 */
export function sortResources(resources: JsonObject[], rt: ResourceTypeDef, sortBy: string, sortOrder: string | undefined): void {
  const resolved = resolveAttribute(rt, sortBy)
  if (!resolved) throw badRequest('invalidValue', `Cannot sort by '${sortBy}': the ${rt.name} schema has no such attribute.`)
  if (sortOrder !== undefined && !/^(ascending|descending)$/i.test(sortOrder)) {
    throw badRequest('invalidValue', `sortOrder must be 'ascending' or 'descending'; got '${sortOrder.slice(0, 40)}'.`)
  }
  const descending = /^descending$/i.test(sortOrder ?? '')
  const exact = isCaseExact(resolved)
  const type = leafOf(resolved).type
  const keyOf = (r: JsonObject): string | number | undefined => {
    const v = valueAt(r, resolved)
    if (v === undefined || v === null) return undefined
    if (type === 'dateTime' && typeof v === 'string') return Date.parse(v)
    if (typeof v === 'number') return v
    if (typeof v === 'boolean') return v ? 1 : 0
    if (typeof v === 'string') return exact ? v : caseInsensitiveKey(v)
    return undefined
  }
  const keyed = resources.map((r) => ({ r, k: keyOf(r) }))
  keyed.sort((a, b) => {
    if (a.k === undefined) return b.k === undefined ? 0 : 1
    if (b.k === undefined) return -1
    const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0
    return descending ? -c : c
  })
  keyed.forEach((x, i) => (resources[i] = x.r))
}
