import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  evaluateExpression,
  MappingExpressionError,
  MAX_EXPRESSION_DEPTH,
  parseExpression,
  referencedAttributes,
  type ExpressionValue,
} from '../../src/main/core/azure/mappings'

/** The MappingExpressionError `text` raises (fails the test if it parses or throws anything else). */
function parseError(text: string): MappingExpressionError {
  try {
    parseExpression(text)
  } catch (error) {
    expect(error).toBeInstanceOf(MappingExpressionError)
    return error as MappingExpressionError
  }
  throw new Error(`expected "${text}" to be refused`)
}

describe('parseExpression', () => {
  it('reads calls, attributes, strings, numbers, empty arguments and comparisons with their offsets', () => {
    expect(parseExpression('Switch([IsSoftDeleted], , "False", "True", "True", "False")')).toMatchObject({
      kind: 'call',
      name: 'Switch',
      start: 0,
      args: [
        { kind: 'attribute', name: 'IsSoftDeleted', start: 7, end: 22 },
        { kind: 'empty', start: 24 },
        { kind: 'string', value: 'False' },
        { kind: 'string', value: 'True' },
        { kind: 'string', value: 'True' },
        { kind: 'string', value: 'False' },
      ],
    })
    expect(parseExpression('IIF([country] <> "US", Left([x], 2), )')).toMatchObject({
      args: [
        { kind: 'compare', operator: '<>', left: { kind: 'attribute', name: 'country' }, right: { kind: 'string', value: 'US' } },
        { kind: 'call', name: 'Left', args: [{ kind: 'attribute' }, { kind: 'number', value: '2' }] },
        { kind: 'empty' },
      ],
    })
  })

  it('counts a trailing empty argument before the closing parenthesis', () => {
    const call = parseExpression('Replace([mail], "@contoso.com", , ,"", ,)')
    expect(call.kind === 'call' && call.args.map((a) => a.kind)).toEqual(['attribute', 'string', 'empty', 'empty', 'string', 'empty', 'empty'])
  })

  it('accepts expressions over several lines and function names in any case', () => {
    expect(parseExpression('switch([x],\n  "d",\n  "a", "b")')).toMatchObject({ kind: 'call', name: 'Switch' })
    expect(parseExpression('toLower( [mail] )')).toMatchObject({ name: 'ToLower' })
  })

  it('lists the attributes an expression reads', () => {
    expect(referencedAttributes(parseExpression('Coalesce([mail], Join(".", [givenName], [mail]))'))).toEqual(['mail', 'givenName'])
  })
})

describe('parse errors', () => {
  it.each([
    ['', 0, /empty/],
    ['Join(" ", [givenName] [surname])', 22, /Expected ',' or '\)' after argument 2 of Join, found '\[' at character 23/],
    ['ToLower([mail]', 7, /'\(' of ToLower at character 8 is never closed/],
    ['ToLower("abc)', 8, /string that starts at character 9 has no closing double quote/],
    ['ToLower([mail)', 8, /attribute reference that starts at character 9 has no closing '\]'/],
    ['ToLower([])', 8, /attribute reference at character 9 is empty/],
    ['ToLower([first name])', 14, /'first name' is not an attribute name: ' ' at character 15/],
    ['ToLower(mail)', 8, /'mail' at character 9 is neither a function call nor a value: attributes go in square brackets \(\[mail\]\)/],
    ["ToLower('x')", 8, /straight double quotes/],
    ['ToLower([a]) x', 13, /after the end of the expression/],
    ['ToLower([a]))', 12, /no '\(' for it to close/],
    ['IIF([a]="x" = "y", "1", "2")', 12, /Only one comparison is allowed per argument/],
    ['IIF([a]=, "1", "2")', 8, /A value is missing at character 9/],
    ['Left([a], 3x)', 10, /'3x' is not a number/],
  ])('refuses %j at offset %i', (text, position, message) => {
    const error = parseError(text)
    expect(error.code).toBe('syntax')
    expect(error.position).toBe(position)
    expect(error.message).toMatch(message)
  })

  it('refuses an unknown function, naming the ones it knows', () => {
    const error = parseError('Append([a], Frobnicate([b]))')
    expect(error).toMatchObject({ code: 'unknownFunction', position: 12 })
    expect(error.message).toMatch(/Unknown function 'Frobnicate' at character 13\. Supported: Append, .*Switch/)
  })

  it('says when an Entra function exists but is not simulated', () => {
    expect(parseError('SingleAppRoleAssignment([appRoleAssignments])').message).toMatch(
      /SingleAppRoleAssignment at character 1 is an Entra function this harness does not simulate/,
    )
    expect(parseError('formatdatetime([x], , "a", "b")').message).toMatch(/^FormatDateTime /)
  })

  it.each([
    ['ToLower()', 0, /ToLower at character 1 takes 1 to 2 arguments, ToLower\(source, culture\); it was given 0/],
    ['Append([a])', 0, /Append at character 1 takes 2 arguments/],
    ['Join(" ")', 0, /Join at character 1 takes at least 2 arguments/],
    ['Not([a], [b])', 0, /Not at character 1 takes 1 argument, Not\(source\); it was given 2/],
    ['Append("x", Replace([mail], "a", "b"))', 12, /Replace at character 13 takes 7 arguments.*Leave the unused ones empty/],
    [
      'Switch([x], "d", "k")',
      0,
      /Switch at character 1 takes at least 4 arguments, Switch\(source, defaultValue, key1, value1, key2, value2, \.\.\.\); it was given 3/,
    ],
    [
      'Switch([x], "d", "k1", "v1", "k2")',
      0,
      /Switch takes the source, a default value, then key and value pairs: an even number of arguments\. It was given 5/,
    ],
  ])('refuses the wrong number of arguments in %j', (text, position, message) => {
    const error = parseError(text)
    expect(error).toMatchObject({ code: 'arity', position })
    expect(error.message).toMatch(message)
  })

  it('refuses expressions over 2,000 characters', () => {
    const fits = `Append([a], "${'x'.repeat(2000 - 'Append([a], "")'.length)}")`
    expect(fits).toHaveLength(2000)
    expect(() => parseExpression(fits)).not.toThrow()
    expect(parseError(fits + ' ')).toMatchObject({ code: 'tooLong' })
  })

  it(`refuses functions nested more than ${MAX_EXPRESSION_DEPTH} deep`, () => {
    const nest = (depth: number): string => 'ToLower('.repeat(depth) + '[a]' + ')'.repeat(depth)
    expect(() => parseExpression(nest(MAX_EXPRESSION_DEPTH))).not.toThrow()
    const error = parseError(nest(MAX_EXPRESSION_DEPTH + 1))
    expect(error).toMatchObject({ code: 'tooDeep', position: 8 * MAX_EXPRESSION_DEPTH })
  })

  it('accepts a Replace pattern with nested quantifiers: it runs in linear time', () => {
    expect(() => parseExpression('Replace([x], , "(a+)+$", , "", , )')).not.toThrow()
  })

  it('refuses a Replace pattern that needs backtracking or is over 200 characters, pointing at the pattern', () => {
    const lookahead = parseError('Replace([x], , "(?=a)b", , "", , )')
    expect(lookahead).toMatchObject({ code: 'invalidRegex', position: 15 })
    expect(lookahead.message).toMatch(/uses a lookahead.*linear-time engine.*regexPattern of Replace at character 16/)
    expect(parseError(`Replace([x], , "${'a'.repeat(201)}", , "", , )`)).toMatchObject({ code: 'invalidRegex' })
    expect(() => parseExpression(`Replace([x], , "${'a'.repeat(200)}", , "", , )`)).not.toThrow()
  })

  it('refuses a Replace pattern the engine cannot compile', () => {
    expect(parseError('Replace([x], , "[z-a]", , "", , )')).toMatchObject({ code: 'invalidRegex', position: 15 })
  })
})

