import { MAX_REGEX_SUBJECT_LENGTH, regexHazard } from '../../portal/regex-guard'
import type { ExpressionNode } from './expression-ast'
import { isEmptyValue, mapText, toText, type ExpressionValue } from './expression-values'

/**
 * Entra's seven-argument Replace (functions-for-customizing-application-data.md, Replace):
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
 * replacementAttributeName, template). Patterns run through the same guard as CAL rules
 * (portal/regex-guard: at most 200 characters, no nested quantifiers) since an admin-typed
 * pattern runs on every object of every cycle; subjects are cut to 1,000 characters.
 */

type Compiled = { regex: RegExp } | { problem: 'unsafeRegex' | 'invalidRegex'; message: string }

const compiled = new Map<string, Compiled>()
const MAX_CACHED_PATTERNS = 256

/**
 * Compiles a Replace pattern after the safety guard, or says why it is refused. Flags: `g`
 * because Entra replaces every match, `d` for the group offsets regexGroupName needs. Entra is
 * .NET; the named-group syntax `(?<name>...)` of its examples is the same in JavaScript.
 */
export function compileReplacePattern(pattern: string): Compiled {
  const cached = compiled.get(pattern)
  if (cached) return cached
  let result: Compiled
  const hazard = regexHazard(pattern)
  if (hazard) {
    result = { problem: 'unsafeRegex', message: `The regular expression "${pattern}" is refused. ${hazard}` }
  } else {
    try {
      result = { regex: new RegExp(pattern, 'gd') }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      result = { problem: 'invalidRegex', message: `"${pattern}" is not a valid regular expression (${reason}).` }
    }
  }
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear()
  compiled.set(pattern, result)
  return result
}

/**
 * Expands a .NET replacement string against one match: `${name}` (the form Entra's examples
 * use, `"${phoneNumber}"`), `$1`, `$&`/`$0` and `$$`. A reference to a group that does not
 * exist stays literal, as in .NET.
 */
export function expandReplacement(template: string, match: RegExpMatchArray): string {
  if (!template.includes('$')) return template
  return template.replace(/\$(?:(\$)|\{([^}]*)\}|(\d+)|(&))/g, (whole, dollar: string | undefined, name: string | undefined, index: string | undefined, amp: string | undefined) => {
    if (dollar) return '$'
    if (amp) return match[0]
    if (name !== undefined) {
      if (match.groups && Object.prototype.hasOwnProperty.call(match.groups, name)) return match.groups[name] ?? ''
      if (/^\d+$/.test(name) && Number(name) < match.length) return match[Number(name)] ?? ''
      return whole
    }
    const n = Number(index)
    return n < match.length ? (match[n] ?? '') : whole
  })
}

/** Runs `regex` over every match in `subject`, rebuilding the text with `replace(match)` for each matched span. */
function replaceMatches(subject: string, regex: RegExp, replace: (match: RegExpExecArray) => { start: number; end: number; text: string } | null): string {
  let out = ''
  let last = 0
  for (const match of subject.matchAll(regex) as IterableIterator<RegExpExecArray>) {
    const edit = replace(match)
    if (!edit || edit.start < last) continue
    out += subject.slice(last, edit.start) + edit.text
    last = edit.end
  }
  return out + subject.slice(last)
}

function regexForm(source: ExpressionValue, pattern: string, groupName: string | null, replacementValue: string | null, replacementAttribute: ExpressionValue, hasReplacementAttribute: boolean): ExpressionValue {
  const compiledPattern = compileReplacePattern(pattern)
  // a pattern built at evaluation time that fails the guard produces nothing rather than an error mid-cycle
  if (!('regex' in compiledPattern)) return null
  const { regex } = compiledPattern

  if (groupName !== null && hasReplacementAttribute) {
    // "If source has a value, source is returned; if not, the regexPattern is applied to the
    // replacementAttributeName and the value matching regexGroupName is returned" (Example 5)
    if (!isEmptyValue(source)) return source
    const fallback = toText(replacementAttribute)
    if (fallback === null) return null
    for (const match of fallback.slice(0, MAX_REGEX_SUBJECT_LENGTH).matchAll(regex)) {
      const value = match.groups?.[groupName]
      if (value !== undefined) return value
    }
    return null
  }
  if (replacementValue === null) return source

  return mapText(source, (text) => {
    const subject = text.slice(0, MAX_REGEX_SUBJECT_LENGTH)
    if (groupName !== null) {
      // only the named group's span is replaced, the rest of each match stays (Example 4:
      // "545 Tremont Street" -> "888 Tremont Street")
      return replaceMatches(subject, regex, (match) => {
        const span = match.indices?.groups?.[groupName]
        return span ? { start: span[0], end: span[1], text: expandReplacement(replacementValue, match) } : null
      })
    }
    return replaceMatches(subject, regex, (match) => ({ start: match.index, end: match.index + match[0].length, text: expandReplacement(replacementValue, match) }))
  })
}

/**
 * Evaluates Replace from its seven evaluated arguments (and their nodes, to tell an argument left
 * empty from one that evaluated to nothing). The forms, in the reference's order: regexPattern
 * with replacementAttributeName, regexPattern with regexGroupName and replacementValue,
 * regexPattern with replacementValue, oldValue with template, oldValue with replacementValue.
 * Plain replacement is case-sensitive and replaces every occurrence, as the reference says.
 */
export function evaluateReplace(args: ExpressionValue[], nodes: ExpressionNode[]): ExpressionValue {
  const [source, oldValueArg, patternArg, groupArg, replacementArg, replacementAttribute, templateArg] = args
  const pattern = toText(patternArg)
  const groupName = toText(groupArg) || null
  const replacementValue = toText(replacementArg)
  if (pattern) {
    return regexForm(source, pattern, groupName, replacementValue, replacementAttribute, nodes[5]?.kind !== 'empty')
  }
  const oldValue = toText(oldValueArg)
  if (!oldValue) return source
  const template = toText(templateArg)
  if (template !== null && nodes[6]?.kind !== 'empty') {
    // "Replaces all occurrences of the oldValue in the template with the source value" (Example 2)
    const text = toText(source)
    return text === null ? null : template.split(oldValue).join(text)
  }
  // an empty replacementValue removes oldValue: `Replace([mail], "@contoso.com", , , "", , )` -> "john.doe"
  return mapText(source, (text) => text.split(oldValue).join(replacementValue ?? ''))
}
