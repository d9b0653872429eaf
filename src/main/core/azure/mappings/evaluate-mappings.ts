import type { AttributeMapping, SourceGroup, SourceUser, TargetValue } from '../model'
import type { ExpressionNode } from './expression-ast'
import { MappingExpressionError } from './expression-error'
import { evaluateExpression } from './expression-evaluator'
import { parseExpression } from './expression-parser'
import { isEmptyValue, type ExpressionValue } from './expression-values'
import { sameTarget, targetKey } from './mapping-schema'
import { isSourceGroup, sourceAttributeResolver } from './source-attributes'

export interface MappingContext {
  /** The object is out of scope (unassigned, failing a scoping filter); see sourceAttributeResolver. */
  isSoftDeleted: boolean
  operation: 'create' | 'update'
}

export interface MappingEvaluation {
  /** Target values keyed by each mapping's target path exactly as written. Empty values are absent. */
  values: Map<string, TargetValue>
  /**
   * Reference attributes (manager, members) as source objectIds, keyed by target path. Every
   * applied reference mapping has an entry, an empty list when the source has none, so the
   * reference pass can tell "no manager" from "manager not mapped".
   */
  references: Map<string, string[]>
  /** Mappings that produced nothing, and why (for provisioning logs and provision on demand). */
  skipped: { target: string; reason: string }[]
}

const parsed = new Map<string, ExpressionNode | MappingExpressionError>()
const MAX_CACHED_EXPRESSIONS = 1000

/** Parses once per distinct text: a cycle evaluates the same few expressions for every object. */
function parseCached(text: string): ExpressionNode | MappingExpressionError {
  let entry = parsed.get(text)
  if (entry === undefined) {
    try {
      entry = parseExpression(text)
    } catch (error) {
      if (!(error instanceof MappingExpressionError)) throw error
      entry = error
    }
    if (parsed.size >= MAX_CACHED_EXPRESSIONS) parsed.clear()
    parsed.set(text, entry)
  }
  return entry
}

function asReferenceIds(value: ExpressionValue): string[] {
  if (Array.isArray(value)) return [...value]
  return typeof value === 'string' && value !== '' ? [value] : []
}

/**
 * Runs a mapping table over one source user or group, as Entra does before it builds a request
 * (azure-ad-provisioning.md section 5.3): "Only during creation" mappings are skipped on update;
 * "Default value if null" fills an empty result on create only; null and empty results are left
 * out; reference attributes come back separately as source objectIds. Never throws: a mapping that
 * cannot be evaluated (an expression that does not parse, an unknown source attribute) is listed
 * in `skipped` with the reason.
 */
export function evaluateMappings(mappings: readonly AttributeMapping[], source: SourceUser | SourceGroup, context: MappingContext): MappingEvaluation {
  const resolve = sourceAttributeResolver(source, context.isSoftDeleted)
  const kind = isSourceGroup(source) ? 'group' : 'user'
  const result: MappingEvaluation = { values: new Map(), references: new Map(), skipped: [] }
  const skip = (target: string, reason: string): void => {
    result.skipped.push({ target, reason })
  }
  const applied = new Set<string>()

  for (const mapping of mappings) {
    const { target } = mapping
    if (sameTarget(target, 'id')) {
      skip(target, 'The id attribute is assigned by the SCIM server and cannot be a mapping target (section 5.3).')
      continue
    }
    if (applied.has(targetKey(target))) {
      skip(target, 'Another mapping already targets this attribute; the first one applies.')
      continue
    }
    applied.add(targetKey(target))
    if (mapping.applyOn === 'createOnly' && context.operation === 'update') {
      skip(target, 'Applied only during object creation.')
      continue
    }

    if (mapping.isReference) {
      if (mapping.type !== 'direct') {
        skip(target, 'A reference attribute takes a direct mapping of the source reference.')
        continue
      }
      const value = resolve(mapping.source)
      if (value === undefined) skip(target, `'${mapping.source}' is not an attribute of a source ${kind}.`)
      else result.references.set(target, asReferenceIds(value))
      continue
    }

    let value: ExpressionValue
    if (mapping.type === 'direct') {
      const read = resolve(mapping.source)
      if (read === undefined) {
        skip(target, `'${mapping.source}' is not an attribute of a source ${kind}.`)
        continue
      }
      value = read
    } else if (mapping.type === 'constant') {
      value = mapping.source
    } else if (mapping.type === 'expression') {
      const node = parseCached(mapping.source)
      if (node instanceof MappingExpressionError) {
        skip(target, `The expression does not parse: ${node.message}`)
        continue
      }
      value = evaluateExpression(node, resolve)
    } else {
      // type None: no source; only a default value can fill it, on create
      value = null
    }

    // "Default value if null" applies only on create (section 5.3)
    if (isEmptyValue(value) && context.operation === 'create' && mapping.defaultValue) value = mapping.defaultValue
    if (value === null || isEmptyValue(value)) {
      skip(target, 'No value: null and empty values are not provisioned (section 5.3).')
      continue
    }
    result.values.set(target, value)
  }
  return result
}

/** The mappings used for matching, in precedence order (Entra tries them one at a time, section 5.3). */
export function matchingAttributes(mappings: readonly AttributeMapping[]): AttributeMapping[] {
  return mappings.filter((m) => m.matchingPrecedence !== undefined).sort((a, b) => a.matchingPrecedence! - b.matchingPrecedence!)
}
