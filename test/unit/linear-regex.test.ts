import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileLinearRegex, InvalidRegexError, MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_SUBJECT_LENGTH } from '../../src/main/core/regex/linear-regex'

// Patterns people type (CAL rules, Replace, later fault rules and scoping filters) on the
// linear-time engine: what it accepts, what it refuses and why, and that no text can stall it.

const refusal = (pattern: string, options = {}): InvalidRegexError => {
  try {
    compileLinearRegex(pattern, options)
  } catch (error) {
    if (error instanceof InvalidRegexError) return error
    throw error
  }
  throw new Error(`'${pattern}' was accepted`)
}

/** The least of a few runs, in ms: the one least disturbed by the rest of a loaded machine. */
function fastest(run: () => void, times = 5): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    run()
    best = Math.min(best, performance.now() - started)
  }
  return best
}

describe('compileLinearRegex: what it accepts', () => {
  it.each([
    ['^sales$', 'Sales', true],
    ['^[a-z]+\\.[a-z]+@contoso\\.com$', 'ada.lovelace@contoso.com', true],
    ['manager|director', 'Regional Director', true],
    ['^(sales|marketing) emea$', 'Marketing EMEA', true],
    ['(?:ab)+', 'xxabab', true],
    ['(\\d{3})+', 'no digits', false],
    ['[(+*]+x', '(+x', true],
    ['(?<dept>\\w+)-\\d{2,4}', 'eng-042', true],
    ['(?P<dept>\\w+)-\\d{2,4}', 'eng-042', true],
    ['a{2,}?b', 'aab', true],
    ['^caf\\u00e9$', 'CAFÉ', true],
    ['\\p{Greek}+', 'Ωμέγα', true],
  ])('runs the everyday pattern %s (case-insensitive: %s -> %s)', (pattern, text, expected) => {
    expect(compileLinearRegex(pattern, { ignoreCase: true }).test(text)).toBe(expected)
  })

  it('matches case-sensitively unless asked', () => {
    expect(compileLinearRegex('^Sales').test('sales')).toBe(false)
    expect(compileLinearRegex('^Sales', { ignoreCase: true }).test('sales')).toBe(true)
  })

  it('reads \\\\u as a backslash followed by u, not as an escape', () => {
    expect(compileLinearRegex('^\\\\u0041$').test('\\u0041')).toBe(true)
    expect(compileLinearRegex('^\\\\u0041$').test('\\A')).toBe(false)
  })

  it('gives groups by number and name, with offsets in UTF-16 units as String.slice counts them', () => {
    const regex = compileLinearRegex('(?<word>b+)(x)?')
    const matches = [...regex.matchAll('😀abb😀bb')]
    expect(regex.groupNames).toEqual({ word: 1 })
    expect(matches.map((m) => [m.index, m.end, m.groups, m.spans])).toEqual([
      [3, 5, ['bb', 'bb', undefined], [[3, 5], [3, 5], undefined]],
      [7, 9, ['bb', 'bb', undefined], [[7, 9], [7, 9], undefined]],
    ])
  })

  it('steps over empty matches as String.prototype.matchAll does', () => {
    expect([...compileLinearRegex('x*').matchAll('abc')].map((m) => m.index)).toEqual([0, 1, 2, 3])
  })

  it(`looks at the first ${MAX_SUBJECT_LENGTH} characters of a value only`, () => {
    const value = 'a'.repeat(MAX_SUBJECT_LENGTH) + 'tail'
    expect(compileLinearRegex('t').test(value)).toBe(false)
    expect(compileLinearRegex('^a+T$').test('a'.repeat(MAX_SUBJECT_LENGTH - 1) + 'T')).toBe(true)
    expect([...compileLinearRegex('a').matchAll('a'.repeat(5000))]).toHaveLength(MAX_SUBJECT_LENGTH)
  })

  it('compiles a pattern once and gives the same matcher again', () => {
    expect(compileLinearRegex('^cache-me$')).toBe(compileLinearRegex('^cache-me$'))
    expect(compileLinearRegex('^cache-me$', { ignoreCase: true })).not.toBe(compileLinearRegex('^cache-me$'))
  })
})

