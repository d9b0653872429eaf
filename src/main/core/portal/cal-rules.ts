import { CAL_RULE_CONDITIONS } from '../../../shared/console/portal-schemas'
import type { CalConflictPolicy, CalReason, CalRule, CalRuleCondition, JsonObject, PortalSettings } from '../store/records'
import { compileLinearRegex, InvalidRegexError, matchedPart, type LinearRegex } from '../regex/linear-regex'
import { PortalError } from './portal-error'
import { GROUP_RULE_PATHS, resolveRulePath, userValuesAt, type RulePath } from './rule-paths'

/**
 * The CAL rules engine ("Add New Rule": Attribute Path, Condition, Matching text, Targeted CAL).
 * Pure: given a user, the groups it belongs to and the portal settings, it says which CAL the
 * user holds and why. The user service calls it on every user or membership change.
 */

export { CAL_RULE_CONDITIONS }

/** A group the user belongs to, as the rules see it. */
export interface CalRuleGroup {
  id: string
  displayName: string
  externalId?: string
}

export interface CalInput {
  /** The user's stored SCIM representation. */
  user: JsonObject
  groups: readonly CalRuleGroup[]
  settings: Pick<PortalSettings, 'cals' | 'defaultCal' | 'calRules' | 'calConflictPolicy'>
}

export type CalRuleOutcome = 'matched' | 'notMatched' | 'disabled' | 'unknownCal' | 'invalid'

/** One rule as the CAL preview shows it: did it match, and why (or why not). */
export interface CalRuleExplanation {
  rule: CalRule
  ruleIndex: number
  outcome: CalRuleOutcome
  matched: boolean
  /** True for the rule that decided the CAL. */
  winner: boolean
  why: string
  matchedValue?: string
  groupId?: string
  groupDisplayName?: string
}

export interface CalExplanation {
  cal: string
  reason: CalReason
  policy: CalConflictPolicy
  rules: CalRuleExplanation[]
  /** One sentence: "Manager, from rule 2 (groups.displayName equals 'Sales') through group 'Sales'." */
  summary: string
}

// Resolved paths are cached (compiled patterns are, by compileLinearRegex): a bulk
// re-evaluation runs the same few rules for thousands of users. Bounded, so a long session
// editing rules cannot grow it forever.
const CACHE_LIMIT = 500
const pathCache = new Map<string, RulePath | null>()

function rulePath(path: string): RulePath | null {
  const hit = pathCache.get(path)
  if (hit !== undefined) return hit
  if (pathCache.size >= CACHE_LIMIT) pathCache.clear()
  const resolved = resolveRulePath(path) ?? null
  pathCache.set(path, resolved)
  return resolved
}

/**
 * A matchesRegex rule's pattern, case-insensitive like every other condition, on the
 * linear-time engine (core/regex), or the PortalError 'invalidRegex' saying why it is refused.
 */
function rulePattern(pattern: string): LinearRegex | PortalError {
  try {
    return compileLinearRegex(pattern, { ignoreCase: true })
  } catch (error) {
    if (error instanceof InvalidRegexError)
      return new PortalError('invalidRegex', `${error.message} For plain text, use contains, startsWith or endsWith.`, 'matchingText')
    throw error
  }
}

/** Where the CAL sits in the catalogue (0 = highest), ignoring case; -1 when it is not there. */
export function calIndex(cals: readonly string[], name: string): number {
  const lower = name.toLowerCase()
  return cals.findIndex((c) => c.toLowerCase() === lower)
}

/**
 * Checks a rule before it is saved. Throws PortalError: 'unknownCal' (targeted CAL not in the
 * catalogue), 'unknownAttributePath', 'emptyMatchingText', 'invalidRegex', 'invalidRule'
 * (unknown condition or empty id).
 */
