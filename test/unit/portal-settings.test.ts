import { describe, expect, it } from 'vitest'
import {
  applySettingsChange,
  calRuleSchema,
  canEnable,
  createToken,
  parseSettingsChange,
  portalSettingsSchema,
  PortalError,
  renameCal,
  revokeToken,
} from '../../src/main/core/portal'
import { defaultPortalSettings, type CalRule, type PortalSettings, type TokenRecord } from '../../src/main/core/store/records'

const now = new Date('2030-06-15T12:00:00.000Z')
const usable = createToken({ expires: '2030-12-31', now, id: 'ok' }).record
const expired = { ...createToken({ expires: '2030-06-20', now, id: 'old' }).record, expiresAt: '2030-06-01T23:59:59.999Z' }
const salesRule: CalRule = { id: 'r1', attributePath: 'groups.displayName', condition: 'equals', matchingText: 'Sales', targetCal: 'Manager', enabled: true }

function ready(extra: Partial<PortalSettings> = {}): PortalSettings {
  return { ...defaultPortalSettings(), defaultCal: 'Viewer', calRules: [salesRule], ...extra }
}

function refusal(fn: () => unknown): PortalError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(PortalError)
    return error as PortalError
  }
  throw new Error('expected a PortalError')
}

const apply = (current: PortalSettings, change: Partial<PortalSettings>, tokens: TokenRecord[] = [usable]) =>
  applySettingsChange(current, change, { tokens, now })

describe('enabling SCIM provisioning', () => {
  it('enables a subdomain portal with a default CAL and a usable token', () => {
    const next = apply(ready(), { scimEnabled: true })
    expect(next.scimEnabled).toBe(true)
  })

  it('refuses without a default CAL, saying to select one', () => {
    const error = refusal(() => apply(ready({ defaultCal: null }), { scimEnabled: true }))
    expect(error.code).toBe('noDefaultCal')
    expect(error.field).toBe('defaultCal')
    expect(error.message).toMatch(/^Select a default CAL before enabling SCIM provisioning/)
  })

  it('refuses without any API token, saying to generate one', () => {
    const error = refusal(() => apply(ready(), { scimEnabled: true }, []))
    expect(error.code).toBe('noValidToken')
    expect(error.message).toMatch(/^Generate an API token/)
  })

  it('refuses when every token is expired or revoked, counting them', () => {
    const error = refusal(() => apply(ready(), { scimEnabled: true }, [expired, revokeToken(usable, now)]))
    expect(error.code).toBe('noValidToken')
    expect(error.message).toMatch(/^All 2 API tokens have expired or been revoked/)
  })

  it('refuses on a portal that is not under the subdomain policy, naming its policy', () => {
    const error = refusal(() => apply(ready({ domainPolicy: 'directory' }), { scimEnabled: true }))
    expect(error.code).toBe('notSubdomainPortal')
    expect(error.message).toBe(
      "SCIM provisioning can only be enabled on a portal created under the subdomain policy; this portal uses 'directory'. Change the domain policy to subdomain first.",
    )
  })

  it('lists every refusal at once for the console', () => {
    const verdict = canEnable(ready({ domainPolicy: 'custom', defaultCal: null }), [expired], now)
    expect(verdict.ok).toBe(false)
    expect(verdict.ok === false && verdict.reasons.map((r) => r.code)).toEqual(['notSubdomainPortal', 'noDefaultCal', 'noValidToken'])
    expect(canEnable(ready(), [expired, usable], now)).toEqual({ ok: true })
  })

  it('refuses to move an enabled portal away from the subdomain policy', () => {
    const enabled = ready({ scimEnabled: true })
    const error = refusal(() => apply(enabled, { domainPolicy: 'custom' }))
    expect(error.code).toBe('domainPolicyInUse')
    expect(error.message).toMatch(/Disable SCIM provisioning before changing the domain policy to 'custom'/)
    expect(apply(enabled, { scimEnabled: false, domainPolicy: 'custom' })).toMatchObject({ scimEnabled: false, domainPolicy: 'custom' })
  })

  it('refuses to clear the default CAL while enabled', () => {
    expect(refusal(() => apply(ready({ scimEnabled: true }), { defaultCal: null })).code).toBe('noDefaultCal')
  })

  it('still lets the admin edit an enabled portal whose tokens have all expired', () => {
    const next = apply(ready({ scimEnabled: true }), { calConflictPolicy: 'firstRule' }, [expired])
    expect(next).toMatchObject({ scimEnabled: true, calConflictPolicy: 'firstRule' })
  })

  it('always allows disabling', () => {
    expect(apply(ready({ scimEnabled: true, domainPolicy: 'directory', defaultCal: null }), { scimEnabled: false }, []).scimEnabled).toBe(false)
  })
})

