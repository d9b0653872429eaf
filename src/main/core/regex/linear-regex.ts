import type { RE2JS, RE2JSSyntaxException } from 're2js'

/*
 * Regular expressions that people type and the server runs on data it receives: a CAL rule's
 * matchesRegex, the regexPattern of the mapping function Replace, and (to come) fault-rule paths
 * and scoping filters' REGEX MATCH. They run on RE2 (the re2js port), which matches in time
 * linear in the text, never on V8's backtracking RegExp: there, `(a+)+b` against a 32-character
 * title ran for over a minute and stalled every other request, and a syntactic guard in front of
 * it could be walked around (`[]|(a+)+b]`, counted repeats such as `[\s\S]{0,1000}` repeated).
 *
 * The dialect is RE2's (github.com/google/re2/wiki/Syntax), which reads like .NET's and
 * JavaScript's for everyday patterns, named groups `(?<name>...)` and `(?P<name>...)` included,
 * and `\uXXXX` is accepted as in both. It has no lookarounds and no backreferences: those are
 * what make backtracking necessary, so they are refused with a message saying so. Known
 * differences on what it accepts: `\s` is ASCII whitespace only; a `]` right after `[` is a
 * literal, as in .NET (`[]a]` is `]` or `a`), where JavaScript reads `[]` as an empty class;
 * case-insensitive matching uses Unicode simple case folding (`k` also matches the Kelvin sign).
 *
 * Linear is not free: a match costs up to (compiled program size) x (text length) steps. That
 * is the case for a pattern built to keep every instruction alive, such as
 * `(?:a|b){0,160}b{160}c` (~500 instructions): 13 ms per 1,000 characters on the 2-vCPU VM,
 * where everyday rules such as `^[a-z]+\.[a-z]+@contoso\.com$` take 2 ms or less (measured on
 * hostile texts). Hence three bounds, each with a reason:
 *
 * - MAX_PATTERN_LENGTH: compiling is the expensive part before any match, up to ~0.4 s for a
 *   200-character pattern of counted repeats (measured), and a pattern is also shown in tables
 *   and error messages. Real rules are short.
 * - MAX_PROGRAM_SIZE: what bounds the cost of a match. Pattern length does not: `{0,1000}` copies
 *   its item a thousand times, so 14 characters compile to 2,000 instructions.
 * - MAX_SUBJECT_LENGTH: only the first 1,000 characters of a value are matched, so one match
 *   costs at most ~13 ms whatever length a client sends (a SCIM body may hold 1 MiB). Directory
 *   values are far shorter (Entra caps displayName at 256 characters, jobTitle at 128). The
 *   bound is per value: one POST of 900 emails of 1,000 characters (a 1 MiB body) against a
 *   rule built as above took 4.5 s, the same POST against everyday rules 0.2 s (measured).
 */

/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 200
/** Largest compiled program accepted, in RE2 instructions (`^[a-z]+\.[a-z]+@contoso\.com$` is 21). */
export const MAX_PROGRAM_SIZE = 500
/** Characters of a value a match looks at; the rest of the value is not matched. */
export const MAX_SUBJECT_LENGTH = 1000

export interface LinearRegexOptions {
  /** Match ignoring case (Unicode simple case folding). */
  ignoreCase?: boolean
}

/** Why a pattern cannot be used: `message` says what is wrong and what to do, for a person. */
export class InvalidRegexError extends Error {
  override readonly name = 'InvalidRegexError'
  readonly code = 'invalidRegex'

  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(message)
  }
}

/** One match, with offsets in UTF-16 code units as String.prototype.slice counts them. */
export interface RegexMatch {
  index: number
  end: number
  /** The texts as a RegExpExecArray holds them: [0] the match, then each group; undefined for a group that took no part. */
  groups: (string | undefined)[]
  /** [start, end] of each group by number; undefined for a group that took no part. */
  spans: ([number, number] | undefined)[]
}

/** A compiled pattern. Every method matches the first MAX_SUBJECT_LENGTH characters of its text only. */
export interface LinearRegex {
  readonly pattern: string
  /** Group name to group number. */
  readonly groupNames: Readonly<Record<string, number>>
  /** Whether the pattern matches anywhere in the text. */
  test(text: string): boolean
  /** The successive non-overlapping matches, as String.prototype.matchAll with the g flag gives them. */
  matchAll(text: string): Generator<RegexMatch>
}

/** The part of a value a match looks at. */
export function matchedPart(text: string): string {
  return text.length > MAX_SUBJECT_LENGTH ? text.slice(0, MAX_SUBJECT_LENGTH) : text
}

// re2js is loaded with the first pattern, not at start-up, where it would add ~20 ms to every
// cold start (measured) of a workspace that may have no regex rule at all. require, not
// import(): the bundle is CommonJS and re2js stays external.
let engine: typeof import('re2js') | undefined
// eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy and synchronous, see above
const re2js = (): typeof import('re2js') => (engine ??= require('re2js') as typeof import('re2js'))

// Compiling costs far more than a match and rules run the same few patterns for thousands of
// users; refusals are kept too, so a bad stored pattern is not recompiled per user. Bounded, so
// a long session of edited patterns (or patterns built from data) cannot grow it forever.
const CACHE_LIMIT = 500
const cache = new Map<string, LinearRegex | InvalidRegexError>()