describe('compileLinearRegex: what it refuses, saying why and what to do', () => {
  it.each([
    ['(?=a)b', /uses a lookahead \(\?=\.\.\.\).*linear-time engine \(RE2\).*no lookarounds or backreferences/],
    ['x(?!y)', /uses a lookahead \(\?!\.\.\.\)/],
    ['(?<=@)contoso', /uses a lookbehind \(\?<=\.\.\.\)/],
    ['(?<!@)contoso', /uses a lookbehind \(\?<!\.\.\.\)/],
    ['(a)\\1', /uses a backreference \(\\1\)/],
    ['(?<x>a)\\k<x>', /uses a backreference \(\\k<name>\)/],
  ])('refuses %s, which needs backtracking', (pattern, message) => {
    const error = refusal(pattern)
    expect(error.code).toBe('invalidRegex')
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(/Match the text itself instead/)
  })

  it('does not mistake characters in a class for a lookaround or a backreference', () => {
    expect(compileLinearRegex('[(?=]+').test('?=')).toBe(true)
    expect(compileLinearRegex('[]\\\\1]').test(']')).toBe(true)
    expect(refusal('[\\1]').message).not.toMatch(/backreference/)
  })

  it.each([
    ['[z-a]', /'\[z-a\]' is not a valid regular expression: invalid character class range at `z-a`\. Patterns use RE2 syntax/],
    ['a{2,1}', /invalid repeat count at `\{2,1\}`/],
    ['(unclosed', /missing closing \)\. Patterns use RE2 syntax/],
    ['a++', /invalid nested repetition operator at `\+\+`/],
    ['x\\Z', /invalid escape sequence at `\\Z`/],
  ])('refuses %s, which is not a valid pattern, naming the fault', (pattern, message) => {
    expect(refusal(pattern).message).toMatch(message)
  })

  it(`refuses patterns longer than ${MAX_PATTERN_LENGTH} characters`, () => {
    expect(() => compileLinearRegex('a'.repeat(MAX_PATTERN_LENGTH))).not.toThrow()
    expect(refusal('a'.repeat(MAX_PATTERN_LENGTH + 1)).message).toBe(
      `The regular expression is ${MAX_PATTERN_LENGTH + 1} characters long; the limit is ${MAX_PATTERN_LENGTH}. Shorten it: longer patterns take long to compile and are hard to check by eye.`,
    )
  })

  it(`refuses a pattern that compiles to more than ${MAX_PROGRAM_SIZE} steps, saying counted repeats are copied`, () => {
    const error = refusal('[\\s\\S]{0,1000}[\\s\\S]{0,1000}[\\s\\S]{0,1000}x')
    expect(error.message).toMatch(/too large to run safely: it compiles to 600\d steps and the limit is 500\. A counted repeat is copied once per count/)
    expect(() => compileLinearRegex('^[^@]{1,64}@[^@]+$')).not.toThrow()
  })

  it('refuses the same way on every call (the refusal is cached too)', () => {
    expect(refusal('(?=cached)')).toBe(refusal('(?=cached)'))
  })
})

