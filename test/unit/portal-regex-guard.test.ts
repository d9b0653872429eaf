import { describe, expect, it } from 'vitest'
import { compileRulePattern, PortalError, regexHazard } from '../../src/main/core/portal'

describe('regexHazard', () => {
  it.each([
    '^sales$',
    '^[a-z]+\\.[a-z]+@contoso\\.com$',
    'manager|director',
    '^(sales|marketing) emea$',
    '(?:ab)+',
    '(\\d{3})+',
    '[(+*]+x',
    '(?<dept>\\w+)-\\d{2,4}',
    '(a|b)?',
    'a{2,}?b',
  ])('lets the everyday pattern %s through', (pattern) => {
    expect(regexHazard(pattern)).toBeUndefined()
  })

  it.each([
    ['(a+)+', /group that itself contains a repeat/],
    ['(a*)*b', /group that itself contains a repeat/],
    ['((a+))+', /group that itself contains a repeat/],
    ['(a?){2,}', /group that itself contains a repeat/],
    ['(\\w+\\s?)*$', /group that itself contains a repeat/],
    ['(a|aa)+', /group with alternatives/],
    ['(?:x|y){3,}', /group with alternatives/],
    ['.*.*.*x', /3 unbounded quantifiers/],
  ])('refuses %s, which can backtrack catastrophically', (pattern, why) => {
    expect(regexHazard(pattern)).toMatch(why)
  })

  it('refuses patterns longer than 200 characters', () => {
    expect(regexHazard('a'.repeat(200))).toBeUndefined()
    expect(regexHazard('a'.repeat(201))).toMatch(/limit is 200/)
  })
})

describe('compileRulePattern', () => {
  it('compiles case-insensitively', () => {
    expect(compileRulePattern('^sales').test('SALES EMEA')).toBe(true)
  })

  it('refuses an unsafe pattern before compiling it', () => {
    expect(() => compileRulePattern('(x+)+y')).toThrow(expect.objectContaining({ code: 'unsafeRegex' }))
  })

  it('refuses a pattern the engine rejects', () => {
    expect(() => compileRulePattern('a{2,1}')).toThrow(PortalError)
    expect(() => compileRulePattern('[z-a]')).toThrow(expect.objectContaining({ code: 'invalidRegex' }))
  })

  it('runs every accepted pattern quickly on a hostile 1,000-character value', () => {
    const subject = 'a'.repeat(1000) + '!'
    for (const pattern of ['^(a|b)?a*$x', '^[a-z]+\\.[a-z]+@x$', '(\\d{3})+z']) {
      const started = performance.now()
      compileRulePattern(pattern).test(subject)
      expect(performance.now() - started).toBeLessThan(2000)
    }
  })
})
