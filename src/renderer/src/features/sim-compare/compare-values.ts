/** Strings that would read as a boolean, null or a number if shown bare. */
const LOOKS_LITERAL = /^(true|false|null|-?\d+(\.\d+)?)$/i

/**
 * A compared value as text: strings as they are, except that a string which reads like a literal
 * is quoted, so a server that stored the string "False" does not pass for the boolean false
 * (the classic Entra active bug); absent values are named; the rest is compact JSON.
 */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(absent)'
  if (typeof value === 'string') return value === '' ? '(empty string)' : LOOKS_LITERAL.test(value) ? JSON.stringify(value) : value
  return JSON.stringify(value)
}
