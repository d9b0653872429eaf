import { z } from 'zod'
import type { AttributeMapping } from '../model'
import { MappingExpressionError } from './expression-error'
import { MAX_EXPRESSION_LENGTH, parseExpression } from './expression-parser'

/** SCIM attribute names are case-insensitive (RFC 7643 section 2.1): `userName` and `username` are one target. */
export function targetKey(target: string): string {
  return target.trim().toLowerCase()
}

/** Whether two target paths name the same SCIM attribute. */
export function sameTarget(a: string, b: string): boolean {
  return targetKey(a) === targetKey(b)
}

/** Section 5.3: "The primary key (id) must not be a mapping target"; the server assigns it. */
function isPrimaryKey(target: string): boolean {
  return sameTarget(target, 'id')
}

/**
 * One row of the attribute-mapping editor, as the console saves it. Beyond the field types: the
 * target is not `id` (section 5.3), a direct mapping names an attribute (not `[attr]`), an
 * expression parses (the issue carries the parser's message and, in `params.position`, where
 * it went wrong), and a reference attribute is a direct mapping that is not used for matching.
 */
export const attributeMappingSchema = z
  .strictObject({
    id: z.string().trim().min(1, 'Every mapping needs an id.'),
    type: z.enum(['direct', 'constant', 'expression', 'none'], { error: 'The mapping type is Direct, Constant, Expression or None.' }),
    source: z.string().max(MAX_EXPRESSION_LENGTH, `The source can have at most ${MAX_EXPRESSION_LENGTH.toLocaleString('en-US')} characters.`),
    target: z.string().trim().min(1, 'Choose the target attribute.').max(300, 'The target attribute can have at most 300 characters.'),
    matchingPrecedence: z.number().int('Matching precedence is a whole number.').min(1, 'Matching precedence starts at 1.').optional(),
    applyOn: z.enum(['always', 'createOnly'], { error: 'Apply this mapping: always, or only during object creation.' }),
    defaultValue: z.string().max(1000, 'The default value can have at most 1,000 characters.').optional(),
    isReference: z.boolean().optional(),
  })
  .superRefine((mapping, ctx) => {
    if (isPrimaryKey(mapping.target)) {
      ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: 'The id attribute is assigned by the SCIM server and cannot be a mapping target. Map to externalId to send the source id.',
      })
    }
    if (mapping.type === 'direct') {
      const name = mapping.source.trim()
      if (name === '') ctx.addIssue({ code: 'custom', path: ['source'], message: 'Choose the source attribute.' })
      else if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
        const hint = /^\[.*\]$/.test(name) ? ' (without the brackets: brackets are for expressions)' : ''
        ctx.addIssue({ code: 'custom', path: ['source'], message: `'${name}' is not a source attribute name${hint}.` })
      }
    }
    if (mapping.type === 'constant' && mapping.source === '') {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'A constant mapping needs the text to send.' })
    }
    if (mapping.type === 'expression') {
      try {
        parseExpression(mapping.source)
      } catch (error) {
        if (!(error instanceof MappingExpressionError)) throw error
        ctx.addIssue({ code: 'custom', path: ['source'], message: error.message, params: { position: error.position, code: error.code } })
      }
    }
    if (mapping.isReference && mapping.type !== 'direct') {
      // the reference's Switch entry: it "shouldn't be used for referential attributes such as manager"
      ctx.addIssue({ code: 'custom', path: ['type'], message: 'A reference attribute (manager, members) takes a direct mapping of the source reference.' })
    }
    if (mapping.isReference && mapping.matchingPrecedence !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['matchingPrecedence'], message: 'A reference attribute cannot be a matching attribute.' })
    }
  })

/**
 * A whole mapping table: each row valid, ids unique, at most one mapping per target attribute
 * (the editor offers each target once), and distinct matching precedences, since Entra tries
 * matching attributes one at a time in precedence order (section 5.3).
 */
export const attributeMappingListSchema = z
  .array(attributeMappingSchema)
  .max(200, 'A mapping table can have at most 200 rows.')
  .superRefine((mappings, ctx) => {
    mappings.forEach((mapping, index) => {
      const earlier = mappings.slice(0, index)
      if (earlier.some((m) => m.id === mapping.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Another mapping already has the id '${mapping.id}'.` })
      if (earlier.some((m) => sameTarget(m.target, mapping.target))) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'target'],
          message: `Another mapping already targets ${mapping.target.trim()}; an attribute takes one mapping.`,
        })
      }
      if (mapping.matchingPrecedence !== undefined && earlier.some((m) => m.matchingPrecedence === mapping.matchingPrecedence)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'matchingPrecedence'],
          message: `Matching precedence ${mapping.matchingPrecedence} is already used by another mapping.`,
        })
      }
    })
  })

// compile-time proof that the schema and the model describe the same thing
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemaMatchesModel: Same<z.infer<typeof attributeMappingSchema>, AttributeMapping> = true
void schemaMatchesModel