export function validateRule(rule: CalRule, settings: Pick<PortalSettings, 'cals'>): void {
  checkRule(rule)
  if (calIndex(settings.cals, rule.targetCal) < 0) {
    throw new PortalError(
      'unknownCal',
      `The targeted CAL '${rule.targetCal}' is not in this portal's CAL catalogue (${settings.cals.join(', ')}). Pick one of those CALs.`,
      'targetCal',
    )
  }
}

/** A rule's refusal as a settings change names it: "CAL rule 2: ...", field `calRules[1].matchingText`. */
export function numberedRuleError(error: PortalError, index: number): PortalError {
  return new PortalError(error.code, `CAL rule ${index + 1}: ${error.message}`, `calRules[${index}].${error.field ?? ''}`.replace(/\.$/, ''))
}

/**
 * The saved rules that cannot run, each refused as Save Changes would refuse it. A workspace
 * written by an older version may hold one: a pattern the old engine took and the linear-time
 * one refuses (a lookahead, a backreference). explainCal skips such a rule.
 */
export function savedRuleProblems(settings: Pick<PortalSettings, 'cals' | 'calRules'>): PortalError[] {
  const problems: PortalError[] = []
  settings.calRules.forEach((rule, i) => {
    try {
      validateRule(rule, settings)
    } catch (error) {
      if (!(error instanceof PortalError)) throw error
      problems.push(numberedRuleError(error, i))
    }
  })
  return problems
}

/**
 * Checks what makes a rule unusable whatever the catalogue holds: the console's rule dialog asks
 * this before the rule joins the unsaved rules. Throws as validateRule, except 'unknownCal'.
 */
export function checkRule(rule: CalRule): void {
  const problem = ruleProblem(rule)
  if (problem) throw problem
}

/** What makes a rule unusable regardless of the catalogue, or undefined. */
function ruleProblem(rule: CalRule): PortalError | undefined {
  if (typeof rule.id !== 'string' || rule.id.trim() === '') {
    return new PortalError('invalidRule', 'Every CAL rule needs an id.', 'id')
  }
  if (!CAL_RULE_CONDITIONS.includes(rule.condition)) {
    return new PortalError('invalidRule', `'${String(rule.condition)}' is not a rule condition. Use one of: ${CAL_RULE_CONDITIONS.join(', ')}.`, 'condition')
  }
  if (!rulePath(rule.attributePath)) {
    return new PortalError(
      'unknownAttributePath',
      `'${rule.attributePath}' is not an attribute a rule can test. Use a user attribute such as title, displayName, emails.value, name.familyName or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department, or a group attribute: ${GROUP_RULE_PATHS.join(', ')}.`,
      'attributePath',
    )
  }
  if (rule.matchingText.trim() === '') {
    return new PortalError(
      'emptyMatchingText',
      'Enter the matching text the attribute is compared with; an empty text would match every user or none.',
      'matchingText',
    )
  }
  if (rule.condition === 'matchesRegex') {
    const pattern = rulePattern(rule.matchingText)
    if (pattern instanceof PortalError) return pattern
  }
  return undefined
}

const CONDITION_WORDS: Record<CalRuleCondition, [string, string]> = {
  equals: ['equals', 'does not equal'],
  notEquals: ['does not equal', 'equals'],
  contains: ['contains', 'does not contain'],
  startsWith: ['starts with', 'does not start with'],
  endsWith: ['ends with', 'does not end with'],
  matchesRegex: ['matches', 'does not match'],
}

/** Whether one value satisfies a positive condition (notEquals is decided over all values, below). */
function holds(condition: CalRuleCondition, value: string, text: string, pattern: LinearRegex | undefined): boolean {
  if (condition === 'matchesRegex') return pattern!.test(value)
  const v = value.toLowerCase()
  const t = text.toLowerCase()
  switch (condition) {
    case 'equals':
    case 'notEquals':
      return v === t
    case 'contains':
      return v.includes(t)
    case 'startsWith':
      return v.startsWith(t)
    case 'endsWith':
      return v.endsWith(t)
  }
}

const quote = (s: string): string => `'${s.length > 80 ? s.slice(0, 77) + '...' : s}'`

type Candidate = { value: string; group?: CalRuleGroup }

