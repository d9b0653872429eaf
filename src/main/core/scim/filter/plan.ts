import type { ResourceTypeDef } from '../schema/definitions'
import { findAttribute, resolveAttribute } from '../schema/attribute-path'
import type { FilterNode } from './ast'

export type IndexedAttribute = 'id' | 'userName' | 'externalId' | 'displayName' | 'members.value'

export interface IndexLookup {
  attribute: IndexedAttribute
  /**
   * The value exactly as the filter gave it. The store's index must fold case the way the
   * schema does: userName and displayName are case-insensitive, id and externalId caseExact.
   */
  value: string
}

export type FilterPlan = { kind: 'scan' } | { kind: 'lookup'; lookups: IndexLookup[] }

/** The store keeps Map indexes on these (scim-peers.md section 7: Entra's lookups must not scan). */
const INDEXED: Record<string, readonly IndexedAttribute[]> = {
  User: ['id', 'userName', 'externalId'],
  Group: ['id', 'displayName', 'externalId', 'members.value'],
}

/** Most selective first: when an `and` offers several indexes, use the tightest. */
const PREFERENCE: readonly IndexedAttribute[] = ['id', 'externalId', 'userName', 'displayName', 'members.value']

const SCAN: FilterPlan = { kind: 'scan' }

/**
 * Chooses how the store finds candidates for a filter: index lookups (the union of the listed
 * ones) or a full scan. The plan only narrows candidates; the caller still evaluates the whole
 * compiled filter on each, so correctness never depends on the plan. Entra's matching queries
 * (`userName eq`, `externalId eq`, `displayName eq`, and `and` chains of them; E11) always plan
 * to lookups. Expects a filter that compiles (unknown paths simply plan to a scan).
 */
export function planFilter(node: FilterNode, rt: ResourceTypeDef): FilterPlan {
  return planNode(node, rt, INDEXED[rt.name] ?? [])
}

function planNode(node: FilterNode, rt: ResourceTypeDef, indexed: readonly IndexedAttribute[]): FilterPlan {
  switch (node.op) {
    case 'eq': {
      if (typeof node.compValue !== 'string') return SCAN
      const attribute = indexedAttribute(node.attrPath, rt, indexed)
      return attribute ? { kind: 'lookup', lookups: [{ attribute, value: node.compValue }] } : SCAN
    }
    case '[]': {
      // `members[value eq "id"]` is `members.value eq "id"` (legacy Entra membership checks, section 6.8)
      const inner = node.valFilter
      if (inner.op !== 'eq' || typeof inner.compValue !== 'string') return SCAN
      const attribute = indexedAttribute(`${node.attrPath}.${inner.attrPath}`, rt, indexed)
      return attribute ? { kind: 'lookup', lookups: [{ attribute, value: inner.compValue }] } : SCAN
    }
    case 'and': {
      let best: { plan: FilterPlan & { kind: 'lookup' }; rank: number } | undefined
      for (const f of node.filters) {
        const plan = planNode(f, rt, indexed)
        if (plan.kind !== 'lookup') continue
        // a single lookup beats a union; among singles, the most selective attribute wins
        const rank = plan.lookups.length === 1 ? PREFERENCE.indexOf(plan.lookups[0].attribute) : PREFERENCE.length + plan.lookups.length
        if (!best || rank < best.rank) best = { plan, rank }
      }
      return best?.plan ?? SCAN
    }
    case 'or': {
      const lookups: IndexLookup[] = []
      for (const f of node.filters) {
        const plan = planNode(f, rt, indexed)
        if (plan.kind !== 'lookup') return SCAN
        for (const l of plan.lookups) {
          if (!lookups.some((x) => x.attribute === l.attribute && x.value === l.value)) lookups.push(l)
        }
      }
      return { kind: 'lookup', lookups }
    }
    default:
      return SCAN
  }
}

function indexedAttribute(path: string, rt: ResourceTypeDef, indexed: readonly IndexedAttribute[]): IndexedAttribute | undefined {
  const resolved = resolveAttribute(rt, path)
  if (!resolved || resolved.inExtension) return undefined
  let canonical = resolved.canonical
  // `members eq "id"` compares members.value (RFC 7644 3.4.2.2 on multi-valued complex attributes)
  if (!resolved.subAttribute && resolved.attribute.type === 'complex' && findAttribute(resolved.attribute.subAttributes, 'value')) {
    canonical = `${canonical}.value`
  }
  return indexed.find((a) => a === canonical)
}
