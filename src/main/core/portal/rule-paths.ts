import { resolveAttribute } from '../scim/schema/attribute-path'
import { USER_RESOURCE_TYPE, USER_SCHEMA_ID } from '../scim/schema/definitions'
import type { JsonObject, JsonValue } from '../store/records'

/**
 * The "Attribute Path" of a CAL rule: either one of the user's own attributes, read from the
 * stored SCIM representation, or an attribute of a group the user belongs to. VIDIZMO's wording
 * ("users belonging to the groups qualifying the above conditions", vidizmo-portal.md 2.2) makes
 * group paths the common case.
 */
export type GroupRuleKey = 'id' | 'displayName' | 'externalId'

export type RulePath = { kind: 'user'; storagePath: string[]; canonical: string } | { kind: 'group'; key: GroupRuleKey; canonical: string }

/** The group paths a rule may use, as the console's Attribute Path dropdown lists them. */
export const GROUP_RULE_PATHS = ['groups.displayName', 'groups.value', 'groups.externalId'] as const

const GROUP_KEYS: Record<string, { key: GroupRuleKey; canonical: string }> = {
  displayname: { key: 'displayName', canonical: 'groups.displayName' },
  // `display` is the sub-attribute's name on User.groups (RFC 7643 section 4.1.2); accept it too
  display: { key: 'displayName', canonical: 'groups.displayName' },
  value: { key: 'id', canonical: 'groups.value' },
  externalid: { key: 'externalId', canonical: 'groups.externalId' },
}

const CORE_USER_PREFIX = USER_SCHEMA_ID.toLowerCase() + ':'

/**
 * Resolves a rule's attribute path, ignoring case, or returns undefined when it names nothing a
 * rule can compare: an unknown attribute, a complex attribute without a sub-attribute to read
 * (`name`), a write-only one (`password`) or a group attribute other than displayName, value
 * and externalId.
 */
export function resolveRulePath(path: string): RulePath | undefined {
  const trimmed = path.trim()
  const unqualified = trimmed.toLowerCase().startsWith(CORE_USER_PREFIX) ? trimmed.slice(CORE_USER_PREFIX.length) : trimmed
  const lower = unqualified.toLowerCase()
  if (lower === 'groups' || lower.startsWith('groups.')) {
    const group = GROUP_KEYS[lower.slice('groups.'.length)]
    return group ? { kind: 'group', ...group } : undefined
  }
  const resolved = resolveAttribute(USER_RESOURCE_TYPE, trimmed)
  if (!resolved) return undefined
  const leaf = resolved.subAttribute ?? resolved.attribute
  if (leaf.mutability === 'writeOnly') return undefined
  if (leaf.type === 'complex') {
    // `emails` reads as `emails.value`, as in a SCIM filter (RFC 7644 section 3.4.2.2)
    if (!leaf.subAttributes?.some((s) => s.name === 'value')) return undefined
    return { kind: 'user', storagePath: [...resolved.storagePath, 'value'], canonical: `${resolved.canonical}.value` }
  }
  return { kind: 'user', storagePath: resolved.storagePath, canonical: resolved.canonical }
}

/** A key of a stored object, exact first, then ignoring case (clients may send any case). */
function child(node: { [key: string]: JsonValue }, key: string): JsonValue | undefined {
  if (key in node) return node[key]
  const lower = key.toLowerCase()
  for (const k of Object.keys(node)) if (k.toLowerCase() === lower) return node[k]
  return undefined
}

/**
 * Every primitive value at a storage path, as text, flattening multi-valued attributes at any
 * level (`emails.value` gives one value per email). Missing or null values give nothing.
 */
export function userValuesAt(user: JsonObject, storagePath: readonly string[]): string[] {
  const out: string[] = []
  const walk = (node: JsonValue | undefined, depth: number): void => {
    if (node === undefined || node === null) return
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth)
      return
    }
    if (depth === storagePath.length) {
      if (typeof node !== 'object') out.push(String(node))
      return
    }
    if (typeof node === 'object') walk(child(node, storagePath[depth]), depth + 1)
  }
  walk(user, 0)
  return out
}