/**
 * Matches one rule. A multi-valued attribute (or several groups) matches when any value does.
 * notEquals is the negation of equals over all values, so "groups.displayName notEquals
 * Contractors" means "not in a group named Contractors", and holds for a user with no groups.
 */
function matchRule(rule: CalRule, path: RulePath, input: CalInput): Omit<CalRuleExplanation, 'rule' | 'ruleIndex' | 'winner'> {
  const pattern = rule.condition === 'matchesRegex' ? (rulePattern(rule.matchingText) as LinearRegex) : undefined
  const attribute = path.canonical
  const [yes, no] = CONDITION_WORDS[rule.condition]
  const text = quote(rule.matchingText)

  let candidates: Candidate[]
  if (path.kind === 'group') {
    // sorted so the recorded group does not depend on the order the store happens to list them in
    const groups = [...input.groups].sort((a, b) => a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()) || a.id.localeCompare(b.id))
    candidates = []
    for (const group of groups) {
      const value = path.key === 'id' ? group.id : path.key === 'displayName' ? group.displayName : group.externalId
      if (value !== undefined) candidates.push({ value, group })
    }
  } else {
    candidates = userValuesAt(input.user, path.storagePath).map((value) => ({ value }))
  }

  if (rule.condition === 'notEquals') {
    const equal = candidates.find((c) => holds('equals', c.value, rule.matchingText, undefined))
    if (equal) {
      const via = equal.group ? ` (group ${quote(equal.group.displayName)})` : ''
      return { outcome: 'notMatched', matched: false, why: `${attribute} ${quote(equal.value)}${via} equals ${text}.` }
    }
    const first = candidates[0]
    const why = first
      ? `No ${attribute} equals ${text} (${candidates.length} value${candidates.length === 1 ? '' : 's'} checked).`
      : `${absent(path)}, so it does not equal ${text}.`
    return { outcome: 'matched', matched: true, why, matchedValue: first ? matchedPart(first.value) : '' }
  }

  const hit = candidates.find((c) => holds(rule.condition, c.value, rule.matchingText, pattern))
  if (hit) {
    const matchedValue = matchedPart(hit.value)
    if (hit.group) {
      return {
        outcome: 'matched',
        matched: true,
        why: `Member of group ${quote(hit.group.displayName)}, whose ${attribute} ${quote(hit.value)} ${yes} ${text}.`,
        matchedValue,
        groupId: hit.group.id,
        groupDisplayName: hit.group.displayName,
      }
    }
    return { outcome: 'matched', matched: true, why: `${attribute} ${quote(hit.value)} ${yes} ${text}.`, matchedValue }
  }
  if (candidates.length === 0) return { outcome: 'notMatched', matched: false, why: `${absent(path)}.` }
  if (candidates.length === 1) {
    return { outcome: 'notMatched', matched: false, why: `${attribute} ${quote(candidates[0].value)} ${no} ${text}.` }
  }
  return { outcome: 'notMatched', matched: false, why: `None of the ${candidates.length} values of ${attribute} ${yes} ${text}.` }
}

function absent(path: RulePath): string {
  return path.kind === 'group' ? 'The user belongs to no group with this attribute' : `The user has no ${path.canonical}`
}

/**
 * The CAL a user gets when no rule matches: the default CAL, or, when none is set, the lowest
 * CAL in the catalogue. The latter is this harness's choice (the VIDIZMO docs are silent): a
 * rule-less, default-less portal cannot have SCIM enabled, so this only shows in the preview,
 * and granting the least privilege is the only safe guess. Throws 'emptyCalCatalogue'.
 */
export function fallbackCal(settings: Pick<PortalSettings, 'cals' | 'defaultCal'>): string {
  if (settings.cals.length === 0) {
    throw new PortalError('emptyCalCatalogue', 'The CAL catalogue is empty; add at least one CAL before assigning CALs to users.', 'cals')
  }
  const index = settings.defaultCal === null ? -1 : calIndex(settings.cals, settings.defaultCal)
  return settings.cals[index >= 0 ? index : settings.cals.length - 1]
}

