import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { AttributeDef, ResourceTypeDef } from '../schema/definitions'
import { findAttribute, resolveAttribute, type ResolvedAttribute } from '../schema/attribute-path'
import type { JsonObject, JsonValue } from '../../store/records'
import type { CompareNode, FilterNode, PresentNode, ValuePathNode } from './ast'
import { compileLeafTest, type LeafTest } from './leaf-test'
import { FILTER_UNQUALIFIED_EXTENSION_ATTRIBUTE } from './rules'

export type FilterPredicate = (resource: JsonObject) => boolean

/** Where paths are resolved: the resource type, or the elements of a value path's attribute. */
interface Scope {
  rt: ResourceTypeDef
  /** Set inside `emails[...]`: inner paths are sub-attributes of this attribute. */
  parent?: { def: AttributeDef; canonical: string }
  trace?: RuleTrace
}

/** A resolved path: the keys to walk from the scope's root, and the definition at the end. */
interface Target {
  keys: string[]
  def: AttributeDef
  canonical: string
}

/**
 * Compiles a filter into a predicate over stored resources. Every path is resolved once, here,
 * against the schema (case-insensitive, URN-qualified, sub-attributes); evaluation is a tree of
 * closures that only walks JSON. Unknown attributes and operator/type mismatches throw
 * ScimError 400 invalidFilter at compile time, so a bad filter fails before any resource is read.
 */
export function compileFilter(node: FilterNode, rt: ResourceTypeDef, trace?: RuleTrace): FilterPredicate {
  return compileNode(node, { rt, trace })
}

function compileNode(node: FilterNode, scope: Scope): FilterPredicate {
  switch (node.op) {
    case 'and':
    case 'or':
      return compileLogical(
        node.op,
        node.filters.map((f) => compileNode(f, scope)),
      )
    case 'not': {
      const inner = compileNode(node.filter, scope)
      return (r) => !inner(r)
    }
    case '[]':
      return compileValuePath(node, scope)
    case 'pr':
      return compilePresent(node, scope)
    case 'eq':
    case 'ne':
    case 'co':
    case 'sw':
    case 'ew':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return compileCompare(node, scope)
    default:
      throw badRequest('invalidFilter', `Unknown filter operator '${String((node as { op: unknown }).op)}'.`)
  }
}

function compileLogical(op: 'and' | 'or', preds: FilterPredicate[]): FilterPredicate {
  if (preds.length === 1) return preds[0]
  if (preds.length === 2) {
    const [a, b] = preds
    return op === 'and' ? (r) => a(r) && b(r) : (r) => a(r) || b(r)
  }
  return op === 'and'
    ? (r) => {
        for (const p of preds) if (!p(r)) return false
        return true
      }
    : (r) => {
        for (const p of preds) if (p(r)) return true
        return false
      }
}

function resolveTarget(path: string, scope: Scope): Target {
  const { parent, rt } = scope
  if (parent) {
    let sub = /[.:]/.test(path) ? undefined : findAttribute(parent.def.subAttributes, path)
    if (!sub) {
      // tolerate a fully written inner path, `emails[emails.type eq "work"]`, when it names the same attribute
      const full = resolveAttribute(rt, path)
      if (full?.subAttribute && full.attribute === parent.def) sub = full.subAttribute
    }
    if (!sub) {
      throw badRequest('invalidFilter', `Unknown attribute '${path}' inside '${parent.canonical}[...]': expected a sub-attribute of ${parent.canonical}.`)
    }
    return { keys: [sub.name], def: sub, canonical: `${parent.canonical}.${sub.name}` }
  }
  const resolved = resolveInResourceType(path, scope)
  return { keys: resolved.storagePath, def: resolved.subAttribute ?? resolved.attribute, canonical: resolved.canonical }
}

/** Resolves a top-level path; unknown attributes are the client's error (invalidFilter). */
function resolveInResourceType(path: string, scope: Scope): ResolvedAttribute {
  const { rt } = scope
  const resolved = resolveAttribute(rt, path)
  if (resolved) return resolved
  if (!/^urn:/i.test(path)) {
    // legacy Entra `manager eq <mgrId>` (azure-ad-provisioning.md 6.8): try the extensions, if exactly one knows it
    const found = rt.extensions.map((ext) => resolveAttribute(rt, `${ext.id}:${path}`)).filter((r) => r !== undefined)
    if (found.length === 1) {
      scope.trace?.fire(FILTER_UNQUALIFIED_EXTENSION_ATTRIBUTE)
      return found[0]
    }
  }
  throw badRequest('invalidFilter', `Unknown attribute '${path}' in the filter for resource type ${rt.name}.`)
}