describe('compileLinearRegex: no text can stall it', () => {
  // each of these takes a backtracking engine exponential or polynomial time on the texts below
  const HOSTILE = [
    '(a+)+b',
    '(a+)+$',
    '(a|a)*b',
    '(a|aa)+$',
    '(\\w+\\s?)*$',
    '.*.*.*x',
    '(.*a){12}$',
    '^(a?){25}a{25}$',
    '[]|(a+)+b]',
    '(?:x+x+)+y',
    '^([a-z0-9]+[._-]?)+@example\\.com$',
  ]
  const hostileText = fc.oneof(
    fc.nat({ max: 3000 }).map((n) => 'a'.repeat(n)),
    fc.tuple(fc.nat({ max: 3000 }), fc.constantFrom('!', 'b', ' ', '@', 'x')).map(([n, end]) => 'a'.repeat(n) + end),
    fc.string({ unit: fc.constantFrom('a', 'b', 'x', ' ', '.', '@', '-', 'é', '😀'), maxLength: 3000 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
  )

  it('runs every pattern on every text without throwing, each match well under a second', () => {
    const regexes = HOSTILE.map((p) => compileLinearRegex(p, { ignoreCase: true }))
    let slowest = 0
    fc.assert(
      fc.property(fc.constantFrom(...regexes), hostileText, (regex, text) => {
        const started = performance.now()
        regex.test(text)
        for (const _ of regex.matchAll(text));
        slowest = Math.max(slowest, performance.now() - started)
      }),
      { numRuns: 300 },
    )
    // a backtracking engine spends minutes on the 32-character texts among these
    expect(slowest).toBeLessThan(1000)
  })

  it('grows linearly with the text: four times the text, about four times the work', () => {
    // the costliest accepted shape: every instruction of a ~500-step program stays alive
    const regex = compileLinearRegex('(?:.{0,80}a){3}!')
    const text = (n: number): string => 'ab'.repeat(n / 2)
    regex.test(text(1000))
    const short = fastest(() => regex.test(text(250)))
    const long = fastest(() => regex.test(text(1000)))
    // quadratic would be 16 times, exponential far more; the bound leaves room for a busy machine
    expect(long).toBeLessThan(10 * short + 5)
    expect(long).toBeLessThan(500)
  })

  it('costs no more on a 1 MiB value than on its first 1,000 characters', () => {
    const regex = compileLinearRegex('(a+)+b')
    expect(fastest(() => regex.test('a'.repeat(1024 * 1024)))).toBeLessThan(100)
  })
})

describe('compileLinearRegex: the same answers as JavaScript on patterns both run', () => {
  // A small grammar over a few letters, classes, groups, alternation, quantifiers and anchors.
  // A repeated group that can match empty is left out: there ECMAScript's empty-iteration rule
  // differs from Perl's and RE2's (`(?:\b|a)*` on "a": JavaScript matches "a", RE2 matches "").
  type Gen = { src: string; nullable: boolean }
  const sequence = (src: string): string => (src.includes('|') ? `(?:${src})` : src)
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', 'A', 'é', 'É', '1', ' ', '-', '.', '\\d', '\\w', '\\W', '[ab]', '[^a]', '[a-c1]', '\\.').map((src) => ({ src, nullable: false })),
    fc.constant({ src: '\\b', nullable: true }),
  )
  const gen: fc.Arbitrary<Gen> = fc.letrec<{ p: Gen }>((tie) => ({
    p: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      // an operand holding an alternation is grouped, or `a|b` + `c` would read as a|(bc) and the
      // nullable flag would describe another pattern (seed -1235914178 made `(?:\b|\ba)*` that way)
      fc.tuple(tie('p'), tie('p')).map(([x, y]) => ({ src: sequence(x.src) + sequence(y.src), nullable: x.nullable && y.nullable })),
      fc.tuple(tie('p'), tie('p')).map(([x, y]) => ({ src: `${x.src}|${y.src}`, nullable: x.nullable || y.nullable })),
      fc.tuple(tie('p'), fc.constantFrom('(', '(?:', '(?<g>')).map(([x, open]) => ({ src: `${open}${x.src})`, nullable: x.nullable })),
      fc
        .tuple(
          tie('p').filter((x) => !x.nullable),
          fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,2}?', '*?', '+?'),
        )
        .map(([x, q]) => ({ src: `(?:${x.src})${q}`, nullable: ['*', '?', '{0,2}?', '*?'].includes(q) })),
      tie('p').map((x) => ({ src: `^${x.src}`, nullable: x.nullable })),
      tie('p').map((x) => ({ src: `${x.src}$`, nullable: x.nullable })),
    ),
  })).p
  const pattern = gen.map((g) => g.src).filter((p) => (p.match(/\(\?<g>/g) ?? []).length <= 1)
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'é', 'É', '1', ' ', '-', '.'), maxLength: 12 })

  it('matches where RegExp matches, with and without case', () => {
    fc.assert(
      fc.property(pattern, text, fc.boolean(), (p, t, ignoreCase) => {
        expect(compileLinearRegex(p, { ignoreCase }).test(t)).toBe(new RegExp(p, ignoreCase ? 'iu' : 'u').test(t))
      }),
      { numRuns: 2000 },
    )
  })

  it('finds the same successive matches as String.prototype.matchAll', () => {
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const ours = [...compileLinearRegex(p, { ignoreCase: true }).matchAll(t)].map((m) => [m.index, m.end])
        const theirs = [...t.matchAll(new RegExp(p, 'giu'))].map((m) => [m.index, m.index + m[0].length])
        expect(ours).toEqual(theirs)
      }),
      { numRuns: 1000 },
    )
  })
})