/**
 * Every rule with its outcome and the CAL that wins, for the console's CAL preview ("which CAL
 * would this user get, and why"). Disabled rules, rules targeting a CAL not in the catalogue and
 * invalid rules are listed but skipped: a broken rule must not stop provisioning. Several
 * matches: with 'highestCal' the CAL earliest in the catalogue wins (ties go to the earlier
 * rule); with 'firstRule' the first matching rule in list order wins.
 */
export function explainCal(input: CalInput): CalExplanation {
  const { settings } = input
  const rules: CalRuleExplanation[] = settings.calRules.map((rule, ruleIndex) => {
    const base = { rule, ruleIndex, winner: false }
    if (!rule.enabled) return { ...base, outcome: 'disabled', matched: false, why: 'The rule is turned off.' }
    const problem = ruleProblem(rule)
    if (problem) return { ...base, outcome: 'invalid', matched: false, why: `The rule is skipped: ${problem.message}` }
    if (calIndex(settings.cals, rule.targetCal) < 0) {
      return {
        ...base,
        outcome: 'unknownCal',
        matched: false,
        why: `The rule is skipped: its targeted CAL ${quote(rule.targetCal)} is not in the CAL catalogue.`,
      }
    }
    return { ...base, ...matchRule(rule, rulePath(rule.attributePath)!, input) }
  })

  let winner: CalRuleExplanation | undefined
  for (const candidate of rules) {
    if (!candidate.matched) continue
    if (!winner) {
      winner = candidate
      if (settings.calConflictPolicy === 'firstRule') break
      continue
    }
    // strictly higher only: on equal CALs the earlier rule keeps the win
    if (calIndex(settings.cals, candidate.rule.targetCal) < calIndex(settings.cals, winner.rule.targetCal)) winner = candidate
  }

  if (!winner) {
    const cal = fallbackCal(settings)
    const which =
      settings.defaultCal !== null && calIndex(settings.cals, settings.defaultCal) >= 0 ? 'the default CAL' : 'the lowest CAL, as no default CAL is set'
    return { cal, reason: { kind: 'default' }, policy: settings.calConflictPolicy, rules, summary: `${cal}, ${which}: no rule matched.` }
  }

  winner.winner = true
  const cal = settings.cals[calIndex(settings.cals, winner.rule.targetCal)]
  for (const other of rules) {
    if (!other.matched || other.winner) continue
    other.why +=
      settings.calConflictPolicy === 'firstRule'
        ? ` Matched, but rule ${winner.ruleIndex + 1} comes first in the list.`
        : ` Matched, but rule ${winner.ruleIndex + 1} gives ${cal}, which is ${cal === settings.cals[calIndex(settings.cals, other.rule.targetCal)] ? 'the same CAL from an earlier rule' : 'a higher CAL'}.`
  }
  const reason: CalReason = {
    kind: 'rule',
    ruleId: winner.rule.id,
    ruleIndex: winner.ruleIndex,
    attributePath: winner.rule.attributePath,
    matchedValue: winner.matchedValue ?? '',
    ...(winner.groupId !== undefined ? { groupId: winner.groupId, groupDisplayName: winner.groupDisplayName } : {}),
  }
  const rule = winner.rule
  const through = winner.groupDisplayName !== undefined ? ` through group ${quote(winner.groupDisplayName)}` : ''
  return {
    cal,
    reason,
    policy: settings.calConflictPolicy,
    rules,
    summary: `${cal}, from rule ${winner.ruleIndex + 1} (${rule.attributePath} ${CONDITION_WORDS[rule.condition][0]} ${quote(rule.matchingText)})${through}.`,
  }
}

/** The CAL a user holds and why: the winning rule (and group), or the default. See explainCal. */
export function evaluateCal(input: CalInput): { cal: string; reason: CalReason } {
  const { cal, reason } = explainCal(input)
  return { cal, reason }
}
