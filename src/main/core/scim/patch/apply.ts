import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { AttributeDef } from '../schema/definitions'
import type { JsonObject, JsonValue } from '../../store/records'
import { deepEqual, invalidValue, isPlainObject } from '../values/json'
import { addElements, enforcePrimary, removeListed } from './multi-valued'
import type { NormalOp } from './normalise'
import type { AttributeTarget } from './path'
import { RULE_FILTERED_UPSERT, RULE_READONLY_ECHO_IGNORED } from './rules'

/*
 * Apply: RFC 7644 3.5.2 add / replace / remove on a resource that the caller has already deep
 * copied. Every value arriving here is canonical (see normalise.ts), so this file holds only the
 * standard semantics plus the one structural leniency that cannot be a rewrite: E6, creating
 * the element a value filter names when nothing matches.
 */

type Holder = JsonObject

function containerOf(resource: JsonObject, target: AttributeTarget, create: boolean): Holder | undefined {
  if (target.container.length === 0) return resource
  const urn = target.container[0]
  const existing = resource[urn]
  if (isPlainObject(existing)) return existing
  if (!create) return undefined
  const made: JsonObject = {}
  resource[urn] = made
  return made
}

function mutabilityError(detail: string) {
  return badRequest('mutability', detail)
}

/** Writes (or, for null, unassigns) one sub-attribute of one element, honouring immutability. */
function writeSub(element: JsonObject, sub: AttributeDef, value: JsonValue | null, raw: string): void {
  const current = element[sub.name]
  if (sub.mutability === 'immutable' && current !== undefined && !deepEqual(current, value ?? undefined)) {
    // RFC 7644 3.5.2: an immutable attribute may only be set when it has no value
    throw mutabilityError(`'${raw}' is immutable once set.`)
  }
  if (value === null) delete element[sub.name]
  else element[sub.name] = value
}

/** RFC 7643 2.2 mutability and `required`; returns false when the op is an ignorable echo. */
function checkTarget(op: NormalOp, target: AttributeTarget, holder: Holder | undefined, trace: RuleTrace): boolean {
  const { attribute, sub } = target
  const leaf = sub ?? attribute
  if (attribute.mutability === 'readOnly' || leaf.mutability === 'readOnly') {
    const current = holder?.[attribute.name]
    const currentLeaf = sub && isPlainObject(current) ? current[sub.name] : current
    if (op.fromPathless && op.verb !== 'remove' && !target.filter && deepEqual(currentLeaf, op.value ?? undefined)) {
      trace.fire(RULE_READONLY_ECHO_IGNORED)
      return false
    }
    throw mutabilityError(`'${target.raw}' is read-only.`)
  }
  if (attribute.required && !sub && !target.filter) {
    // userName (User) and displayName (Group) must keep a value (RFC 7643 4.1, 4.2)
    if (op.verb === 'remove') throw mutabilityError(`'${attribute.name}' is required and cannot be removed.`)
    if (op.value === null || op.value === '') throw invalidValue(`'${attribute.name}' is required and cannot be empty.`)
  }
  return true
}

/** Applies one normalised operation to `resource` in place (the caller owns a deep copy). */
export function applyOperation(resource: JsonObject, op: NormalOp, trace: RuleTrace): void {
  const { target } = op
  if (target.kind === 'extension') {
    // only remove reaches here: add/replace of an extension object are expanded key by key
    delete resource[target.urn]
    return
  }
  // null unassigns (RFC 7643 2.5): an add/replace of null is a remove that cannot miss
  const verb = op.value === null ? 'remove' : op.verb
  const holder = containerOf(resource, target, verb !== 'remove')
  if (!checkTarget(op, target, holder, trace)) return
  if (!holder) return
  if (target.filter) applyFiltered(holder, target, verb, op.value ?? null, trace)
  else if (target.sub) applySubAttribute(holder, target, verb, op.value ?? null)
  else applyWhole(holder, target, verb, op)
}

