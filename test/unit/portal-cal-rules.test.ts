import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateCal, explainCal, PortalError, validateRule, type CalRuleGroup } from '../../src/main/core/portal'
import { defaultPortalSettings, type CalRule, type JsonObject, type PortalSettings } from '../../src/main/core/store/records'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

let nextId = 0
function rule(attributePath: string, condition: CalRule['condition'], matchingText: string, targetCal: string, enabled = true): CalRule {
  return { id: `r${++nextId}`, attributePath, condition, matchingText, targetCal, enabled }
}

function settings(calRules: CalRule[], extra: Partial<PortalSettings> = {}): PortalSettings {
  return { ...defaultPortalSettings(), defaultCal: 'Viewer', calRules, ...extra }
}

const alice: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'u1',
  userName: 'alice@contoso.com',
  displayName: 'Alice Example',
  title: 'Senior Sales Manager',
  name: { givenName: 'Alice', familyName: 'Example' },
  emails: [
    { value: 'alice@contoso.com', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
  [ENTERPRISE]: { department: 'Sales', manager: { value: 'u9' } },
}
const groups: CalRuleGroup[] = [
  { id: 'g-eng', displayName: 'Engineering', externalId: 'aad-eng' },
  { id: 'g-sales', displayName: 'Sales EMEA', externalId: 'aad-sales' },
]

function cal(rules: CalRule[], extra: Partial<PortalSettings> = {}, user: JsonObject = alice, memberOf: CalRuleGroup[] = groups) {
  return evaluateCal({ user, groups: memberOf, settings: settings(rules, extra) })
}

describe('evaluateCal', () => {
  it('gives the default CAL, with reason default, when no rule matches', () => {
    expect(cal([rule('title', 'equals', 'CEO', 'Administrator')])).toEqual({ cal: 'Viewer', reason: { kind: 'default' } })
  })

  it('falls back to the lowest CAL when no default CAL is set', () => {
    expect(cal([], { defaultCal: null })).toEqual({ cal: 'Viewer', reason: { kind: 'default' } })
    expect(cal([], { defaultCal: null, cals: ['Gold', 'Silver', 'Bronze-12'] }).cal).toBe('Bronze-12')
  })

  it('gives the highest CAL by default when several rules match, whatever their order', () => {
    const rules = [
      rule('title', 'contains', 'sales', 'Contributor'),
      rule('department', 'equals', 'x', 'Administrator'),
      rule('title', 'contains', 'manager', 'Manager'),
    ]
    const result = cal(rules)
    expect(result.cal).toBe('Manager')
    expect(result.reason).toEqual({ kind: 'rule', ruleId: rules[2].id, ruleIndex: 2, attributePath: 'title', matchedValue: 'Senior Sales Manager' })
  })

  it('breaks a tie between rules targeting the same CAL by list order', () => {
    const rules = [rule('title', 'contains', 'sales', 'Manager'), rule('title', 'contains', 'manager', 'Manager')]
    expect(cal(rules).reason).toMatchObject({ ruleIndex: 0 })
  })

  it('gives the first matching rule in list order when the portal says firstRule', () => {
    const rules = [
      rule('title', 'equals', 'nope', 'Administrator'),
      rule('title', 'contains', 'sales', 'Contributor'),
      rule('title', 'contains', 'manager', 'Manager'),
    ]
    const result = cal(rules, { calConflictPolicy: 'firstRule' })
    expect(result.cal).toBe('Contributor')
    expect(result.reason).toMatchObject({ kind: 'rule', ruleIndex: 1 })
  })

  it('records the group when a rule matches through a group the user belongs to', () => {
    const r = rule('groups.displayName', 'startsWith', 'sales', 'Moderator')
    expect(cal([r])).toEqual({
      cal: 'Moderator',
      reason: {
        kind: 'rule',
        ruleId: r.id,
        ruleIndex: 0,
        attributePath: 'groups.displayName',
        matchedValue: 'Sales EMEA',
        groupId: 'g-sales',
        groupDisplayName: 'Sales EMEA',
      },
    })
  })

  it('matches groups by id (groups.value) and by externalId', () => {
    expect(cal([rule('groups.value', 'equals', 'G-ENG', 'Manager')]).reason).toMatchObject({ groupId: 'g-eng', matchedValue: 'g-eng' })
    expect(cal([rule('Groups.ExternalId', 'equals', 'aad-sales', 'Manager')]).reason).toMatchObject({ groupId: 'g-sales' })
  })

  it('records the same group whatever order the groups are listed in', () => {
    const r = rule('groups.displayName', 'contains', 'e', 'Manager')
    expect(cal([r], {}, alice, [...groups].reverse()).reason).toMatchObject({ groupId: 'g-eng' })
    expect(cal([r]).reason).toMatchObject({ groupId: 'g-eng' })
  })

  it('does not match a group rule for a user in no group', () => {
    expect(cal([rule('groups.displayName', 'contains', 'sales', 'Manager')], {}, alice, []).cal).toBe('Viewer')
  })

  it('ignores a disabled rule', () => {
    expect(cal([rule('title', 'contains', 'manager', 'Administrator', false)]).cal).toBe('Viewer')
  })

  it('skips a rule whose targeted CAL is no longer in the catalogue', () => {
    const rules = [rule('title', 'contains', 'manager', 'Owner'), rule('title', 'contains', 'sales', 'Contributor')]
    expect(cal(rules).cal).toBe('Contributor')
  })

  it('returns the CAL spelled as the catalogue spells it', () => {
    expect(cal([rule('title', 'contains', 'manager', 'MANAGER')]).cal).toBe('Manager')
  })

  it('resolves attribute paths ignoring case, through the enterprise URN and into multi-valued attributes', () => {
    expect(cal([rule(`${ENTERPRISE}:Department`, 'equals', 'SALES', 'Manager')]).cal).toBe('Manager')
    expect(cal([rule('emails.value', 'endsWith', '@home.example', 'Manager')]).reason).toMatchObject({ matchedValue: 'alice@home.example' })
    expect(cal([rule('emails', 'endsWith', '@contoso.com', 'Manager')]).cal).toBe('Manager')
    expect(cal([rule('NAME.familyname', 'equals', 'example', 'Manager')]).cal).toBe('Manager')
    expect(cal([rule('urn:ietf:params:scim:schemas:core:2.0:User:userName', 'startsWith', 'ALICE@', 'Manager')]).cal).toBe('Manager')
  })

  it.each([
    ['equals', 'senior sales manager', true],
    ['equals', 'sales', false],
    ['contains', 'SALES', true],
    ['startsWith', 'senior', true],
    ['startsWith', 'sales', false],
    ['endsWith', 'MANAGER', true],
    ['matchesRegex', '^senior\\s+\\w+', true],
    ['matchesRegex', '^junior', false],
  ] as const)('compares case-insensitively: title %s %s -> %s', (condition, text, matches) => {
    expect(cal([rule('title', condition, text, 'Manager')]).cal).toBe(matches ? 'Manager' : 'Viewer')
  })

  it('matches notEquals only when no value equals the text, including a missing attribute', () => {
    expect(cal([rule('emails.value', 'notEquals', 'alice@contoso.com', 'Manager')]).cal).toBe('Viewer')
    expect(cal([rule('emails.value', 'notEquals', 'bob@contoso.com', 'Manager')]).cal).toBe('Manager')
    expect(cal([rule('nickName', 'notEquals', 'Al', 'Manager')]).reason).toMatchObject({ kind: 'rule', matchedValue: '' })
    expect(cal([rule('groups.displayName', 'notEquals', 'contractors', 'Manager')], {}, alice, []).cal).toBe('Manager')
    expect(cal([rule('groups.displayName', 'notEquals', 'engineering', 'Manager')]).cal).toBe('Viewer')
  })

  it('runs a regex only on the first 1,000 characters of a value', () => {
    const user = { ...alice, title: 'a'.repeat(1000) + 'TAIL' }
    expect(cal([rule('title', 'matchesRegex', 'tail', 'Manager')], {}, user).cal).toBe('Viewer')
    expect(cal([rule('title', 'contains', 'tail', 'Manager')], {}, user).cal).toBe('Manager')
  })

  it('skips a rule with a refused or invalid regex instead of failing the user, saying why', () => {
    const rules = [
      rule('title', 'matchesRegex', '(?!sales)', 'Administrator'),
      rule('title', 'matchesRegex', '([', 'Administrator'),
      rule('title', 'contains', 'sales', 'Contributor'),
    ]
    const explanation = explainCal({ user: alice, groups, settings: settings(rules) })
    expect(explanation.cal).toBe('Contributor')
    expect(explanation.rules[0]).toMatchObject({ outcome: 'invalid', why: expect.stringMatching(/^The rule is skipped: .*uses a lookahead/) })
    expect(explanation.rules[1]).toMatchObject({ outcome: 'invalid', why: expect.stringMatching(/not a valid regular expression: missing closing \]/) })
  })

  it('runs a pattern that backtracking would stall on, in linear time, on a hostile value', () => {
    // with V8's RegExp this rule took over a minute on a 32-character title
    const user = { ...alice, title: 'a'.repeat(10_000) }
    const started = performance.now()
    expect(cal([rule('title', 'matchesRegex', '(a+)+b', 'Manager')], {}, user).cal).toBe('Viewer')
    expect(cal([rule('title', 'matchesRegex', '^(a+)+$', 'Manager')], {}, { ...alice, title: 'a'.repeat(40) }).cal).toBe('Manager')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('always returns a CAL from the catalogue, and with highestCal the highest matching one', () => {
    const cals = defaultPortalSettings().cals
    const arbRule = fc.record({
      path: fc.constantFrom('title', 'groups.displayName', 'department', 'emails.value'),
      condition: fc.constantFrom('equals', 'contains', 'startsWith', 'notEquals'),
      text: fc.constantFrom('sales', 'senior', 'engineering', 'alice', 'x'),
      target: fc.constantFrom(...cals, 'Ghost'),
      enabled: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(arbRule, { maxLength: 8 }), (specs) => {
        const rules = specs.map((s) => rule(s.path, s.condition, s.text, s.target, s.enabled))
        const explanation = explainCal({ user: alice, groups, settings: settings(rules) })
        expect(cals).toContain(explanation.cal)
        const matchedIndexes = explanation.rules.filter((r) => r.matched).map((r) => cals.indexOf(r.rule.targetCal))
        if (matchedIndexes.length > 0) expect(cals.indexOf(explanation.cal)).toBe(Math.min(...matchedIndexes))
        else expect(explanation.reason).toEqual({ kind: 'default' })
      }),
    )
  })
})

describe('explainCal', () => {
  it('lists every rule with whether it matched and why, and names the winner', () => {
    const rules = [
      rule('title', 'contains', 'sales', 'Contributor'),
      rule('groups.displayName', 'equals', 'sales emea', 'Manager'),
      rule('title', 'equals', 'CEO', 'Administrator'),
      rule('title', 'contains', 'manager', 'Administrator', false),
      rule('title', 'contains', 'manager', 'Owner'),
      rule('nickName', 'equals', 'Al', 'Moderator'),
    ]
    const explanation = explainCal({ user: alice, groups, settings: settings(rules) })
    expect(explanation.cal).toBe('Manager')
    expect(explanation.summary).toBe("Manager, from rule 2 (groups.displayName equals 'sales emea') through group 'Sales EMEA'.")
    expect(explanation.rules.map((r) => [r.outcome, r.winner])).toEqual([
      ['matched', false],
      ['matched', true],
      ['notMatched', false],
      ['disabled', false],
      ['unknownCal', false],
      ['notMatched', false],
    ])
    expect(explanation.rules[0].why).toBe("title 'Senior Sales Manager' contains 'sales'. Matched, but rule 2 gives Manager, which is a higher CAL.")
    expect(explanation.rules[1].why).toBe("Member of group 'Sales EMEA', whose groups.displayName 'Sales EMEA' equals 'sales emea'.")
    expect(explanation.rules[2].why).toBe("title 'Senior Sales Manager' does not equal 'CEO'.")
    expect(explanation.rules[4].why).toContain("'Owner' is not in the CAL catalogue")
    expect(explanation.rules[5].why).toBe('The user has no nickName.')
  })

  it('explains a default CAL', () => {
    const explanation = explainCal({ user: alice, groups: [], settings: settings([rule('groups.displayName', 'equals', 'x', 'Manager')]) })
    expect(explanation.summary).toBe('Viewer, the default CAL: no rule matched.')
    expect(explanation.rules[0].why).toBe('The user belongs to no group with this attribute.')
  })

  it('says why a later matching rule lost under firstRule', () => {
    const rules = [rule('title', 'contains', 'sales', 'Contributor'), rule('title', 'contains', 'manager', 'Administrator')]
    const explanation = explainCal({ user: alice, groups, settings: settings(rules, { calConflictPolicy: 'firstRule' }) })
    expect(explanation.rules[1].why).toMatch(/rule 1 comes first in the list/)
  })

  it('does not change the settings it is given', () => {
    const s = settings([rule('title', 'contains', 'sales', 'Contributor')])
    const before = structuredClone(s)
    explainCal({ user: alice, groups, settings: s })
    expect(s).toEqual(before)
  })
})

describe('validateRule', () => {
  const catalogue = defaultPortalSettings()
  function refusal(r: CalRule): PortalError {
    try {
      validateRule(r, catalogue)
    } catch (error) {
      expect(error).toBeInstanceOf(PortalError)
      return error as PortalError
    }
    throw new Error('expected a refusal')
  }

  it('accepts a well-formed rule', () => {
    expect(() => validateRule(rule('groups.displayName', 'matchesRegex', '^sales( emea)?$', 'Manager'), catalogue)).not.toThrow()
  })

  it('refuses a CAL that is not in the catalogue, naming the catalogue', () => {
    const error = refusal(rule('title', 'equals', 'x', 'Owner'))
    expect(error.code).toBe('unknownCal')
    expect(error.field).toBe('targetCal')
    expect(error.message).toContain('Administrator, Manager, Moderator, Contributor, Viewer')
  })

  it('refuses empty matching text', () => {
    expect(refusal(rule('title', 'equals', '   ', 'Manager')).code).toBe('emptyMatchingText')
  })

  it.each(['titel', 'groups.type', 'groups', 'name', 'password', `${ENTERPRISE}:nothing`])('refuses the unknown attribute path %s', (path) => {
    expect(refusal(rule(path, 'equals', 'x', 'Manager')).code).toBe('unknownAttributePath')
  })

  it('refuses an invalid regex with the reason', () => {
    const error = refusal(rule('title', 'matchesRegex', '(unclosed', 'Manager'))
    expect(error.code).toBe('invalidRegex')
    expect(error.message).toMatch(/not a valid regular expression/)
  })

  it('refuses an unknown condition', () => {
    expect(refusal({ ...rule('title', 'equals', 'x', 'Manager'), condition: 'like' as CalRule['condition'] }).code).toBe('invalidRule')
  })
})
