import { compileLinearRegex, InvalidRegexError, type LinearRegex, type RegexMatch } from '../../regex/linear-regex'
import type { ExpressionNode } from './expression-ast'
import { isEmptyValue, mapText, toText, type ExpressionValue } from './expression-values'

/**
 * Entra's seven-argument Replace (functions-for-customizing-application-data.md, Replace):
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue,
 * replacementAttributeName, template). An admin-typed pattern runs on every object of every
 * cycle, so it runs on the linear-time engine that CAL rules use (core/regex): Entra is .NET,
 * and the named-group syntax `(?<name>...)` of its examples is the same there. Matches are
 * looked for in a value's first 1,000 characters (MAX_SUBJECT_LENGTH); the rest is kept as is.
 */

/** Compiles a Replace pattern (case-sensitive, as in .NET), or says why it is refused. */
export function compileReplacePattern(pattern: string): { regex: LinearRegex } | { problem: 'invalidRegex'; message: string } {
  try {
    return { regex: compileLinearRegex(pattern) }
  } catch (error) {
    if (error instanceof InvalidRegexError) return { problem: 'invalidRegex', message: error.message }
    throw error
  }
}

/**
 * Expands a .NET replacement string against one match: `${name}` (the form Entra's examples
 * use, `"${phoneNumber}"`), `$1`, `$&`/`$0` and `$$`. A reference to a group that does not
 * exist stays literal, as in .NET.
 */
export function expandReplacement(template: string, match: RegexMatch, groupNames: Readonly<Record<string, number>>): string {
  if (!template.includes('$')) return template
  const { groups } = match
  return template.replace(
    /\$(?:(\$)|\{([^}]*)\}|(\d+)|(&))/g,
    (whole, dollar: string | undefined, name: string | undefined, index: string | undefined, amp: string | undefined) => {
      if (dollar) return '$'
      if (amp) return groups[0] ?? ''
      if (name !== undefined) {
        if (Object.prototype.hasOwnProperty.call(groupNames, name)) return groups[groupNames[name]] ?? ''
        if (/^\d+$/.test(name) && Number(name) < groups.length) return groups[Number(name)] ?? ''
        return whole
      }
      const n = Number(index)
      return n < groups.length ? (groups[n] ?? '') : whole
    },
  )
}

/**
 * Runs `regex` over every match in `text`, rebuilding the text with `replace(match)` for each
 * matched span. Text past the part a match looks at is kept unchanged.
 */
function replaceMatches(text: string, regex: LinearRegex, replace: (match: RegexMatch) => { start: number; end: number; text: string } | null): string {
  let out = ''
  let last = 0
  for (const match of regex.matchAll(text)) {
    const edit = replace(match)
    if (!edit || edit.start < last) continue
    out += text.slice(last, edit.start) + edit.text
    last = edit.end
  }
  return out + text.slice(last)
}

function regexForm(
  source: ExpressionValue,
  pattern: string,
  groupName: string | null,
  replacementValue: string | null,
  replacementAttribute: ExpressionValue,
  hasReplacementAttribute: boolean,
): ExpressionValue {
  const compiledPattern = compileReplacePattern(pattern)
  // a pattern built at evaluation time that is refused produces nothing rather than an error mid-cycle
  if (!('regex' in compiledPattern)) return null
  const { regex } = compiledPattern
  const group = groupName === null ? undefined : regex.groupNames[groupName]

  if (groupName !== null && hasReplacementAttribute) {
    // "If source has a value, source is returned; if not, the regexPattern is applied to the
    // replacementAttributeName and the value matching regexGroupName is returned" (Example 5)
    if (!isEmptyValue(source)) return source
    const fallback = toText(replacementAttribute)
    if (fallback === null) return null
    if (group === undefined) return null
    for (const match of regex.matchAll(fallback)) {
      const value = match.groups[group]
      if (value !== undefined) return value
    }
    return null
  }
  if (replacementValue === null) return source

  return mapText(source, (text) => {
    if (groupName !== null) {
      // only the named group's span is replaced, the rest of each match stays (Example 4:
      // "545 Tremont Street" -> "888 Tremont Street"); a group the pattern lacks replaces nothing
      return replaceMatches(text, regex, (match) => {
        const span = group === undefined ? undefined : match.spans[group]
        return span ? { start: span[0], end: span[1], text: expandReplacement(replacementValue, match, regex.groupNames) } : null
      })
    }
    return replaceMatches(text, regex, (match) => ({ start: match.index, end: match.end, text: expandReplacement(replacementValue, match, regex.groupNames) }))
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
