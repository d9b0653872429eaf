import { PortalError } from './portal-error'

/**
 * The guard in front of `matchesRegex` CAL rules. V8's backtracking engine can take exponential
 * time on patterns such as `(a+)+` or `(a|a)*`, and polynomial time on chains of unbounded
 * quantifiers (measured on a 1,000-character value: `.*.*x` 0.7 s, `.*.*.*x` 90 s). Rules run on
 * every user and membership change, so a bad pattern would stall provisioning for everyone. The
 * guard refuses those shapes when the rule is saved; values are truncated before matching.
 */

export const MAX_REGEX_LENGTH = 200
/** Values longer than this are cut before a regex runs: bounds the polynomial cases that remain. */
export const MAX_REGEX_SUBJECT_LENGTH = 1000
/** Two unbounded quantifiers (`^[a-z]+\.[a-z]+@contoso\.com$`) cover real rules; three can take minutes. */
export const MAX_UNBOUNDED_QUANTIFIERS = 2

interface Frame {
  /** Some quantifier inside the group matches a variable number of times (`+`, `*`, `?`, `{1,3}`). */
  repeats: boolean
  alternation: boolean
}
type Atom = { kind: 'single' } | { kind: 'group'; repeats: boolean; alternation: boolean }

const BRACE_QUANTIFIER = /^\{(\d+)(,(\d*))?\}/

/**
 * Why the pattern is unsafe to run, or undefined when it passes the guard. A conservative,
 * syntactic check: it refuses a quantified group that itself contains a repeating quantifier or
 * an alternation, and more than MAX_UNBOUNDED_QUANTIFIERS unbounded quantifiers. Such patterns
 * can nearly always be rewritten with a character class (`[a-z]+` instead of `(a|b|...)+`).
 */
export function regexHazard(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `The pattern is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}.`
  }
  const stack: Frame[] = [{ repeats: false, alternation: false }]
  let last: Atom | null = null
  let unbounded = 0
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i]
    if (c === '\\') {
      i += 2
      last = { kind: 'single' }
      continue
    }
    if (c === '[') {
      // a character class is one atom; its '(' '+' '*' are literal
      i++
      if (pattern[i] === '^') i++
      if (pattern[i] === ']') i++
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1
      i++
      last = { kind: 'single' }
      continue
    }
    if (c === '(') {
      stack.push({ repeats: false, alternation: false })
      i++
      if (pattern[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') {
          while (i < pattern.length && pattern[i] !== '>') i++
        } else if (pattern[i] === '<') {
          i++
        }
        i++
      }
      last = null
      continue
    }
    if (c === ')') {
      const frame = stack.length > 1 ? stack.pop()! : { repeats: false, alternation: false }
      // a repeat inside a group is also a repeat inside its parent
      if (frame.repeats) stack[stack.length - 1].repeats = true
      last = { kind: 'group', repeats: frame.repeats, alternation: frame.alternation }
      i++
      continue
    }
    if (c === '|') {
      stack[stack.length - 1].alternation = true
      last = null
      i++
      continue
    }
    let min = 0
    let max: number | undefined // undefined = unbounded
    let length = 0
    if (c === '*' || c === '+') {
      min = c === '+' ? 1 : 0
      max = undefined
      length = 1
    } else if (c === '?') {
      max = 1
      length = 1
    } else if (c === '{') {
      const brace = BRACE_QUANTIFIER.exec(pattern.slice(i))
      if (brace) {
        min = Number(brace[1])
        max = brace[2] === undefined ? min : brace[3] === '' ? undefined : Number(brace[3])
        length = brace[0].length
      }
    }
    if (length === 0) {
      last = { kind: 'single' }
      i++
      continue
    }
    const repeats = max === undefined || max > 1
    if (last?.kind === 'group' && repeats) {
      if (last.repeats) return 'It repeats a group that itself contains a repeat, like (a+)+, which can take exponential time. Rewrite it without the nested quantifier.'
      if (last.alternation) return 'It repeats a group with alternatives, like (a|ab)*, which can take exponential time. Use a character class such as [ab]* or list the whole alternatives without repeating them.'
    }
    if (max === undefined) unbounded++
    // a fixed count such as \d{3} is just three atoms in a row: it adds no ambiguity to an outer repeat
    if (max === undefined || max > min) stack[stack.length - 1].repeats = true
    i += length
    if (pattern[i] === '?') i++ // lazy quantifier
    last = { kind: 'single' }
  }
  if (unbounded > MAX_UNBOUNDED_QUANTIFIERS) {
    return `It has ${unbounded} unbounded quantifiers (*, +, {n,}); the limit is ${MAX_UNBOUNDED_QUANTIFIERS}, since each one multiplies the matching time. A leading or trailing .* is never needed: the pattern may match anywhere in the value.`
  }
  return undefined
}

/**
 * Compiles a rule's pattern, case-insensitive like every other condition, after the safety
 * guard. Throws PortalError 'unsafeRegex' or 'invalidRegex'.
 */
export function compileRulePattern(pattern: string, field?: string): RegExp {
  const hazard = regexHazard(pattern)
  if (hazard) throw new PortalError('unsafeRegex', `The regular expression '${pattern}' is refused. ${hazard}`, field)
  try {
    return new RegExp(pattern, 'i')
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new PortalError('invalidRegex', `'${pattern}' is not a valid regular expression (${reason}). Fix the pattern, or use contains/startsWith/endsWith for plain text.`, field)
  }
}
