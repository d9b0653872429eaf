import type { CompareOperator, ExpressionNode } from './expression-ast'
import { at, MappingExpressionError } from './expression-error'
import { findFunction, notSimulatedFunction, supportedFunctionNames } from './expression-functions'

/**
 * Work bounds: an expression is typed into one text box of the mapping editor, evaluated for every
 * object of every cycle. Anything past these is a mistake or an attack.
 */
export const MAX_EXPRESSION_LENGTH = 2000
export const MAX_EXPRESSION_DEPTH = 20

/** Entra attribute names: `givenName`, `IsSoftDeleted`, `extension_<appId>_costCenter`. */
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const IDENTIFIER_START = /[A-Za-z_]/
const IDENTIFIER_PART = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/

/**
 * Parses an Entra attribute-mapping expression (functions-for-customizing-application-data.md,
 * "Syntax overview"): function calls, `[attribute]` references, double-quoted strings with `\"`
 * and `\\` escapes, bare integers, empty arguments (`Switch([x], , "a", "b")`) and, in any
 * argument, one comparison with = <> < <= > >= (IIF's condition). Function names and arities
 * are checked here, as Entra's editor does on save. Throws MappingExpressionError, and nothing
 * else, for any text that is not a valid expression or is over the length and nesting bounds.
 */
export function parseExpression(text: string): ExpressionNode {
  if (typeof text !== 'string') throw new MappingExpressionError('syntax', 'The expression must be text.', 0)
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new MappingExpressionError(
      'tooLong',
      `The expression is ${text.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are accepted.`,
      MAX_EXPRESSION_LENGTH,
    )
  }
  const parser = new Parser(text)
  parser.skipSpace()
  if (parser.atEnd()) throw new MappingExpressionError('syntax', 'The expression is empty.', 0)
  const node = parser.parseArgument(0)
  parser.expectEnd()
  return node
}

