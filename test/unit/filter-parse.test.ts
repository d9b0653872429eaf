import { describe, it, expect } from 'vitest'
import { parse as libraryParse } from 'scim2-parse-filter'
import { parseFilter, MAX_FILTER_LENGTH } from '../../src/main/core/scim/filter'
import { ScimError } from '../../src/main/core/scim/errors'
import { RuleTrace } from '../../src/main/core/scim/leniency'

/** Runs `fn` and returns the ScimError it throws (fails the test when it throws anything else or nothing). */
function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError)
    return e as ScimError
  }
  throw new Error('expected a ScimError, nothing was thrown')
}

function expectInvalidFilter(text: string, detail?: RegExp): void {
  const error = scimErrorOf(() => parseFilter(text))
  expect(error.status).toBe(400)
  expect(error.scimType).toBe('invalidFilter')
  if (detail) expect(error.detail).toMatch(detail)
}

describe('parseFilter: RFC 7644 grammar', () => {
  it('reads every comparison operator and pr', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(parseFilter(`title ${op} "x"`)).toEqual({ op, attrPath: 'title', compValue: 'x' })
    }
    expect(parseFilter('title pr')).toEqual({ op: 'pr', attrPath: 'title' })
  })

  it('reads operators and keywords in any case', () => {
    expect(parseFilter('userName EQ "a" AnD title Pr OR NOT (active eQ true)')).toEqual({
      op: 'or',
      filters: [
        {
          op: 'and',
          filters: [
            { op: 'eq', attrPath: 'userName', compValue: 'a' },
            { op: 'pr', attrPath: 'title' },
          ],
        },
        { op: 'not', filter: { op: 'eq', attrPath: 'active', compValue: true } },
      ],
    })
  })

  it('reads true, false, null and number literals', () => {
    expect(parseFilter('active eq true')).toMatchObject({ compValue: true })
    expect(parseFilter('active eq false')).toMatchObject({ compValue: false })
    expect(parseFilter('title eq null')).toMatchObject({ compValue: null })
    expect(parseFilter('x gt 42')).toMatchObject({ compValue: 42 })
    expect(parseFilter('x gt -1.5e3')).toMatchObject({ compValue: -1500 })
  })

  it('decodes escaped quotes and backslashes inside strings', () => {
    expect(parseFilter('displayName eq "say \\"hi\\" \\\\ there"')).toMatchObject({ compValue: 'say "hi" \\ there' })
    expect(parseFilter('displayName eq "caf\\u00e9"')).toMatchObject({ compValue: 'café' })
  })

  it('binds and tighter than or', () => {
    expect(parseFilter('a pr or b pr and c pr')).toEqual({
      op: 'or',
      filters: [
        { op: 'pr', attrPath: 'a' },
        {
          op: 'and',
          filters: [
            { op: 'pr', attrPath: 'b' },
            { op: 'pr', attrPath: 'c' },
          ],
        },
      ],
    })
    expect(parseFilter('a pr and b pr or c pr')).toEqual({
      op: 'or',
      filters: [
        {
          op: 'and',
          filters: [
            { op: 'pr', attrPath: 'a' },
            { op: 'pr', attrPath: 'b' },
          ],
        },
        { op: 'pr', attrPath: 'c' },
      ],
    })
  })

  it('lets parentheses override precedence at any depth', () => {
    expect(parseFilter('((a pr or b pr)) and (((c pr)))')).toEqual({
      op: 'and',
      filters: [
        {
          op: 'or',
          filters: [
            { op: 'pr', attrPath: 'a' },
            { op: 'pr', attrPath: 'b' },
          ],
        },
        { op: 'pr', attrPath: 'c' },
      ],
    })
  })

  it('negates a whole parenthesised group with not', () => {
    expect(parseFilter('not (a pr or b pr) and c pr')).toEqual({
      op: 'and',
      filters: [
        {
          op: 'not',
          filter: {
            op: 'or',
            filters: [
              { op: 'pr', attrPath: 'a' },
              { op: 'pr', attrPath: 'b' },
            ],
          },
        },
        { op: 'pr', attrPath: 'c' },
      ],
    })
  })

  it('reads a complex attribute filter', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toEqual({
      op: '[]',
      attrPath: 'emails',
      valFilter: {
        op: 'and',
        filters: [
          { op: 'eq', attrPath: 'type', compValue: 'work' },
          { op: 'co', attrPath: 'value', compValue: '@x' },
        ],
      },
    })
  })

  it('reads Entra\'s emails[type eq "work"].value eq form as one condition on the same element', () => {
    const trace = new RuleTrace()
    expect(parseFilter('emails[type eq "work"].value eq "a@x.com"', trace)).toEqual({
      op: '[]',
      attrPath: 'emails',
      valFilter: {
        op: 'and',
        filters: [
          { op: 'eq', attrPath: 'type', compValue: 'work' },
          { op: 'eq', attrPath: 'value', compValue: 'a@x.com' },
        ],
      },
    })
    expect(trace.names()).toEqual(['filter-value-path-sub-attribute'])
  })

  it('keeps URN-qualified paths whole', () => {
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"')).toEqual({
      op: 'eq',
      attrPath: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      compValue: 'Sales',
    })
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName pr')).toEqual({
      op: 'pr',
      attrPath: 'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName',
    })
  })

  it('agrees with scim2-parse-filter on strict RFC filters', () => {
    const filters = [
      'userName eq "bjensen"',
      'name.familyName co "O\'Malley"',
      'title pr and userType eq "Employee"',
      'title pr or userType eq "Intern"',
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      'meta.lastModified gt "2011-05-13T04:42:34Z" and a pr or b pr and c pr',
    ]
    for (const f of filters) expect(parseFilter(f)).toEqual(libraryParse(f))
  })
})

