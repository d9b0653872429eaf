import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import type { AttributeDef, ResourceTypeDef } from '../schema/definitions'
import { resolveAttribute, splitSchemaUrn, type ResolvedAttribute } from '../schema/attribute-path'
import { MAX_PATH_LENGTH, isForbiddenKey } from '../values/json'
import { RULE_EXTENSION_DOT_NOTATION, RULE_UNQUALIFIED_EXTENSION_ATTRIBUTE } from './rules'
import { compileValueFilter, type ValueFilter } from './value-filter'

/*
 * PATCH paths (RFC 7644 3.5.2, ABNF `attrPath / valuePath [subAttr]`):
 * `userName`, `name.givenName`, `urn:...:enterprise:2.0:User:manager`,
 * `emails[type eq "work"].value`, `members[value eq "id"]`, and the extension URN alone.
 * Names resolve case-insensitively through the schema (RFC 7643 2.1).
 */

export interface AttributeTarget {
  kind: 'attribute'
  /** The path as sent, for error messages. */
  raw: string
  /** The attribute the path names (never a sub-attribute). */
  attribute: AttributeDef
  /** Keys from the resource root to the object holding the attribute: [] or [extension URN]. */
  container: string[]
  filter?: ValueFilter
  sub?: AttributeDef
  /** The path was dotted or URN-qualified: used to spot E3 keys in path-less values. */
  qualified: boolean
}

/** The whole extension object (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`). */
export interface ExtensionTarget {
  kind: 'extension'
  raw: string
  urn: string
}

export type PatchTarget = AttributeTarget | ExtensionTarget

/** Index of the `]` closing the `[` at `open`, skipping quoted strings; -1 if none. */
function closingBracket(text: string, open: number): number {
  let quoted = false
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === ']') return i
  }
  return -1
}

function assertSafeNames(raw: string, ...parts: string[]): void {
  for (const part of parts) {
    for (const name of part.split(/[.:]/)) {
      if (isForbiddenKey(name)) throw badRequest('invalidPath', `Path '${raw}' names a forbidden attribute '${name}'.`)
    }
  }
}

/**
 * An unqualified name that no core attribute has but one extension attribute does (`manager`):
 * Entra's legacy docs and an observed remove use `manager` without the enterprise URN.
 */
function resolveInExtension(rt: ResourceTypeDef, attrPath: string, trace: RuleTrace): ResolvedAttribute | undefined {
  for (const ext of rt.extensions) {
    const resolved = resolveAttribute(rt, `${ext.id}:${attrPath}`)
    if (resolved) {
      trace.fire(RULE_UNQUALIFIED_EXTENSION_ATTRIBUTE)
      return resolved
    }
  }
  return undefined
}

/** Legacy jobs write `urn:...:User.employeeNumber`; read it as the RFC's `urn:...:User:employeeNumber`. */
function extensionColon(rt: ResourceTypeDef, attrPart: string, trace: RuleTrace): string {
  const lower = attrPart.toLowerCase()
  for (const ext of rt.extensions) {
    const id = ext.id.toLowerCase()
    if (lower.startsWith(`${id}.`)) {
      trace.fire(RULE_EXTENSION_DOT_NOTATION)
      return `${ext.id}:${attrPart.slice(id.length + 1)}`
    }
  }
  return attrPart
}

/** Parses and resolves a PATCH path; throws invalidPath for unknown attributes or bad syntax. */
export function parsePatchPath(rt: ResourceTypeDef, raw: string, trace: RuleTrace): PatchTarget {
  if (raw.length > MAX_PATH_LENGTH) throw badRequest('invalidPath', `Path is longer than ${MAX_PATH_LENGTH} characters.`)
  const path = raw.trim()
  if (path === '') throw badRequest('invalidPath', 'Path is empty.')

  let attrPart = path
  let filterText: string | undefined
  let subName: string | undefined
  const open = path.indexOf('[')
  if (open >= 0) {
    const close = closingBracket(path, open)
    if (close < 0) throw badRequest('invalidPath', `Path '${raw}' has an unclosed '['.`)
    attrPart = path.slice(0, open)
    filterText = path.slice(open + 1, close).trim()
    const rest = path.slice(close + 1)
    if (rest !== '') {
      if (!/^\.[A-Za-z0-9$_-]+$/.test(rest)) throw badRequest('invalidPath', `Path '${raw}' has unexpected text after ']'.`)
      subName = rest.slice(1)
    }
    if (filterText === '') throw badRequest('invalidPath', `Path '${raw}' has an empty filter.`)
  }
  assertSafeNames(raw, attrPart, subName ?? '')
  attrPart = extensionColon(rt, attrPart, trace)

  const urn = splitSchemaUrn(rt, attrPart)
  if (urn && urn.rest === '' && filterText === undefined) {
    if (urn.schema === rt.schema) throw badRequest('invalidPath', `Path '${raw}' names the core schema, not an attribute.`)
    return { kind: 'extension', raw, urn: urn.schema.id }
  }

  const attrPath = subName !== undefined ? `${attrPart}.${subName}` : attrPart
  const resolved = resolveAttribute(rt, attrPath) ?? (urn ? undefined : resolveInExtension(rt, attrPath, trace))
  if (!resolved) throw badRequest('invalidPath', `Unknown attribute in path '${raw}' for resource type ${rt.name}.`)
  const { attribute, subAttribute } = resolved
  if (filterText !== undefined && attribute.type !== 'complex') {
    throw badRequest('invalidPath', `Path '${raw}' filters '${attribute.name}', which is not a complex attribute.`)
  }
  return {
    kind: 'attribute',
    raw,
    attribute,
    container: resolved.inExtension ? [resolved.schema!.id] : [],
    filter: filterText !== undefined ? compileValueFilter(filterText, attribute, trace) : undefined,
    sub: subAttribute,
    qualified: subAttribute !== undefined || urn !== undefined,
  }
}
