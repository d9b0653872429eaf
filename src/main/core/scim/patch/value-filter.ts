import { parse, type Filter } from 'scim2-parse-filter'
import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { AttributeDef } from '../schema/definitions'
import { findAttribute } from '../schema/attribute-path'
import type { JsonObject, JsonValue } from '../../store/records'
import { isPlainObject } from './json'
import { RULE_FILTER_QUOTED_BOOLEAN } from './rules'

/*
 * The value filter inside a PATCH path's brackets (`emails[type eq "work"]`,
 * `members[value eq "id"]`), evaluated against the elements of one complex attribute.
 * scim2-parse-filter gives the AST; the evaluation is ours because it must be schema-aware:
 * case-insensitive comparison unless the sub-attribute is caseExact (RFC 7643 2.2) and quoted
 * booleans (E7).
 */

export interface ValueFilter {
  /** The bracketed text, for error messages. */
  text: string
  test(element: JsonObject): boolean
  /**
   * The element this filter describes when it is a conjunction of `eq` clauses
   * (`type eq "work"` gives { type: "work" }), used to create a missing element (E6);
   * undefined when the filter cannot describe one element.
   */
  seed(): JsonObject | undefined
}

type Predicate = (element: JsonObject) => boolean
type Scalar = boolean | null | number | string

/** Parses and compiles a bracketed value filter against the sub-attributes of `parent`. */
export function compileValueFilter(text: string, parent: AttributeDef, trace: RuleTrace): ValueFilter {
  let ast: Filter
  try {
    ast = parse(text)
  } catch (error) {
    throw badRequest('invalidFilter', `Invalid value filter [${text}]: ${(error as Error).message}`)
  }
  const predicate = compile(ast, parent, trace, text)
  return {
    text,
    test: predicate,
    seed: () => seedOf(ast, parent),
  }
}

function subAttributeOf(parent: AttributeDef, attrPath: string, text: string): AttributeDef {
  // `emails[emails.type eq "work"]` is rare but legal: the parent prefix is redundant
  const prefix = parent.name.toLowerCase() + '.'
  const name = attrPath.toLowerCase().startsWith(prefix) ? attrPath.slice(prefix.length) : attrPath
  const sub = findAttribute(parent.subAttributes, name)
  if (!sub) throw badRequest('invalidFilter', `Unknown sub-attribute '${attrPath}' of '${parent.name}' in filter [${text}].`)
  return sub
}

function compile(f: Filter, parent: AttributeDef, trace: RuleTrace, text: string): Predicate {
  switch (f.op) {
    case 'and': {
      const parts = (f as { filters: Filter[] }).filters.map((x) => compile(x, parent, trace, text))
      return (el) => parts.every((p) => p(el))
    }
    case 'or': {
      const parts = (f as { filters: Filter[] }).filters.map((x) => compile(x, parent, trace, text))
      return (el) => parts.some((p) => p(el))
    }
    case 'not': {
      const inner = compile((f as { filter: Filter }).filter, parent, trace, text)
      return (el) => !inner(el)
    }
    case 'pr': {
      const sub = subAttributeOf(parent, (f as { attrPath: string }).attrPath, text)
      return (el) => isPresent(el[sub.name])
    }
    case '[]':
      throw badRequest('invalidFilter', `Nested value filters are not allowed inside [${text}].`)
    default: {
      const cmp = f as { op: string; attrPath: string; compValue: Scalar }
      const sub = subAttributeOf(parent, cmp.attrPath, text)
      const expected = comparand(sub, cmp.compValue, trace)
      return (el) => compare(sub, cmp.op, el[sub.name], expected)
    }
  }
}

function isPresent(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (isPlainObject(value)) return Object.keys(value).length > 0
  return true
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
  return undefined
}

function comparand(sub: AttributeDef, value: Scalar, trace: RuleTrace): Scalar {
  if (sub.type === 'boolean' && typeof value === 'string') {
    const b = booleanOf(value)
    if (b !== undefined) {
      // E7: roles[primary eq "True"] means the boolean
      trace.fire(RULE_FILTER_QUOTED_BOOLEAN)
      return b
    }
  }
  return value
}

function compare(sub: AttributeDef, op: string, actual: JsonValue | undefined, expected: Scalar): boolean {
  if (actual === undefined || actual === null) return op === 'ne'
  if (sub.type === 'boolean') {
    // stored values may predate coercion; compare them as booleans too
    const a = booleanOf(actual)
    if (op === 'eq') return a !== undefined && a === expected
    if (op === 'ne') return a !== expected
    return false
  }
  if (typeof actual === 'number' && typeof expected === 'number') return order(op, actual, expected)
  if (typeof actual !== 'string' || typeof expected !== 'string') return op === 'ne'
  if (sub.type === 'dateTime') {
    const a = Date.parse(actual)
    const e = Date.parse(expected)
    if (!Number.isNaN(a) && !Number.isNaN(e) && op !== 'co' && op !== 'sw' && op !== 'ew') return order(op, a, e)
  }
  const a = sub.caseExact ? actual : actual.toLowerCase()
  const e = sub.caseExact ? expected : expected.toLowerCase()
  switch (op) {
    case 'co':
      return a.includes(e)
    case 'sw':
      return a.startsWith(e)
    case 'ew':
      return a.endsWith(e)
    default:
      return order(op, a, e)
  }
}

function order<T extends number | string>(op: string, a: T, e: T): boolean {
  switch (op) {
    case 'eq':
      return a === e
    case 'ne':
      return a !== e
    case 'gt':
      return a > e
    case 'ge':
      return a >= e
    case 'lt':
      return a < e
    case 'le':
      return a <= e
    default:
      return false
  }
}

function seedOf(f: Filter, parent: AttributeDef): JsonObject | undefined {
  const out: JsonObject = {}
  const collect = (node: Filter): boolean => {
    if (node.op === 'and') return (node as { filters: Filter[] }).filters.every(collect)
    if (node.op !== 'eq') return false
    const cmp = node as { attrPath: string; compValue: Scalar }
    const sub = findAttribute(parent.subAttributes, cmp.attrPath.replace(new RegExp(`^${parent.name}\\.`, 'i'), ''))
    if (!sub || cmp.compValue === null) return false
    const value = sub.type === 'boolean' ? booleanOf(cmp.compValue) : cmp.compValue
    if (value === undefined) return false
    if (Object.hasOwn(out, sub.name) && out[sub.name] !== value) return false
    out[sub.name] = value
    return true
  }
  return collect(f) ? out : undefined
}
