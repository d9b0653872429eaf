import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { AttributeDef } from '../schema/definitions'
import type { JsonValue } from '../../store/records'
import { caseInsensitiveKey } from '../../store/text-key'
import type { CompareOperator, FilterLiteral } from './ast'
import { compareInstants, parseInstant } from './date-time'
import { FILTER_LITERAL_AS_TEXT, FILTER_QUOTED_BOOLEAN } from './rules'

/** A test on one stored leaf value (one element's value for a multi-valued attribute). */
export type LeafTest = (value: JsonValue) => boolean

/** What a comparison is resolved against: the leaf's definition and its printable path. */
export interface LeafTarget {
  def: AttributeDef
  canonical: string
}

const TEXTUAL: ReadonlySet<CompareOperator> = new Set(['co', 'sw', 'ew'])

/** Maps a comparator result (negative, zero, positive) to the operator's verdict. */
function byOrder(op: CompareOperator): (c: number) => boolean {
  switch (op) {
    case 'eq':
      return (c) => c === 0
    case 'ne':
      return (c) => c !== 0
    case 'gt':
      return (c) => c > 0
    case 'ge':
      return (c) => c >= 0
    case 'lt':
      return (c) => c < 0
    case 'le':
      return (c) => c <= 0
    default:
      throw new Error(`byOrder: ${op}`) // unreachable: callers route co/sw/ew elsewhere
  }
}

/**
 * Compiles `op literal` against one attribute into a test on stored values, choosing the
 * semantics from the schema type (RFC 7644 section 3.4.2.2): caseExact strings, booleans,
 * dateTime instants, numbers. Literal/type mismatches are the client's error: invalidFilter.
 * `null` literals are handled by the caller (they mean absence, not a value).
 */
export function compileLeafTest(op: CompareOperator, literal: Exclude<FilterLiteral, null>, target: LeafTarget, trace?: RuleTrace): LeafTest {
  const { def, canonical } = target
  switch (def.type) {
    case 'boolean':
      return booleanTest(op, literal, canonical, trace)
    case 'dateTime':
      if (TEXTUAL.has(op)) return stringTest(op, String(literal), false)
      return dateTimeTest(op, literal, canonical)
    case 'integer':
    case 'decimal':
      return numberTest(op, literal, canonical)
    case 'complex':
      throw badRequest('invalidFilter', `'${canonical}' is a complex attribute; compare one of its sub-attributes.`)
    default: {
      let text: string
      if (typeof literal === 'string') {
        text = literal
      } else {
        // legacy Entra `id eq 271`: the number is the id's text (azure-ad-provisioning.md 6.8)
        trace?.fire(FILTER_LITERAL_AS_TEXT)
        text = String(literal)
      }
      return stringTest(op, text, def.caseExact)
    }
  }
}

function stringTest(op: CompareOperator, literal: string, caseExact: boolean): LeafTest {
  // caseExact=false compares under the same NFC, lower-case key the store indexes userName and
  // displayName by (store/text-key.ts), so `userName eq` finds a name sent in NFD form too
  const lit = caseExact ? literal : caseInsensitiveKey(literal)
  // stored values are kept as sent, so a string attribute may hold a number: compare its text
  const text = caseExact
    ? (v: JsonValue) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined)
    : (v: JsonValue) => (typeof v === 'string' ? caseInsensitiveKey(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v).toLowerCase() : undefined)
  switch (op) {
    case 'eq':
      // the hot path of every Entra matching query: no allocation beyond toLowerCase (and NFC
      // for non-ASCII text)
      return caseExact
        ? (v) => (typeof v === 'string' ? v === lit : text(v) === lit)
        : (v) => (typeof v === 'string' ? caseInsensitiveKey(v) === lit : text(v) === lit)
    case 'ne':
      return (v) => {
        const s = text(v)
        return s === undefined || s !== lit
      }
    case 'co':
      return (v) => text(v)?.includes(lit) ?? false
    case 'sw':
      return (v) => text(v)?.startsWith(lit) ?? false
    case 'ew':
      return (v) => text(v)?.endsWith(lit) ?? false
    default: {
      // lexicographic by UTF-16 code unit: deterministic, unlike localeCompare
      const verdict = byOrder(op)
      return (v) => {
        const s = text(v)
        return s !== undefined && verdict(s < lit ? -1 : s > lit ? 1 : 0)
      }
    }
  }
}

function asBoolean(v: JsonValue): boolean | undefined {
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') {
    const lower = v.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return undefined
}

function booleanTest(op: CompareOperator, literal: string | number | boolean, canonical: string, trace?: RuleTrace): LeafTest {
  if (op !== 'eq' && op !== 'ne') {
    throw badRequest('invalidFilter', `'${op}' cannot be used on the boolean attribute '${canonical}'; use eq, ne or pr.`)
  }
  let wanted: boolean
  if (typeof literal === 'boolean') {
    wanted = literal
  } else {
    const coerced = typeof literal === 'string' ? asBoolean(literal) : undefined
    if (coerced === undefined) {
      throw badRequest('invalidFilter', `'${canonical}' is boolean; ${JSON.stringify(literal)} is neither true nor false.`)
    }
    // Entra: `active eq "False"`, `roles[primary eq "True"]` (E7)
    trace?.fire(FILTER_QUOTED_BOOLEAN)
    wanted = coerced
  }
  return op === 'eq' ? (v) => asBoolean(v) === wanted : (v) => asBoolean(v) !== wanted
}

function dateTimeTest(op: CompareOperator, literal: string | number | boolean, canonical: string): LeafTest {
  const instant = typeof literal === 'string' ? parseInstant(literal) : undefined
  if (!instant) {
    throw badRequest(
      'invalidFilter',
      `'${canonical}' is a dateTime; ${JSON.stringify(literal)} is not a valid date and time (expected e.g. "2015-10-10T14:38:21Z").`,
    )
  }
  const verdict = byOrder(op)
  return (v) => {
    const stored = typeof v === 'string' ? parseInstant(v) : undefined
    if (!stored) return op === 'ne'
    return verdict(compareInstants(stored, instant))
  }
}

function numberTest(op: CompareOperator, literal: string | number | boolean, canonical: string): LeafTest {
  if (TEXTUAL.has(op)) {
    throw badRequest('invalidFilter', `'${op}' cannot be used on the numeric attribute '${canonical}'.`)
  }
  const n = typeof literal === 'number' ? literal : typeof literal === 'string' && literal.trim() !== '' ? Number(literal) : NaN
  if (!Number.isFinite(n)) {
    throw badRequest('invalidFilter', `'${canonical}' is numeric; ${JSON.stringify(literal)} is not a number.`)
  }
  const verdict = byOrder(op)
  return (v) => {
    const stored = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
    if (Number.isNaN(stored)) return op === 'ne'
    return verdict(stored - n)
  }
}