class Parser {
  private pos = 0

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length
  }

  private peek(): string {
    return this.text[this.pos] ?? ''
  }

  skipSpace(): void {
    // expressions in the reference span several lines (SelectUniqueValue, the DateDiff example)
    while (/\s/.test(this.peek()) && !this.atEnd()) this.pos++
  }

  private fail(message: string, position = this.pos, code: 'syntax' | 'unknownFunction' | 'arity' | 'tooDeep' = 'syntax'): never {
    throw new MappingExpressionError(code, message, position)
  }

  private describeHere(): string {
    return this.atEnd() ? 'the end of the expression' : `'${this.peek()}' ${at(this.pos)}`
  }

  expectEnd(): void {
    this.skipSpace()
    if (this.atEnd()) return
    const c = this.peek()
    if (c === ')') this.fail(`Unexpected ')' ${at(this.pos)}: there is no '(' for it to close.`)
    if (c === ',') this.fail(`Unexpected ',' ${at(this.pos)}: arguments are separated by commas only inside a function call.`)
    this.fail(
      `Unexpected ${this.describeHere()} after the end of the expression. An expression is one function call, attribute or string; combine values with a function such as Join or Append.`,
    )
  }

  /** One argument: a term, optionally compared with another (IIF's condition). */
  parseArgument(depth: number): ExpressionNode {
    const left = this.parseTerm(depth)
    this.skipSpace()
    const operator = this.readOperator()
    if (!operator) return left
    this.skipSpace()
    const right = this.parseTerm(depth)
    this.skipSpace()
    if (this.readOperator(false)) {
      // "The IIF function currently doesn't support AND and OR logical operators" (reference, IIF)
      this.fail(`Only one comparison is allowed per argument (${at(this.pos)}). Nest IIF calls to combine conditions, as Entra's reference shows.`)
    }
    return { kind: 'compare', operator, left, right, start: left.start, end: right.end }
  }

  private readOperator(consume = true): CompareOperator | undefined {
    const two = this.text.slice(this.pos, this.pos + 2)
    let operator: CompareOperator | undefined
    if (two === '<>' || two === '<=' || two === '>=') operator = two
    else if (this.peek() === '=' || this.peek() === '<' || this.peek() === '>') operator = this.peek() as CompareOperator
    if (operator && consume) this.pos += operator.length
    return operator
  }

  private parseTerm(depth: number): ExpressionNode {
    const c = this.peek()
    if (c === '"') return this.parseString()
    if (c === '[') return this.parseAttribute()
    if (DIGIT.test(c) || (c === '-' && DIGIT.test(this.text[this.pos + 1] ?? ''))) return this.parseNumber()
    if (IDENTIFIER_START.test(c)) return this.parseCall(depth)
    if (this.atEnd()) this.fail('The expression ends where a value was expected: a function call, an [attribute] or a "string".')
    if (c === ',' || c === ')') this.fail(`A value is missing ${at(this.pos)}: expected a function call, an [attribute] or a "string".`)
    if (c === "'" || c === '“' || c === '”') this.fail(`Strings take straight double quotes ("like this"), not ${c} (${at(this.pos)}).`)
    this.fail(`Unexpected '${c}' ${at(this.pos)}: expected a function call, an [attribute] or a "string".`)
  }

  private parseString(): ExpressionNode {
    const start = this.pos
    this.pos++
    let value = ''
    while (!this.atEnd()) {
      const c = this.peek()
      if (c === '"') {
        this.pos++
        return { kind: 'string', value, start, end: this.pos }
      }
      if (c === '\\') {
        const next = this.text[this.pos + 1]
        // the reference escapes only \ and "; [U] any other backslash is kept as typed, so a
        // regex written "\d" works as well as the reference's "\\d"
        if (next === '"' || next === '\\') {
          value += next
          this.pos += 2
          continue
        }
      }
      value += c
      this.pos++
    }
    this.fail(`The string that starts ${at(start)} has no closing double quote (write \\" for a quote inside a string).`, start)
  }

  private parseAttribute(): ExpressionNode {
    const start = this.pos
    const close = this.text.indexOf(']', start)
    if (close < 0) this.fail(`The attribute reference that starts ${at(start)} has no closing ']'.`, start)
    const raw = this.text.slice(start + 1, close)
    const name = raw.trim()
    if (name === '') this.fail(`The attribute reference ${at(start)} is empty: write the attribute's name inside the brackets, as in [givenName].`, start)
    if (!ATTRIBUTE_NAME.test(name)) {
      const bad = start + 1 + raw.indexOf(name) + firstInvalidCharacter(name)
      this.fail(`'${name}' is not an attribute name: '${this.text[bad]}' ${at(bad)} is not allowed (names are letters, digits, '_', '.' and '-').`, bad)
    }
    this.pos = close + 1
    return { kind: 'attribute', name, start, end: this.pos }
  }

  private parseNumber(): ExpressionNode {
    const start = this.pos
    if (this.peek() === '-') this.pos++
    while (DIGIT.test(this.peek())) this.pos++
    if (IDENTIFIER_PART.test(this.peek()))
      this.fail(`'${this.text.slice(start, this.pos + 1)}' is not a number ${at(start)}: put text in double quotes.`, start)
    return { kind: 'number', value: this.text.slice(start, this.pos), start, end: this.pos }
  }

  private parseCall(depth: number): ExpressionNode {
    const start = this.pos
    while (IDENTIFIER_PART.test(this.peek())) this.pos++
    const name = this.text.slice(start, this.pos)
    this.skipSpace()
    if (this.peek() !== '(') {
      this.fail(
        `'${name}' ${at(start)} is neither a function call nor a value: attributes go in square brackets ([${name}]) and text in double quotes ("${name}").`,
        start,
      )
    }
    const fn = findFunction(name)
    if (!fn) {
      const known = notSimulatedFunction(name)
      if (known)
        this.fail(
          `${known} ${at(start)} is an Entra function this harness does not simulate. Supported: ${supportedFunctionNames().join(', ')}.`,
          start,
          'unknownFunction',
        )
      this.fail(`Unknown function '${name}' ${at(start)}. Supported: ${supportedFunctionNames().join(', ')}.`, start, 'unknownFunction')
    }
    if (depth + 1 > MAX_EXPRESSION_DEPTH) this.fail(`Functions are nested more than ${MAX_EXPRESSION_DEPTH} levels deep ${at(start)}.`, start, 'tooDeep')
    const open = this.pos
    this.pos++
    const args: ExpressionNode[] = []
    this.skipSpace()
    if (this.peek() === ')') {
      this.pos++
    } else {
      for (;;) {
        this.skipSpace()
        // an argument left empty stands for the empty value: Switch([IsSoftDeleted], , "False", ...)
        if (this.peek() === ',' || this.peek() === ')') args.push({ kind: 'empty', start: this.pos, end: this.pos })
        else args.push(this.parseArgument(depth + 1))
        this.skipSpace()
        if (this.peek() === ',') {
          this.pos++
          continue
        }
        if (this.peek() === ')') {
          this.pos++
          break
        }
        if (this.atEnd()) this.fail(`The '(' of ${fn.name} ${at(open)} is never closed: expected ',' or ')' at the end of the expression.`, open)
        this.fail(`Expected ',' or ')' after argument ${args.length} of ${fn.name}, found ${this.describeHere()}.`)
      }
    }
    const call = { kind: 'call' as const, name: fn.name, args, start, end: this.pos }
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const expected =
        fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Number.POSITIVE_INFINITY ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`
      const hint = fn.name === 'Replace' ? ' Leave the unused ones empty, as in Replace([mail], "@old.com", , , "@new.com", , ).' : ''
      this.fail(
        `${fn.name} ${at(start)} takes ${expected} argument${expected === '1' ? '' : 's'}, ${fn.signature}; it was given ${args.length}.${hint}`,
        start,
        'arity',
      )
    }
    fn.check?.(call)
    return call
  }
}

/** Index of the first character that keeps `name` from being an attribute name. */
function firstInvalidCharacter(name: string): number {
  if (!IDENTIFIER_START.test(name[0])) return 0
  for (let i = 1; i < name.length; i++) if (!/[A-Za-z0-9_.-]/.test(name[i])) return i
  return 0
}
