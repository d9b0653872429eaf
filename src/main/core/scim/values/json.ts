import { badRequest, type ScimError } from '../errors'
import type { JsonObject, JsonValue } from '../../store/records'

/*
 * Small JSON helpers and the engine's bounds. The bounds keep one request's work predictable:
 * a PATCH is applied synchronously on the server's event loop.
 */

/** At most this many operations per PATCH request. */
export const MAX_OPERATIONS = 1000
/** At most this many elements in one value array, and this many expanded path-less keys. */
export const MAX_VALUE_ELEMENTS = 10_000
/** Longer paths are refused before any parsing. */
export const MAX_PATH_LENGTH = 1000

/** Keys that would reach an object's prototype machinery if ever used as a property name. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key.toLowerCase())
}

/**
 * Too much work for one request. RFC 7644 table 9's `tooMany` ("more than the server is willing
 * to calculate or process") is the closest fit, and the POST/PUT input path answers oversized
 * arrays the same way, so a client sees one behaviour.
 */
export function tooLarge(detail: string): ScimError {
  return badRequest('tooMany', detail)
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/** Describes a value's JSON type for error messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

export function invalidValue(detail: string): ScimError {
  return badRequest('invalidValue', detail)
}

/** Drops nulls and empty arrays/objects, depth first; returns undefined when nothing is left. */
export function prune(value: JsonValue): JsonValue | undefined {
  if (value === null) return undefined
  if (Array.isArray(value)) {
    const kept = value.map(prune).filter((v): v is JsonValue => v !== undefined)
    return kept.length > 0 ? kept : undefined
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const kept = prune(value[key])
      if (kept === undefined) delete value[key]
      else value[key] = kept
    }
    return Object.keys(value).length > 0 ? value : undefined
  }
  return value
}

/** Entra's string booleans (E2, E7): "True"/"False" in any case read as booleans; anything else undefined. */
export function stringBoolean(value: unknown): boolean | undefined {
  if (typeof value !== 'string') return undefined
  const lower = value.toLowerCase()
  return lower === 'true' ? true : lower === 'false' ? false : undefined
}
