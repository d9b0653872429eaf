import { badRequest } from '../errors'
import type { RuleTrace } from '../leniency'
import { isCompareOperator, type FilterLiteral, type FilterNode } from './ast'
import { describeToken, tokenize, type Token } from './tokenizer'
import { FILTER_NOT_WITHOUT_PARENTHESES, FILTER_UNQUOTED_VALUE, FILTER_VALUE_PATH_SUB_ATTRIBUTE } from './rules'

/** Work bounds: a filter is one query-string parameter, so anything near these is an attack or a bug. */
export const MAX_FILTER_LENGTH = 10_000
export const MAX_FILTER_DEPTH = 50
export const MAX_FILTER_COMPARISONS = 500

/** JSON number grammar (RFC 8259 section 6); a bare `007` or `1e` is not a number but a word. */
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/
/** RFC 7644 ATTRNAME (plus `$ref`), optionally with one sub-attribute. No nested quantifiers. */
const ATTR_PATH = /^[A-Za-z$][\w$-]*(?:\.[A-Za-z$][\w$-]*)?$/
const SUB_ATTR = /^[A-Za-z$][\w$-]*$/

/**
 * Parses an RFC 7644 section 3.4.2.2 filter. `and` binds tighter than `or`; operators and
 * keywords are case-insensitive. Leniencies (unquoted values, Entra's `emails[...].value eq`,
 * `not` without parentheses) fire on `trace`. Any syntax error, and any filter over the work
 * bounds, throws ScimError 400 invalidFilter naming what is wrong and where.
 */
export function parseFilter(text: string, trace?: RuleTrace): FilterNode {
  if (typeof text !== 'string') throw badRequest('invalidFilter', 'The filter must be a string.')
  if (text.length > MAX_FILTER_LENGTH) {
    throw badRequest('invalidFilter', `The filter is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted.`)
  }
  const parser = new Parser(tokenize(text), trace)
  if (parser.peek().kind === 'eof') throw badRequest('invalidFilter', 'The filter is empty.')
  const node = parser.parseOr(0)
  const rest = parser.peek()
  if (rest.kind !== 'eof') {
    const hint =
      rest.kind === ')'
        ? ' (unbalanced parentheses: no matching "(")'
        : rest.kind === ']'
          ? ' (no matching "[")'
          : "; expected 'and', 'or' or the end of the filter (quote values that contain spaces)"
    throw badRequest('invalidFilter', `Unexpected ${describeToken(rest)}${hint}.`)
  }
  return node
}

class Parser {
  private i = 0
  private comparisons = 0

  constructor(
    private readonly tokens: Token[],
    private readonly trace?: RuleTrace,
  ) {}

  peek(): Token {
    return this.tokens[this.i]
  }

  private next(): Token {
    const t = this.tokens[this.i]
    if (t.kind !== 'eof') this.i++
    return t
  }

  private keyword(t: Token): string | undefined {
    return t.kind === 'word' ? t.text.toLowerCase() : undefined
  }

  private enter(depth: number, at: Token): number {
    if (depth + 1 > MAX_FILTER_DEPTH) {
      throw badRequest('invalidFilter', `The filter nests deeper than ${MAX_FILTER_DEPTH} levels (at position ${at.start}).`)
    }
    return depth + 1
  }

  /** or-expression: and-expressions joined by `or` (lowest precedence). */
  parseOr(depth: number): FilterNode {
    const first = this.parseAnd(depth)
    if (this.keyword(this.peek()) !== 'or') return first
    const filters = [first]
    while (this.keyword(this.peek()) === 'or') {
      this.next()
      filters.push(this.parseAnd(depth))
    }
    return { op: 'or', filters }
  }

  private parseAnd(depth: number): FilterNode {
    const first = this.parseUnary(depth)
    if (this.keyword(this.peek()) !== 'and') return first
    const filters = [first]
    while (this.keyword(this.peek()) === 'and') {
      this.next()
      filters.push(this.parseUnary(depth))
    }
    return { op: 'and', filters }
  }

  private parseUnary(depth: number): FilterNode {
    const t = this.peek()
    if (this.keyword(t) === 'not' && this.isNotKeyword()) {
      this.next()
      const inner = this.peek()
      if (inner.kind !== '(') this.trace?.fire(FILTER_NOT_WITHOUT_PARENTHESES)
      return { op: 'not', filter: this.parseUnary(this.enter(depth, t)) }
    }
    return this.parsePrimary(depth)
  }

