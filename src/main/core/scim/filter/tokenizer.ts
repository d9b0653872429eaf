import { badRequest } from '../errors'

/**
 * A single-pass, regex-free tokenizer for filter text. It replaces scim2-parse-filter 0.2.10's
 * tokenizer, whose string pattern `"(?:[^"\\]|\\.|\n)*"` backtracks exponentially on an
 * unterminated string holding newlines (measured: 24 newlines take 160 ms, each one more
 * doubles it), and which cannot report where an error is.
 */

export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'eof'

export interface Token {
  kind: TokenKind
  /** The source text of the token (for a string: with its quotes). */
  text: string
  /** The decoded value of a string token. */
  value?: string
  /** Zero-based offsets into the filter text. */
  start: number
  end: number
}

const PUNCTUATION = new Set(['(', ')', '[', ']'])

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0'
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Splits filter text into tokens. Throws invalidFilter for an unterminated string. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i]
    if (isSpace(c)) {
      i++
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, start: i, end: i + 1 })
      i++
    } else if (c === '"') {
      const start = i
      let value = ''
      i++
      let closed = false
      while (i < n) {
        const d = text[i]
        if (d === '"') {
          closed = true
          i++
          break
        }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1]
          const hex = text.slice(i + 2, i + 6)
          if (SIMPLE_ESCAPES[e] !== undefined) {
            value += SIMPLE_ESCAPES[e]
            i += 2
          } else if (e === 'u' && hex.length === 4 && isHex(hex)) {
            value += String.fromCharCode(parseInt(hex, 16))
            i += 6
          } else {
            // an unknown escape keeps its backslash, as scim2-parse-filter does: `\d` stays `\d`
            value += d
            i++
          }
        } else {
          value += d
          i++
        }
      }
      if (!closed) {
        throw badRequest('invalidFilter', `Unterminated string: the quote at position ${start} is never closed.`)
      }
      tokens.push({ kind: 'string', text: text.slice(start, i), value, start, end: i })
    } else {
      const start = i
      while (i < n && !isSpace(text[i]) && !PUNCTUATION.has(text[i]) && text[i] !== '"') i++
      tokens.push({ kind: 'word', text: text.slice(start, i), start, end: i })
    }
  }
  tokens.push({ kind: 'eof', text: '', start: n, end: n })
  return tokens
}

function isHex(s: string): boolean {
  for (const c of s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false
  }
  return true
}

/** How a token reads in an error message. */
export function describeToken(t: Token): string {
  if (t.kind === 'eof') return 'the end of the filter'
  const shown = t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text
  return `'${shown}' at position ${t.start}`
}
