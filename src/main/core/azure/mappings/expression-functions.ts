import type { CallNode, ExpressionNode } from './expression-ast'
import { at, MappingExpressionError } from './expression-error'
import { compileReplacePattern, evaluateReplace } from './expression-replace'
import { isEmptyValue, isTrue, mapText, toInteger, toText, type ExpressionValue } from './expression-values'

/**
 * The functions the simulated Entra client evaluates, after functions-for-customizing-
 * application-data.md. Each entry says how many arguments it takes (checked when the expression
 * is parsed, as Entra's mapping editor does) and how it computes its value. Evaluation never
 * throws: odd data gives null, which section 5.3 leaves out of the request.
 */
export interface ExpressionFunction {
  /** The name as Entra spells it. */
  name: string
  /** The signature shown in arity errors, in the reference's words. */
  signature: string
  minArgs: number
  maxArgs: number
  /** Parse-time checks beyond the count (Switch's pairs, Replace's pattern). */
  check?: (call: CallNode) => void
  evaluate: (args: ExpressionValue[], nodes: ExpressionNode[]) => ExpressionValue
}

const toLower = (args: ExpressionValue[]): ExpressionValue =>
  mapText(args[0], (text) =>
    withCulture(
      toText(args[1]),
      () => text.toLowerCase(),
      (culture) => text.toLocaleLowerCase(culture),
    ),
  )
const toUpper = (args: ExpressionValue[]): ExpressionValue =>
  mapText(args[0], (text) =>
    withCulture(
      toText(args[1]),
      () => text.toUpperCase(),
      (culture) => text.toLocaleUpperCase(culture),
    ),
  )

/** ToLower/ToUpper use the invariant culture unless one is named; an unknown culture falls back to invariant. */
function withCulture(culture: string | null, invariant: () => string, cultured: (culture: string) => string): string {
  if (!culture) return invariant()
  try {
    return cultured(culture)
  } catch {
    return invariant()
  }
}

/** Letters NFD does not decompose, from the reference's NormalizeDiacritics table. */
const UNDECOMPOSED: Record<string, string> = { æ: 'ae', Æ: 'AE', ø: 'oe', Ø: 'OE', œ: 'oe', Œ: 'OE', ß: 'ss', ł: 'l', Ł: 'L', ı: 'i' }

function normalizeDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[æÆøØœŒßłŁı]/g, (c) => UNDECOMPOSED[c])
}

function switchFunction(args: ExpressionValue[]): ExpressionValue {
  // "Switch function performs a case-sensitive string comparison of the source and key values";
  // a null source matches the key "" ("use a literal empty string as one of the key values").
  const source = toText(args[0]) ?? ''
  for (let i = 2; i + 1 < args.length; i += 2) {
    if ((toText(args[i]) ?? '') === source) return args[i + 1]
  }
  return args[1]
}

function joinFunction(args: ExpressionValue[]): ExpressionValue {
  const separator = toText(args[0]) ?? ''
  const parts: string[] = []
  for (const value of args.slice(1)) {
    // Multi-valued sources contribute every value. Empty parts are skipped: the reference's own
    // example `Join(", ", "", [surname], [givenName])` gives "Doe, John", not ", Doe, John".
    const values = Array.isArray(value) ? value : [toText(value)]
    for (const part of values) if (part !== null && part !== '') parts.push(part)
  }
  return parts.join(separator)
}

function coalesceFunction(args: ExpressionValue[]): ExpressionValue {
  // "Returns the first source value that isn't NULL"; the optional defaultValue is simply the last candidate
  for (const value of args) if (value !== null && !(Array.isArray(value) && value.length === 0)) return value
  return null
}

function notFunction(args: ExpressionValue[]): ExpressionValue {
  // "If source value is True, returns False. Otherwise, returns True." [U] An absent source gives
  // null, not True: section 5.3 flows nothing for an attribute that has no value.
  if (args[0] === null) return null
  return !isTrue(args[0])
}

function leftFunction(args: ExpressionValue[]): ExpressionValue {
  const count = toInteger(args[1])
  if (count === undefined) return null
  // "If string is null, return empty string. If numChars < 0, return input string."
  if (args[0] === null) return ''
  return mapText(args[0], (text) => (count < 0 ? text : text.slice(0, count)))
}

function midFunction(args: ExpressionValue[]): ExpressionValue {
  const start = toInteger(args[1])
  const length = toInteger(args[2])
  // start is 1-based; a length past the end stops at the end (reference, Mid). [U] A start below 1
  // or a negative length would be an argument error in .NET: here they give nothing.
  if (start === undefined || length === undefined || start < 1 || length < 0) return null
  return mapText(args[0], (text) => text.slice(start - 1, start - 1 + length))
}

function iifFunction(args: ExpressionValue[]): ExpressionValue {
  return isTrue(args[0]) ? args[1] : args[2]
}

function requireEvenArguments(call: CallNode): void {
  if (call.args.length % 2 !== 0) {
    throw new MappingExpressionError(
      'arity',
      `Switch takes the source, a default value, then key and value pairs: an even number of arguments. It was given ${call.args.length} ${at(call.start)}; a key is missing its value.`,
      call.start,
    )
  }
}

function checkReplacePattern(call: CallNode): void {
  const pattern = call.args[2]
  // a literal pattern is checked as the mapping is saved; one built from attributes is checked per value
  if (pattern?.kind !== 'string' || pattern.value === '') return
  const compiled = compileReplacePattern(pattern.value)
  if ('problem' in compiled)
    throw new MappingExpressionError(compiled.problem, `${compiled.message} (regexPattern of Replace ${at(pattern.start)})`, pattern.start)
}

