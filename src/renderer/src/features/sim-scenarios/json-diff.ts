/*
 * Expected against actual, line by line: both values pretty-printed as JSON, then a longest
 * common subsequence over the lines, so a one-attribute difference in a large object shows as
 * that one line removed and added rather than two whole objects side by side.
 */

export type DiffLine = { kind: 'same' | 'expected' | 'actual'; text: string }

/** A value as indented JSON; undefined (absent) reads as such rather than as nothing. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '(absent)'
  return JSON.stringify(value, null, 2)
}

/** Lines beyond which the quadratic table would cost more than the diff is worth: shown whole instead. */
const MAX_LINES = 400

/** The lines of expected and actual, each marked same, only in expected, or only in actual. */
export function diffJson(expected: unknown, actual: unknown): DiffLine[] {
  const a = prettyJson(expected).split('\n')
  const b = prettyJson(actual).split('\n')
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.map((text) => ({ kind: 'expected' as const, text })), ...b.map((text) => ({ kind: 'actual' as const, text }))]
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] })
      i++
      j++
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: 'expected', text: a[i++] })
    else out.push({ kind: 'actual', text: b[j++] })
  }
  while (i < a.length) out.push({ kind: 'expected', text: a[i++] })
  while (j < b.length) out.push({ kind: 'actual', text: b[j++] })
  return out
}