function applyWhole(holder: Holder, target: AttributeTarget, verb: string, op: NormalOp): void {
  const { attribute } = target
  const name = attribute.name
  const current = holder[name]
  if (verb === 'remove') {
    if (op.removeValues && Array.isArray(current)) holder[name] = removeListed(attribute, current, op.removeValues)
    else if (!op.removeValues) delete holder[name]
    return
  }
  const value = op.value as JsonValue
  if (attribute.multiValued) {
    const items = value as JsonValue[]
    if (verb === 'add') {
      // RFC 7644 3.5.2.1: add to a multi-valued attribute appends
      const base = Array.isArray(current) ? current : []
      const touched = addElements(attribute, base, items)
      holder[name] = base
      enforcePrimary(attribute, base, touched)
    } else {
      // RFC 7644 3.5.2.3: replace of a multi-valued attribute replaces all values
      holder[name] = items
      enforcePrimary(attribute, items, items)
    }
    return
  }
  if (attribute.type === 'complex' && isPlainObject(value)) {
    const existing = isPlainObject(current) ? current : undefined
    // a different referent ({value} changed, e.g. a new manager) must not keep the old
    // referent's $ref/displayName; otherwise sub-attributes merge (RFC 7644 3.5.2.1, 3.5.2.3)
    const newReferent = existing !== undefined && 'value' in value && !deepEqual(existing.value, value.value)
    holder[name] = existing && !newReferent ? { ...existing, ...value } : value
    return
  }
  holder[name] = value
}

function applySubAttribute(holder: Holder, target: AttributeTarget, verb: string, value: JsonValue | null): void {
  const { attribute } = target
  const sub = target.sub!
  const current = holder[attribute.name]
  if (!attribute.multiValued) {
    if (verb === 'remove') {
      if (isPlainObject(current)) writeSub(current, sub, null, target.raw)
      return
    }
    const element = isPlainObject(current) ? current : {}
    writeSub(element, sub, value, target.raw)
    holder[attribute.name] = element
    return
  }
  // RFC 7644 3.5.2: a sub-attribute path without a filter addresses every element
  const elements = (Array.isArray(current) ? current : []).filter(isPlainObject)
  if (verb === 'remove') {
    for (const element of elements) writeSub(element, sub, null, target.raw)
    return
  }
  if (elements.length === 0) {
    const created: JsonObject = { [sub.name]: value as JsonValue }
    holder[attribute.name] = [created]
    return
  }
  for (const element of elements) writeSub(element, sub, value, target.raw)
  enforcePrimary(attribute, current as JsonValue[], elements)
}

function applyFiltered(holder: Holder, target: AttributeTarget, verb: string, value: JsonValue | null, trace: RuleTrace): void {
  const { attribute, sub } = target
  const filter = target.filter!
  const current = holder[attribute.name]
  const list = attribute.multiValued ? (Array.isArray(current) ? current : []) : isPlainObject(current) ? [current] : []
  const matches = list.filter((el): el is JsonObject => isPlainObject(el) && filter.test(el))

  if (verb === 'remove') {
    if (sub) for (const m of matches) writeSub(m, sub, null, target.raw)
    else if (!attribute.multiValued) {
      if (matches.length > 0) delete holder[attribute.name]
    } else holder[attribute.name] = list.filter((el) => !matches.includes(el as JsonObject))
    // RFC 7644 3.5.2.2 does not fail a remove whose filter matches nothing: it is idempotent
    return
  }

  if (matches.length === 0) {
    const seed = attribute.multiValued ? filter.seed() : undefined
    if (!seed) {
      // RFC 7644 3.5.2.3: a value filter that matches nothing is noTarget
      throw badRequest('noTarget', `No value of '${attribute.name}' matches [${filter.text}].`)
    }
    // E6: Entra expects `emails[type eq "work"].value` to create the work email
    trace.fire(RULE_FILTERED_UPSERT)
    const created: JsonObject = sub ? { ...seed, [sub.name]: value as JsonValue } : { ...seed, ...(value as JsonObject) }
    const next = [...list, created]
    holder[attribute.name] = next
    enforcePrimary(attribute, next, [created])
    return
  }

  if (sub) {
    for (const m of matches) writeSub(m, sub, value, target.raw)
    enforcePrimary(attribute, list, matches)
    return
  }
  const element = value as JsonObject
  if (!attribute.multiValued) {
    holder[attribute.name] = verb === 'add' ? { ...matches[0], ...element } : element
    return
  }
  const touched: JsonObject[] = []
  const next = list.map((el) => {
    if (!matches.includes(el as JsonObject)) return el
    // add merges into the matched element; replace replaces it (RFC 7644 3.5.2.3)
    const replaced = verb === 'add' ? { ...(el as JsonObject), ...element } : { ...element }
    touched.push(replaced)
    return replaced
  })
  holder[attribute.name] = next
  enforcePrimary(attribute, next, touched)
}
