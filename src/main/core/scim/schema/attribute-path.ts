import { COMMON_ATTRIBUTES, type AttributeDef, type ResourceTypeDef, type SchemaDef } from './definitions'

/**
 * An attribute path (`userName`, `name.FamilyName`, `urn:...:enterprise:2.0:User:manager.value`)
 * resolved against a resource type's schemas. Attribute names are case-insensitive
 * (RFC 7643 section 2.1), so every consumer resolves through here and then works with the
 * canonical names and the stored-JSON keys.
 */
export interface ResolvedAttribute {
  /** The schema that defines the attribute; undefined for the common attributes (id, externalId, meta). */
  schema?: SchemaDef
  /** True when the attribute lives under its extension's URN key in the stored resource. */
  inExtension: boolean
  attribute: AttributeDef
  subAttribute?: AttributeDef
  /** Keys from the resource root to the value: ['name', 'familyName'], [urn, 'manager', 'value']. */
  storagePath: string[]
  /** The canonical path as RFC 7644 prints it: `name.familyName`, `urn:...:User:manager.value`. */
  canonical: string
}

/** Finds an attribute by name, ignoring case (RFC 7643 section 2.1). */
export function findAttribute(list: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  if (!list) return undefined
  const lower = name.toLowerCase()
  return list.find((a) => a.name.toLowerCase() === lower)
}

/** All schemas a resource type's representation may carry, core first. */
export function schemasOf(rt: ResourceTypeDef): SchemaDef[] {
  return [rt.schema, ...rt.extensions]
}

/**
 * Splits a leading schema URN off a path. Returns the schema and the remainder (possibly empty,
 * meaning "the whole extension"), or undefined when the path is not URN-qualified.
 */
export function splitSchemaUrn(rt: ResourceTypeDef, path: string): { schema: SchemaDef; rest: string } | undefined {
  if (!/^urn:/i.test(path)) return undefined
  const lower = path.toLowerCase()
  // longest match first: the enterprise URN extends the core URN's prefix in spirit, not in text, but be safe
  const candidates = schemasOf(rt).sort((a, b) => b.id.length - a.id.length)
  for (const schema of candidates) {
    const id = schema.id.toLowerCase()
    if (lower === id) return { schema, rest: '' }
    if (lower.startsWith(id + ':')) return { schema, rest: path.slice(id.length + 1) }
  }
  return undefined
}

/**
 * Resolves a path against a resource type. Returns undefined for an unknown attribute: callers
 * decide whether that is an error (filter, PATCH path) or ignorable (attributes= projection).
 */
export function resolveAttribute(rt: ResourceTypeDef, path: string): ResolvedAttribute | undefined {
  let schema: SchemaDef | undefined
  let rest = path
  const urn = splitSchemaUrn(rt, path)
  if (urn) {
    schema = urn.schema
    rest = urn.rest
    if (rest === '') return undefined // the extension object itself is not an attribute
  }
  const dot = rest.indexOf('.')
  const head = dot < 0 ? rest : rest.slice(0, dot)
  const tail = dot < 0 ? undefined : rest.slice(dot + 1)
  if (tail !== undefined && (tail === '' || tail.includes('.'))) return undefined

  let attribute: AttributeDef | undefined
  if (schema) {
    attribute = findAttribute(schema.attributes, head)
    // the common attributes may also be qualified with the core schema's URN
    if (!attribute && schema === rt.schema) attribute = findAttribute(COMMON_ATTRIBUTES, head)
  } else {
    attribute = findAttribute(COMMON_ATTRIBUTES, head) ?? findAttribute(rt.schema.attributes, head)
    if (attribute && !findAttribute(COMMON_ATTRIBUTES, head)) schema = rt.schema
  }
  if (!attribute) return undefined
  const inExtension = !!schema && schema !== rt.schema
  const subAttribute = tail !== undefined ? findAttribute(attribute.subAttributes, tail) : undefined
  if (tail !== undefined && !subAttribute) return undefined

  const storagePath = [...(inExtension ? [schema!.id] : []), attribute.name, ...(subAttribute ? [subAttribute.name] : [])]
  const local = subAttribute ? `${attribute.name}.${subAttribute.name}` : attribute.name
  return {
    schema,
    inExtension,
    attribute,
    subAttribute,
    storagePath,
    canonical: inExtension ? `${schema!.id}:${local}` : local,
  }
}

/** Whether string comparisons on this attribute are case-sensitive (RFC 7643 section 2.2 caseExact). */
export function isCaseExact(resolved: ResolvedAttribute): boolean {
  return (resolved.subAttribute ?? resolved.attribute).caseExact
}

/** The definition that describes the leaf value: the sub-attribute when there is one. */
export function leafOf(resolved: ResolvedAttribute): AttributeDef {
  return resolved.subAttribute ?? resolved.attribute
}