/**
 * Compiles a pattern someone typed for the linear-time engine, or throws InvalidRegexError
 * saying what is wrong and what to do. Results are cached, refusals included.
 */
export function compileLinearRegex(pattern: string, options: LinearRegexOptions = {}): LinearRegex {
  const key = `${options.ignoreCase ? 'i' : '-'}${pattern}`
  let entry = cache.get(key)
  if (entry === undefined) {
    entry = compile(pattern, options)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(key, entry)
  }
  if (entry instanceof InvalidRegexError) throw entry
  return entry
}

function compile(pattern: string, options: LinearRegexOptions): LinearRegex | InvalidRegexError {
  const shown = pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return new InvalidRegexError(
      pattern,
      `The regular expression is ${pattern.length} characters long; the limit is ${MAX_PATTERN_LENGTH}. Shorten it: longer patterns take long to compile and are hard to check by eye.`,
    )
  }
  const { RE2JS, RE2JSSyntaxException } = re2js()
  let re: RE2JS
  try {
    re = RE2JS.compile(toRe2Syntax(pattern), options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) throw error
    return new InvalidRegexError(pattern, `'${shown}' is not a valid regular expression: ${syntaxProblem(pattern, error)}`)
  }
  const size = re.programSize()
  if (size > MAX_PROGRAM_SIZE) {
    return new InvalidRegexError(
      pattern,
      `The regular expression '${shown}' is too large to run safely: it compiles to ${size} steps and the limit is ${MAX_PROGRAM_SIZE}. A counted repeat is copied once per count ({0,1000} makes 1,000 copies): use * or + instead, or a smaller count.`,
    )
  }
  return linearRegex(pattern, re)
}

function linearRegex(pattern: string, re: RE2JS): LinearRegex {
  const groupNames = Object.freeze({ ...re.namedGroups() })
  const groupCount = re.groupCount()
  return {
    pattern,
    groupNames,
    // Matcher.find rather than RE2JS.test: test's lazy DFA is faster on everyday patterns, but
    // on one built to blow up the DFA it measured 234 ms per 1,000 characters against find's
    // 31 ms at 1,000 instructions; everyday patterns cost find under 1 ms per 1,000 characters.
    test: (text) => re.matcher(matchedPart(text)).find(),
    *matchAll(text) {
      const matcher = re.matcher(matchedPart(text))
      while (matcher.find()) {
        const groups: (string | undefined)[] = []
        const spans: ([number, number] | undefined)[] = []
        for (let n = 0; n <= groupCount; n++) {
          const start = matcher.start(n)
          groups.push(start < 0 ? undefined : (matcher.group(n) ?? undefined))
          spans.push(start < 0 ? undefined : [start, matcher.end(n)])
        }
        yield { index: matcher.start(), end: matcher.end(), groups, spans }
      }
    },
  }
}

const HEX4 = /^[0-9a-fA-F]{4}$/

/** The pattern in RE2's syntax: `\uXXXX`, which .NET and JavaScript both know, becomes `\x{XXXX}`. */
function toRe2Syntax(pattern: string): string {
  if (!pattern.includes('\\u')) return pattern
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c !== '\\') {
      out += c
      continue
    }
    const hex = pattern.slice(i + 2, i + 6)
    if (pattern[i + 1] === 'u' && HEX4.test(hex)) {
      out += `\\x{${hex}}`
      i += 5
    } else {
      // an escape pair is copied whole, so the u of `\\u0041` (a backslash, then "u0041") stays literal
      out += c + (pattern[i + 1] ?? '')
      i++
    }
  }
  return out
}

/** What is wrong with a pattern RE2 refused, and what to do, as one or two sentences. */
function syntaxProblem(pattern: string, error: RE2JSSyntaxException): string {
  const construct = unsupportedConstruct(pattern)
  if (construct) {
    return `it uses ${construct}, which this harness does not support: patterns run on a linear-time engine (RE2) so that no pattern can stall the server, and RE2 has no lookarounds or backreferences. Match the text itself instead.`
  }
  const fragment = error.getPattern()
  // the engine names the faulty part; for an unclosed group that is the whole pattern with the
  // case flag it was compiled with, which would only confuse
  const where = fragment && fragment !== pattern && pattern.includes(fragment) ? ` at \`${fragment}\`` : ''
  return `${error.getDescription()}${where}. Patterns use RE2 syntax (github.com/google/re2/wiki/Syntax), close to .NET's and JavaScript's.`
}

/**
 * The lookaround or backreference a pattern uses, named for the message, or undefined. Read
 * outside character classes only: `[(?=]` is three literal characters.
 */
function unsupportedConstruct(pattern: string): string | undefined {
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') {
      const next = pattern[i + 1] ?? ''
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) return `a backreference (\\${next}${next === 'k' ? '<name>' : ''})`
      i++
    } else if (inClass) {
      if (c === ']') inClass = false
    } else if (c === '[') {
      inClass = true
      // a ] right after [ or [^ is a literal, not the end of the class
      if (pattern[i + 1] === '^') i++
      if (pattern[i + 1] === ']') i++
    } else if (c === '(' && pattern[i + 1] === '?') {
      const kind = pattern.slice(i + 2, i + 4)
      if (kind[0] === '=' || kind[0] === '!') return `a lookahead (?${kind[0]}...)`
      if (kind === '<=' || kind === '<!') return `a lookbehind (?${kind}...)`
    }
  }
  return undefined
}