/**
 * RFC 7644 section 3.4.2.2 compares a multi-valued complex attribute through its `value`
 * (`emails co "x"`); the same reading serves legacy Entra's `manager eq <id>` (section 6.8).
 */
function valueOfComplex(target: Target): Target {
  if (target.def.type !== 'complex') return target
  const value = findAttribute(target.def.subAttributes, 'value')
  if (!value) {
    const names = (target.def.subAttributes ?? [])
      .map((s) => `${target.canonical}.${s.name}`)
      .slice(0, 3)
      .join(', ')
    throw badRequest('invalidFilter', `'${target.canonical}' is a complex attribute; compare one of its sub-attributes (${names}).`)
  }
  return { keys: [...target.keys, value.name], def: value, canonical: `${target.canonical}.value` }
}

/** True when any leaf reached by `keys` from `node` passes `test`; arrays at any step mean "any element". */
function some(node: JsonValue | undefined, keys: readonly string[], i: number, test: LeafTest): boolean {
  if (node === undefined || node === null) return false
  if (Array.isArray(node)) {
    for (const element of node) if (some(element, keys, i, test)) return true
    return false
  }
  if (i === keys.length) return test(node)
  if (typeof node !== 'object') return false
  return some(node[keys[i]], keys, i + 1, test)
}

function anyLeaf(keys: string[], test: LeafTest): FilterPredicate {
  if (keys.length === 1) {
    const key = keys[0]
    // fast path for top-level scalars (userName, externalId, displayName): no recursion
    return (r) => {
      const v = r[key]
      return typeof v === 'string' || typeof v === 'boolean' ? test(v) : some(v, keys, 1, test)
    }
  }
  return (r) => some(r, keys, 0, test)
}

/** pr: present and not empty (RFC 7644: not null, not "", not []; a complex value needs a present sub-value). */
function isPresentValue(v: JsonValue): boolean {
  if (v === null) return false
  if (typeof v === 'string') return v !== ''
  if (Array.isArray(v)) return v.some(isPresentValue)
  if (typeof v === 'object') return Object.values(v).some(isPresentValue)
  return true
}

function compilePresent(node: PresentNode, scope: Scope): FilterPredicate {
  return anyLeaf(resolveTarget(node.attrPath, scope).keys, isPresentValue)
}

function compileCompare(node: CompareNode, scope: Scope): FilterPredicate {
  const { op, compValue } = node
  const named = resolveTarget(node.attrPath, scope)
  if (named.def.type === 'complex' && (op === 'gt' || op === 'ge' || op === 'lt' || op === 'le')) {
    // ordering a whole complex value has no meaning (RFC 7644 3.4.2.2): the client must name the sub-attribute
    throw badRequest('invalidFilter', `'${op}' cannot be used on the complex attribute '${named.canonical}'; name a sub-attribute.`)
  }
  const target = valueOfComplex(named)
  if (compValue === null) {
    // `x eq null` asks for absence, `x ne null` for presence; nothing orders against null
    if (op !== 'eq' && op !== 'ne') {
      throw badRequest('invalidFilter', `'${op}' cannot compare '${target.canonical}' with null; use eq null, ne null or pr.`)
    }
    const present = anyLeaf(target.keys, isPresentValue)
    return op === 'eq' ? (r) => !present(r) : present
  }
  const test = compileLeafTest(op, compValue, target, scope.trace)
  const any = anyLeaf(target.keys, test)
  if (op !== 'ne') return any
  // ne on a missing attribute is true (nothing there equals the value)
  const present = anyLeaf(target.keys, (v) => v !== null)
  return (r) => any(r) || !present(r)
}

function compileValuePath(node: ValuePathNode, scope: Scope): FilterPredicate {
  if (scope.parent) {
    throw badRequest('invalidFilter', `A value filter cannot be nested inside '${scope.parent.canonical}[...]' (at '${node.attrPath}[').`)
  }
  const resolved = resolveInResourceType(node.attrPath, scope)
  if (resolved.subAttribute || resolved.attribute.type !== 'complex') {
    throw badRequest('invalidFilter', `'${resolved.canonical}[...]' is not allowed: a value filter applies to a complex attribute such as emails.`)
  }
  const inner = compileNode(node.valFilter, { ...scope, parent: { def: resolved.attribute, canonical: resolved.canonical } })
  const elementMatches: LeafTest = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && inner(v)
  return anyLeaf(resolved.storagePath, elementMatches)
}