describe('the CAL catalogue and default CAL', () => {
  it('refuses a default CAL that is not in the catalogue', () => {
    const error = refusal(() => apply(ready(), { defaultCal: 'Owner' }))
    expect(error.code).toBe('unknownCal')
    expect(error.message).toContain('Administrator, Manager, Moderator, Contributor, Viewer')
  })

  it('stores the default CAL as the catalogue spells it', () => {
    expect(apply(ready(), { defaultCal: ' contributor ' }).defaultCal).toBe('Contributor')
  })

  it('refuses an empty catalogue and names that differ only in case', () => {
    expect(refusal(() => apply(ready(), { cals: [] })).code).toBe('emptyCalCatalogue')
    expect(refusal(() => apply(ready(), { cals: ['Manager', 'Viewer', 'manager'] })).code).toBe('duplicateCal')
  })

  it('refuses to remove a CAL a rule targets, naming the rule', () => {
    const error = refusal(() => apply(ready(), { cals: ['Administrator', 'Viewer'] }))
    expect(error.code).toBe('calInUse')
    expect(error.field).toBe('calRules[0].targetCal')
    expect(error.message).toMatch(/targeted by CAL rule 1 \(groups.displayName equals 'Sales'\)/)
  })

  it('refuses to remove the default CAL', () => {
    const error = refusal(() => apply(ready({ calRules: [] }), { cals: ['Administrator', 'Manager'] }))
    expect(error.code).toBe('calInUse')
    expect(error.field).toBe('defaultCal')
  })

  it('removes a CAL nothing uses, without touching the settings it was given', () => {
    const current = ready()
    const next = apply(current, { cals: ['Administrator', 'Manager', 'Viewer'] })
    expect(next.cals).toEqual(['Administrator', 'Manager', 'Viewer'])
    expect(current.cals).toHaveLength(5)
  })

  it('renames a CAL in the catalogue, the default CAL and the rules', () => {
    const renamed = renameCal(ready({ defaultCal: 'Manager' }), 'manager', 'Manager-123DE')
    expect(renamed.cals[1]).toBe('Manager-123DE')
    expect(renamed.defaultCal).toBe('Manager-123DE')
    expect(renamed.calRules[0].targetCal).toBe('Manager-123DE')
    expect(refusal(() => renameCal(ready(), 'Manager', 'viewer')).code).toBe('duplicateCal')
    expect(refusal(() => renameCal(ready(), 'Owner', 'Boss')).code).toBe('unknownCal')
  })
})

describe('rules in a settings change', () => {
  it('refuses an invalid rule, saying which one and where', () => {
    const bad: CalRule = { ...salesRule, id: 'r2', condition: 'matchesRegex', matchingText: '(?!contractor)' }
    const error = refusal(() => apply(ready(), { calRules: [salesRule, bad] }))
    expect(error.code).toBe('invalidRegex')
    expect(error.field).toBe('calRules[1].matchingText')
    expect(error.message).toMatch(/^CAL rule 2: /)
  })

  it('refuses two rules with the same id', () => {
    expect(refusal(() => apply(ready(), { calRules: [salesRule, { ...salesRule }] })).code).toBe('duplicateRuleId')
  })

  it('stores a rule target as the catalogue spells it', () => {
    expect(apply(ready(), { calRules: [{ ...salesRule, targetCal: 'moderator' }] }).calRules[0].targetCal).toBe('Moderator')
  })
})

describe('settings schemas', () => {
  it('accepts the default settings and a valid rule', () => {
    expect(portalSettingsSchema.parse(defaultPortalSettings())).toEqual(defaultPortalSettings())
    expect(calRuleSchema.safeParse(salesRule).success).toBe(true)
  })

  it('refuses unknown fields and wrong values, with the field in the message', () => {
    const error = refusal(() => parseSettingsChange({ domainPolicy: 'wildcard' }))
    expect(error.code).toBe('invalidSettings')
    expect(error.field).toBe('domainPolicy')
    expect(refusal(() => parseSettingsChange({ scimEnabled: true, colour: 'red' })).code).toBe('invalidSettings')
    expect(refusal(() => apply(ready(), { calRules: [{ ...salesRule, condition: 'like' as CalRule['condition'] }] })).field).toBe('calRules[0].condition')
  })
})