  /**
   * `not` followed by a word is the keyword only when that word is not an operator: an attribute
   * could be called `not` (`not pr`), which RFC 7644 does not forbid.
   */
  private isNotKeyword(): boolean {
    const after = this.keyword(this.tokens[this.i + 1])
    return !(after !== undefined && (isCompareOperator(after) || after === 'pr'))
  }

  private parsePrimary(depth: number): FilterNode {
    const t = this.next()
    if (t.kind === '(') {
      const node = this.parseOr(this.enter(depth, t))
      const close = this.next()
      if (close.kind !== ')') {
        throw badRequest('invalidFilter', `Unbalanced parentheses: the "(" at position ${t.start} is not closed; found ${describeToken(close)}.`)
      }
      return node
    }
    if (t.kind !== 'word') {
      throw badRequest('invalidFilter', `Expected an attribute path or "(", found ${describeToken(t)}.`)
    }
    return this.parseAttributeExpression(t, depth)
  }

  private parseAttributeExpression(pathToken: Token, depth: number): FilterNode {
    const attrPath = checkPath(pathToken)
    const t = this.peek()
    if (t.kind === '[') {
      this.next()
      const valFilter = this.parseOr(this.enter(depth, t))
      const close = this.next()
      if (close.kind !== ']') {
        throw badRequest('invalidFilter', `The "[" at position ${t.start} is not closed; found ${describeToken(close)}.`)
      }
      const sub = this.peek()
      // Entra's matching query: `emails[type eq "work"].value eq "x"` (azure-ad-provisioning.md 3.3)
      if (sub.kind === 'word' && sub.start === close.end && sub.text.startsWith('.')) {
        this.next()
        const name = sub.text.slice(1)
        if (!SUB_ATTR.test(name)) {
          throw badRequest('invalidFilter', `Expected a sub-attribute name after "]." at position ${sub.start}, found '${sub.text}'.`)
        }
        this.trace?.fire(FILTER_VALUE_PATH_SUB_ATTRIBUTE)
        const comparison = this.parseOperatorAndValue(name, sub)
        return { op: '[]', attrPath, valFilter: { op: 'and', filters: [valFilter, comparison] } }
      }
      return { op: '[]', attrPath, valFilter }
    }
    return this.parseOperatorAndValue(attrPath, pathToken)
  }

  private parseOperatorAndValue(attrPath: string, pathToken: Token): FilterNode {
    if (++this.comparisons > MAX_FILTER_COMPARISONS) {
      throw badRequest('invalidFilter', `The filter has more than ${MAX_FILTER_COMPARISONS} comparisons.`)
    }
    const opToken = this.next()
    const op = this.keyword(opToken)
    if (op === 'pr') return { op: 'pr', attrPath }
    if (op === undefined || !isCompareOperator(op)) {
      const found = opToken.kind === 'eof' ? 'nothing' : describeToken(opToken)
      throw badRequest(
        'invalidFilter',
        `Unknown or missing operator after '${pathToken.text}' (position ${pathToken.start}): found ${found}; expected one of eq, ne, co, sw, ew, gt, ge, lt, le, pr.`,
      )
    }
    return { op, attrPath, compValue: this.parseValue(opToken) }
  }

  private parseValue(opToken: Token): FilterLiteral {
    const t = this.peek()
    if (t.kind === 'string') {
      this.next()
      return t.value!
    }
    if (t.kind !== 'word') {
      throw badRequest('invalidFilter', `Missing value after '${opToken.text}' at position ${opToken.start}: found ${describeToken(t)}.`)
    }
    this.next()
    if (t.text === 'true') return true
    if (t.text === 'false') return false
    if (t.text === 'null') return null
    if (NUMBER.test(t.text)) return Number(t.text)
    // Microsoft's Postman collection: `name.FamilyName eq Employee`, `userName sw O` (scim-peers.md section 4)
    this.trace?.fire(FILTER_UNQUOTED_VALUE)
    return t.text
  }
}

/** Checks the shape of an attribute path (RFC 7644 attrPath); whether it exists is compileFilter's job. */
function checkPath(t: Token): string {
  const path = t.text
  let local = path
  if (/^urn:/i.test(path)) {
    const colon = path.lastIndexOf(':')
    local = path.slice(colon + 1)
  }
  if (!ATTR_PATH.test(local)) {
    throw badRequest('invalidFilter', `Expected an attribute path at position ${t.start}, found '${path.length > 40 ? path.slice(0, 40) + '…' : path}'.`)
  }
  return path
}