describe('properties', () => {
  it('throws nothing but MappingExpressionError on random text', () => {
    const alphabet = fc.constantFrom(...'SwitchJoinReplaceIIF()[],"\\ <>=-019aZ_\n'.split(''))
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.array(alphabet, { maxLength: 80 }).map((cs) => cs.join('')),
    )
    fc.assert(
      fc.property(text, (t) => {
        try {
          parseExpression(t)
        } catch (error) {
          if (!(error instanceof MappingExpressionError)) throw error
          expect(error.position).toBeGreaterThanOrEqual(0)
          expect(error.position).toBeLessThanOrEqual(t.length)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('evaluates any well-formed expression over any attribute values without throwing', () => {
    const attribute = fc.constantFrom('[a]', '[b]', '[list]', '[flag]')
    const literal = fc.constantFrom('"x"', '""', '"True"', '"a b"', '3', '-1', '0', '"\\\\d+"', '"(?<g>a)"')
    const value: fc.Arbitrary<ExpressionValue> = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.string({ maxLength: 8 }),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    )
    const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        attribute,
        literal,
        fc
          .tuple(fc.constantFrom('ToLower', 'ToUpper', 'Not', 'Trim', 'StripSpaces', 'NormalizeDiacritics', 'IsPresent', 'CStr'), tie('e'))
          .map(([f, a]) => `${f}(${a})`),
        fc.tuple(fc.constantFrom('Append', 'Left', 'Join', 'Coalesce'), tie('e'), tie('e')).map(([f, a, b]) => `${f}(${a}, ${b})`),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `Mid(${a}, ${b}, ${c})`),
        fc.tuple(tie('e'), fc.constantFrom('=', '<>', '<', '>='), tie('e'), tie('e'), tie('e')).map(([a, op, b, c, d]) => `IIF(${a}${op}${b}, ${c}, ${d})`),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `Switch(${a}, , ${b}, ${c})`),
        fc.tuple(fc.array(fc.oneof(tie('e'), fc.constant('')), { minLength: 7, maxLength: 7 })).map(([args]) => `Replace(${args.join(', ')})`),
      ),
    })).e
    fc.assert(
      fc.property(expression, fc.record({ a: value, b: value, list: value, flag: value }), (text, attributes) => {
        let node
        try {
          node = parseExpression(text)
        } catch (error) {
          // a generated Replace may carry an unsafe literal pattern: refusing it is the point
          if (error instanceof MappingExpressionError) return
          throw error
        }
        const result = evaluateExpression(node, (name) => attributes[name as keyof typeof attributes])
        expect(result === null || ['string', 'boolean'].includes(typeof result) || Array.isArray(result)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})
