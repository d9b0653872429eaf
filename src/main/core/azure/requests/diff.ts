import type { TargetValue } from '../model'
import { isEmptyValue } from './create'
import { asBoolean, isActivePath, isReferencePath, parseTargetPath, readPath, type TargetPath } from './target-path'

/*
 * Which mapped values differ from the target (azure-ad-provisioning.md 3.3 "only changed attrs",
 * 6.4). Entra compares what it would send with what the target returned: strings exactly
 * (case-sensitive), booleans (and `active`) by value whichever side holds "True"/"False" text, a filtered
 * multi-valued path by the matching element's sub-attribute. Add when the target has no value
 * there, Replace when it has a different one (section 4, "Attribute changed" row).
 */

export interface AttributeChange {
  path: TargetPath
  value: TargetValue
  kind: 'add' | 'replace'
}

/** No value in SCIM terms: absent, null, '' or an empty array (RFC 7643 2.5). */
function isAbsent(current: unknown): boolean {
  return current === undefined || current === null || current === '' || (Array.isArray(current) && current.length === 0)
}

/** `active` is boolean in the schema, so "True" and "true" (or true) are the same value there. */
function sameScalar(path: TargetPath, mapped: string | boolean, current: unknown): boolean {
  if (isActivePath(path) || typeof mapped === 'boolean' || typeof current === 'boolean') {
    const a = asBoolean(mapped)
    return a !== undefined && a === asBoolean(current)
  }
  // A number from the server (employeeNumber as 42) compares as its text.
  return typeof current === 'string' ? current === mapped : typeof current === 'number' && String(current) === mapped
}

/** Multi-valued mapped values compare as multisets of text. */
function sameList(mapped: string[], current: unknown[]): boolean {
  const text = current.map((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v))).sort()
  const wanted = [...mapped].sort()
  return text.length === wanted.length && text.every((v, i) => v === wanted[i])
}

/** The value the target holds at a path, as the comparison sees it (a filtered path's first match for a scalar). */
function currentValue(target: Record<string, unknown>, path: TargetPath, mapped: TargetValue): unknown {
  const current = readPath(target, path)
  if (path.filter && !Array.isArray(mapped)) return (current as unknown[])[0]
  return current
}

/**
 * Diffs mapping values against the target resource, in the mapping order. Empty mapped values and
 * reference attributes (manager, members: they go in their own PATCH) are skipped.
 */
export function diffValues(values: Map<string, TargetValue>, target: Record<string, unknown>): AttributeChange[] {
  const changes: AttributeChange[] = []
  for (const [raw, value] of values) {
    if (isEmptyValue(value)) continue
    const path = parseTargetPath(raw)
    if (isReferencePath(path)) continue
    const current = currentValue(target, path, value)
    if (isAbsent(current)) {
      changes.push({ path, value, kind: 'add' })
      continue
    }
    const same = Array.isArray(value) ? Array.isArray(current) && sameList(value, current) : sameScalar(path, value, current)
    if (!same) changes.push({ path, value, kind: 'replace' })
  }
  return changes
}
