import type { AttributeDef } from '../schema/definitions'
import { findAttribute } from '../schema/attribute-path'
import type { JsonObject, JsonValue } from '../../store/records'
import { deepEqual, invalidValue, isPlainObject } from '../values/json'

/*
 * Element identity inside multi-valued attributes. Group members are identified by `value`
 * (RFC 7643 4.2); other elements are the same when identical. Lookups go through maps so that
 * adding or removing 10,000 members of a 100,000-member group stays linear.
 */

/** The identity key of a group member, or undefined for attributes without one. */
function memberKey(attribute: AttributeDef, element: JsonValue): string | undefined {
  if (attribute.name !== 'members' || !isPlainObject(element) || typeof element.value !== 'string') return undefined
  const sub = findAttribute(attribute.subAttributes, 'value')
  return sub?.caseExact ? element.value : element.value.toLowerCase()
}

/** A stable text for an element: keys sorted, so `{a,b}` and `{b,a}` are the same element. */
function identityText(element: JsonValue): string {
  if (!isPlainObject(element)) return JSON.stringify(element)
  return JSON.stringify(
    Object.keys(element)
      .sort()
      .map((k) => [k, element[k]]),
  )
}

function keyOf(attribute: AttributeDef, element: JsonValue): string {
  const member = memberKey(attribute, element)
  return member !== undefined ? `m:${member}` : `e:${identityText(element)}`
}

/**
 * Appends `items` to `base` in place (RFC 7644 3.5.2.1), skipping elements already present.
 * A member already in the group is updated with what was sent (e.g. a new display) rather than
 * duplicated. Returns the elements added or updated.
 */
export function addElements(attribute: AttributeDef, base: JsonValue[], items: JsonValue[]): JsonValue[] {
  const index = new Map<string, number>()
  base.forEach((el, i) => index.set(keyOf(attribute, el), i))
  const touched: JsonValue[] = []
  for (const item of items) {
    const key = keyOf(attribute, item)
    const at = index.get(key)
    if (at === undefined) {
      index.set(key, base.length)
      base.push(item)
      touched.push(item)
      continue
    }
    const existing = base[at]
    if (isPlainObject(existing) && isPlainObject(item) && !deepEqual(existing, item)) {
      base[at] = { ...existing, ...item }
      touched.push(base[at])
    }
  }
  return touched
}

function same(sub: AttributeDef | undefined, a: JsonValue | undefined, b: JsonValue): boolean {
  if (typeof a === 'string' && typeof b === 'string' && sub && !sub.caseExact) return a.toLowerCase() === b.toLowerCase()
  return deepEqual(a, b)
}

/** Whether `element` has every sub-attribute that `listed` names, with the same value. */
function matchesListed(attribute: AttributeDef, element: JsonValue, listed: JsonValue): boolean {
  if (!isPlainObject(listed) || !isPlainObject(element)) return deepEqual(element, listed)
  const keys = Object.keys(listed)
  return keys.length > 0 && keys.every((k) => same(findAttribute(attribute.subAttributes, k), element[k], listed[k]))
}

/**
 * E4: the elements of `current` not listed in `listed`. A listed `{value}` matches the element
 * with that value whatever else it carries (`display`, `$ref`).
 */
export function removeListed(attribute: AttributeDef, current: JsonValue[], listed: JsonValue[]): JsonValue[] {
  const valueSub = findAttribute(attribute.subAttributes, 'value')
  const fold = (v: string) => (valueSub && !valueSub.caseExact ? v.toLowerCase() : v)
  const byValue = new Map<string, JsonObject[]>()
  const others: JsonValue[] = []
  for (const item of listed) {
    if (isPlainObject(item) && typeof item.value === 'string') {
      const key = fold(item.value)
      byValue.set(key, [...(byValue.get(key) ?? []), item])
    } else others.push(item)
  }
  return current.filter((el) => {
    const candidates = isPlainObject(el) && typeof el.value === 'string' ? (byValue.get(fold(el.value)) ?? []) : []
    const hit = candidates.some((c) => matchesListed(attribute, el, c)) || others.some((o) => matchesListed(attribute, el, o))
    return !hit
  })
}

/**
 * RFC 7643 2.4: `primary: true` may appear at most once. When an operation sets a new primary,
 * the others are cleared; an operation that itself sets two primaries is refused.
 */
export function enforcePrimary(attribute: AttributeDef, all: JsonValue[], touched: JsonValue[]): void {
  if (!findAttribute(attribute.subAttributes, 'primary')) return
  const winners = touched.filter((el) => isPlainObject(el) && el.primary === true)
  if (winners.length > 1) throw invalidValue(`Only one value of '${attribute.name}' may have primary set to true.`)
  if (winners.length === 0) return
  for (const el of all) {
    if (isPlainObject(el) && el !== winners[0] && el.primary === true) el.primary = false
  }
}