describe('parseFilter: lenient reading of unquoted values (Microsoft Postman collection)', () => {
  it('quotes bare words in name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)', () => {
    const trace = new RuleTrace()
    expect(parseFilter('name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)', trace)).toEqual({
      op: 'and',
      filters: [
        { op: 'eq', attrPath: 'name.FamilyName', compValue: 'Employee' },
        {
          op: 'or',
          filters: [
            { op: 'co', attrPath: 'emails.Value', compValue: 'example.com' },
            { op: 'co', attrPath: 'emails.Value', compValue: 'example.org' },
          ],
        },
      ],
    })
    expect(trace.has('filter-unquoted-value')).toBe(true)
  })

  it('quotes a single-letter bare word: userName sw O', () => {
    expect(parseFilter('userName sw O')).toEqual({ op: 'sw', attrPath: 'userName', compValue: 'O' })
  })

  it('quotes a bare timestamp: meta.Created gt 2015-10-10T14:38:21.8617979-07:00', () => {
    expect(parseFilter('meta.Created gt 2015-10-10T14:38:21.8617979-07:00')).toEqual({
      op: 'gt',
      attrPath: 'meta.Created',
      compValue: '2015-10-10T14:38:21.8617979-07:00',
    })
  })

  it('reads legacy Entra unquoted ids and a bare word inside brackets', () => {
    expect(parseFilter('externalId eq jyoung')).toMatchObject({ compValue: 'jyoung' })
    expect(parseFilter('emails[type eq work]')).toMatchObject({ valFilter: { compValue: 'work' } })
    expect(parseFilter('employeeNumber eq 007')).toMatchObject({ compValue: '007' })
  })

  it('fires nothing for a strict filter', () => {
    const trace = new RuleTrace()
    parseFilter('userName eq "a" and (active eq true or title pr)', trace)
    expect(trace.names()).toEqual([])
  })

  it('accepts not without parentheses and says so', () => {
    const trace = new RuleTrace()
    expect(parseFilter('not title pr', trace)).toEqual({ op: 'not', filter: { op: 'pr', attrPath: 'title' } })
    expect(trace.names()).toEqual(['filter-not-without-parentheses'])
  })
})

describe('parseFilter: invalid filters give 400 invalidFilter', () => {
  it('rejects unbalanced parentheses, naming where', () => {
    expectInvalidFilter('(userName eq "a"', /"\(" at position 0 is not closed/)
    expectInvalidFilter('userName eq "a")', /position 15.*unbalanced/)
    expectInvalidFilter('emails[type eq "work"', /"\[" at position 6 is not closed/)
  })

  it('rejects an unknown operator', () => {
    expectInvalidFilter('userName equals "a"', /Unknown or missing operator.*'equals'/)
  })

  it('rejects a missing value', () => {
    expectInvalidFilter('userName eq', /Missing value after 'eq'/)
    expectInvalidFilter('(userName eq) and title pr', /Missing value after 'eq'/)
  })

  it('rejects an unterminated string', () => {
    expectInvalidFilter('userName eq "abc', /Unterminated string.*position 12/)
  })

  it('rejects empty filters, dangling keywords and junk after a complete filter', () => {
    expectInvalidFilter('', /empty/)
    expectInvalidFilter('   ', /empty/)
    expectInvalidFilter('userName eq "a" and', /end of the filter/)
    expectInvalidFilter('displayName eq John Smith', /'Smith' at position 20/)
    expectInvalidFilter('"userName" eq "a"', /attribute path/)
    expectInvalidFilter('user name eq "a"', /operator/)
  })
})

describe('parseFilter: work bounds', () => {
  it(`rejects a filter longer than ${MAX_FILTER_LENGTH} characters`, () => {
    const ok = `userName eq "${'a'.repeat(MAX_FILTER_LENGTH - 14)}"`
    expect(ok.length).toBe(MAX_FILTER_LENGTH)
    expect(() => parseFilter(ok)).not.toThrow()
    expectInvalidFilter(`userName eq "${'a'.repeat(MAX_FILTER_LENGTH)}"`, /at most 10000/)
  })

  it('rejects nesting deeper than 50 levels and accepts 50', () => {
    const nest = (n: number) => `${'('.repeat(n)}title pr${')'.repeat(n)}`
    expect(parseFilter(nest(50))).toEqual({ op: 'pr', attrPath: 'title' })
    expectInvalidFilter(nest(51), /deeper than 50/)
    expectInvalidFilter(`${'not '.repeat(51)}title pr`, /deeper than 50/)
  })

  it('rejects more than 500 comparisons and accepts 500', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `title eq "${i}"`).join(' or ')
    expect(() => parseFilter(chain(500))).not.toThrow()
    expectInvalidFilter(chain(501), /more than 500 comparisons/)
  })

  it('handles 10k-character pathological inputs quickly', () => {
    const inputs = [
      `title eq "${'\n'.repeat(9_980)}`, // the pattern that makes scim2-parse-filter 0.2.10 backtrack exponentially
      `title eq "${'\\"'.repeat(4_990)}`,
      '('.repeat(9_999),
      'a'.repeat(10_000),
      `${'title pr and '.repeat(768)}title pr`,
      '[['.repeat(5_000),
    ]
    for (const input of inputs) {
      expect(input.length).toBeLessThanOrEqual(10_000)
      const started = performance.now()
      scimErrorOf(() => parseFilter(input))
      expect(performance.now() - started).toBeLessThan(500) // linear work is ~1 ms; the library's backtracking would never finish here
    }
  })
})