const MANY = Number.POSITIVE_INFINITY

const FUNCTIONS: ExpressionFunction[] = [
  {
    name: 'Append',
    signature: 'Append(source, suffix)',
    minArgs: 2,
    maxArgs: 2,
    evaluate: ([source, suffix]) => mapText(source, (text) => text + (toText(suffix) ?? '')),
  },
  {
    name: 'CBool',
    signature: 'CBool(expression)',
    minArgs: 1,
    maxArgs: 1,
    evaluate: ([value]) => isTrue(value) || (toText(value) !== null && /^\s*-?\d*[1-9]\d*\s*$/.test(toText(value)!)),
  },
  { name: 'Coalesce', signature: 'Coalesce(source1, source2, ..., defaultValue)', minArgs: 1, maxArgs: MANY, evaluate: coalesceFunction },
  { name: 'CStr', signature: 'CStr(value)', minArgs: 1, maxArgs: 1, evaluate: ([value]) => toText(value) },
  {
    name: 'IgnoreFlowIfNullOrEmpty',
    signature: 'IgnoreFlowIfNullOrEmpty(expression)',
    minArgs: 1,
    maxArgs: 1,
    evaluate: ([value]) => (isEmptyValue(value) ? null : value),
  },
  { name: 'IIF', signature: 'IIF(condition, valueIfTrue, valueIfFalse)', minArgs: 3, maxArgs: 3, evaluate: iifFunction },
  { name: 'IsNull', signature: 'IsNull(expression)', minArgs: 1, maxArgs: 1, evaluate: ([value]) => value === null },
  { name: 'IsNullOrEmpty', signature: 'IsNullOrEmpty(expression)', minArgs: 1, maxArgs: 1, evaluate: ([value]) => isEmptyValue(value) },
  { name: 'IsPresent', signature: 'IsPresent(expression)', minArgs: 1, maxArgs: 1, evaluate: ([value]) => !isEmptyValue(value) },
  { name: 'Join', signature: 'Join(separator, source1, source2, ...)', minArgs: 2, maxArgs: MANY, evaluate: joinFunction },
  { name: 'Left', signature: 'Left(string, numChars)', minArgs: 2, maxArgs: 2, evaluate: leftFunction },
  { name: 'Mid', signature: 'Mid(source, start, length)', minArgs: 3, maxArgs: 3, evaluate: midFunction },
  {
    name: 'NormalizeDiacritics',
    signature: 'NormalizeDiacritics(source)',
    minArgs: 1,
    maxArgs: 1,
    evaluate: ([source]) => mapText(source, normalizeDiacritics),
  },
  { name: 'Not', signature: 'Not(source)', minArgs: 1, maxArgs: 1, evaluate: notFunction },
  {
    name: 'Replace',
    signature: 'Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)',
    minArgs: 7,
    maxArgs: 7,
    check: checkReplacePattern,
    evaluate: evaluateReplace,
  },
  {
    name: 'StripSpaces',
    signature: 'StripSpaces(source)',
    minArgs: 1,
    maxArgs: 1,
    evaluate: ([source]) => mapText(source, (text) => text.replaceAll(' ', '')),
  },
  {
    name: 'Switch',
    signature: 'Switch(source, defaultValue, key1, value1, key2, value2, ...)',
    minArgs: 4,
    maxArgs: MANY,
    check: requireEvenArguments,
    evaluate: switchFunction,
  },
  { name: 'ToLower', signature: 'ToLower(source, culture)', minArgs: 1, maxArgs: 2, evaluate: toLower },
  { name: 'ToUpper', signature: 'ToUpper(source, culture)', minArgs: 1, maxArgs: 2, evaluate: toUpper },
  // Trim is not in the provisioning reference but in Entra's cloud-sync expression reference; people reach for it
  { name: 'Trim', signature: 'Trim(source)', minArgs: 1, maxArgs: 1, evaluate: ([source]) => mapText(source, (text) => text.trim()) },
]

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]))

/**
 * Entra functions this harness does not evaluate, so that their use gets "not simulated"
 * rather than "unknown function" (SingleAppRoleAssignment is out of scope: no app roles here).
 */
const NOT_SIMULATED = [
  'AppRoleAssignmentsComplex',
  'AssertiveAppRoleAssignmentsComplex',
  'BitAnd',
  'CDate',
  'ConvertFromBase64',
  'ConvertToBase64',
  'ConvertToUTF8Hex',
  'Count',
  'DateAdd',
  'DateDiff',
  'DateFromNum',
  'DNComponent',
  'Error',
  'FormatDateTime',
  'Guid',
  'InStr',
  'Item',
  'Now',
  'NumFromDate',
  'PCase',
  'RandomString',
  'Redact',
  'RemoveDuplicates',
  'SelectUniqueValue',
  'SingleAppRoleAssignment',
  'Split',
  'Word',
]

/**
 * The function named `name`, matched case-insensitively. [U] The reference calls the syntax
 * case-sensitive, yet writes `switch(...)` itself in the Switch caution; function names are
 * matched without case (VBA heritage) and string comparisons keep case.
 */
export function findFunction(name: string): ExpressionFunction | undefined {
  return BY_NAME.get(name.toLowerCase())
}

/** An Entra function name this harness knows of but does not simulate, in Entra's spelling. */
export function notSimulatedFunction(name: string): string | undefined {
  return NOT_SIMULATED.find((n) => n.toLowerCase() === name.toLowerCase())
}

/** Names of the functions the harness evaluates, for the mapping editor's help. */
export function supportedFunctionNames(): string[] {
  return FUNCTIONS.map((f) => f.name)
}
