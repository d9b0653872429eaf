import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { AttributeDef, ResourceTypeDef } from '../schema/definitions'
import { findAttribute } from '../schema/attribute-path'
import { compileFilter, parseFilter, type FilterNode } from '../filter'
import type { JsonObject, JsonValue } from '../../store/records'
import { stringBoolean } from '../values/json'

/*
 * The value filter inside a PATCH path's brackets (`emails[type eq "work"]`,
 * `members[value eq "id"]`), evaluated against the elements of one complex attribute.
 * Parsing and evaluation are the filter module's, so a PATCH path obeys exactly the same
 * grammar, case rules (RFC 7643 2.2), quoted booleans (E7) and work bounds as a query filter.
 * (scim2-parse-filter was used here first; its string pattern backtracks exponentially on
 * an unterminated quote, which a PATCH path must not be able to trigger.)
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

/** A resource type holding only `parent`, so the filter evaluator can test one element at a time. */
const elementTypes = new WeakMap<AttributeDef, ResourceTypeDef>()
function elementType(parent: AttributeDef): ResourceTypeDef {
  let rt = elementTypes.get(parent)
  if (!rt) {
    rt = {
      name: 'User',
      endpoint: '/Users',
      description: parent.name,
      schema: { id: 'urn:scim-harness:patch-element', name: parent.name, description: '', attributes: [parent] },
      extensions: [],
    }
    elementTypes.set(parent, rt)
  }
  return rt
}

/** Parses and compiles a bracketed value filter against the sub-attributes of `parent`. */
export function compileValueFilter(text: string, parent: AttributeDef, trace: RuleTrace): ValueFilter {
  const inner = parseFilter(text, trace)
  if (containsValuePath(inner)) throw badRequest('invalidFilter', `Nested value filters are not allowed inside [${text}].`)
  const predicate = compileFilter({ op: '[]', attrPath: parent.name, valFilter: inner }, elementType(parent), trace)
  return {
    text,
    test: (element) => predicate({ [parent.name]: [element] }),
    seed: () => seedOf(inner, parent),
  }
}

function containsValuePath(node: FilterNode): boolean {
  switch (node.op) {
    case '[]':
      return true
    case 'and':
    case 'or':
      return node.filters.some(containsValuePath)
    case 'not':
      return containsValuePath(node.filter)
    default:
      return false
  }
}

function seedOf(f: FilterNode, parent: AttributeDef): JsonObject | undefined {
  const out: JsonObject = {}
  const prefix = `${parent.name.toLowerCase()}.`
  const collect = (node: FilterNode): boolean => {
    if (node.op === 'and') return node.filters.every(collect)
    if (node.op !== 'eq') return false
    const name = node.attrPath.toLowerCase().startsWith(prefix) ? node.attrPath.slice(prefix.length) : node.attrPath
    const sub = findAttribute(parent.subAttributes, name)
    if (!sub || node.compValue === null) return false
    const value: JsonValue | undefined =
      sub.type === 'boolean' ? (typeof node.compValue === 'boolean' ? node.compValue : stringBoolean(node.compValue)) : node.compValue
    if (value === undefined) return false
    if (Object.hasOwn(out, sub.name) && out[sub.name] !== value) return false
    out[sub.name] = value
    return true
  }
  return collect(f) ? out : undefined
}
