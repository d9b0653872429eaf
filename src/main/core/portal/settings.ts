import { z } from 'zod'
import type { PortalSettings, TokenRecord } from '../store/records'
import { calNameSchema, portalSettingsChangeSchema, portalSettingsSchema } from '../../../shared/console/portal-schemas'
import { calIndex, numberedRuleError, validateRule } from './cal-rules'
import { PortalError } from './portal-error'
import { formatZodPath } from '../../../shared/zod-path'
import { isTokenUsable } from './tokens'

/**
 * Portal settings changes: the "SCIM Azure AD" configuration window and the CAL catalogue.
 * applySettingsChange is the one gate every change goes through (console, CLI `config set`),
 * so the rules below hold whichever way a setting is changed.
 */

export { calRuleSchema, portalSettingsSchema, portalSettingsChangeSchema } from '../../../shared/console/portal-schemas'

// compile-time proof that the schema and the stored record describe the same thing
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemaMatchesRecord: Same<z.infer<typeof portalSettingsSchema>, PortalSettings> = true
void schemaMatchesRecord

function describeIssue(error: z.ZodError): { message: string; field: string } {
  const issue = error.issues[0]
  const field = formatZodPath(issue.path)
  return { message: field ? `${field}: ${issue.message}` : issue.message, field }
}

/** Parses a settings change from untrusted input (console, CLI, scenario file). Throws PortalError 'invalidSettings'. */
export function parseSettingsChange(input: unknown): Partial<PortalSettings> {
  const result = portalSettingsChangeSchema.safeParse(input)
  if (!result.success) {
    const { message, field } = describeIssue(result.error)
    throw new PortalError('invalidSettings', `The settings were not saved. ${message}`, field || undefined)
  }
  return result.data
}

/**
 * Every reason SCIM provisioning cannot be enabled now, all at once, so the console can show
 * each one beside its control: the subdomain domain policy (seed, "Limitations"), a default CAL
 * in the catalogue, and at least one API token that is neither expired nor revoked.
 */
export function canEnable(settings: PortalSettings, tokens: Iterable<TokenRecord>, now: Date): { ok: true } | { ok: false; reasons: PortalError[] } {
  const reasons: PortalError[] = []
  if (settings.domainPolicy !== 'subdomain') {
    reasons.push(
      new PortalError(
        'notSubdomainPortal',
        `SCIM provisioning can only be enabled on a portal created under the subdomain policy; this portal uses '${settings.domainPolicy}'. Change the domain policy to subdomain first.`,
        'domainPolicy',
      ),
    )
  }
  if (settings.defaultCal === null) {
    reasons.push(
      new PortalError(
        'noDefaultCal',
        'Select a default CAL before enabling SCIM provisioning: it is the CAL every provisioned user gets when no CAL rule matches.',
        'defaultCal',
      ),
    )
  } else if (calIndex(settings.cals, settings.defaultCal) < 0) {
    reasons.push(
      new PortalError(
        'unknownCal',
        `The default CAL '${settings.defaultCal}' is not in the CAL catalogue. Select one of: ${settings.cals.join(', ')}.`,
        'defaultCal',
      ),
    )
  }
  const all = [...tokens]
  if (!all.some((t) => isTokenUsable(t, now))) {
    const message =
      all.length === 0
        ? 'Generate an API token before enabling SCIM provisioning: Entra ID needs it as the Secret Token.'
        : `All ${all.length} API token${all.length === 1 ? ' has' : 's have'} expired or been revoked. Generate a new API token with a future expiry date before enabling SCIM provisioning.`
    reasons.push(new PortalError('noValidToken', message, 'tokens'))
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons }
}

/** Checks the catalogue itself: not empty, no name twice (ignoring case: CSS classes are lowercase). */
function checkCatalogue(cals: readonly string[]): void {
  if (cals.length === 0) {
    throw new PortalError('emptyCalCatalogue', 'The CAL catalogue cannot be empty: every provisioned user holds exactly one CAL.', 'cals')
  }
  const seen = new Map<string, string>()
  for (const cal of cals) {
    const previous = seen.get(cal.toLowerCase())
    if (previous !== undefined) {
      throw new PortalError(
        'duplicateCal',
        `The CAL catalogue lists '${previous}' and '${cal}', which differ only in case or not at all. Give each CAL a distinct name.`,
        'cals',
      )
    }
    seen.set(cal.toLowerCase(), cal)
  }
}

/**
 * The settings after a change, or a PortalError saying why the change is refused. Does not
 * modify `current`. Checks, in this order: the change's shape (zod), the catalogue, the default
 * CAL (spelled as in the catalogue), the rules (a CAL that rules or the default still use cannot
 * be removed: use renameCal to rename one), then the enable rules. Enabling (false -> true)
 * needs everything canEnable checks and throws its first reason; while enabled, the default CAL
 * cannot be cleared and the domain policy cannot leave subdomain. Expired tokens never block a
 * change to an already enabled portal: the admin must stay able to fix rules while renewing one.
 */
export function applySettingsChange(
  current: PortalSettings,
  change: Partial<PortalSettings>,
  ctx: { tokens: Iterable<TokenRecord>; now: Date },
): PortalSettings {
  const parsed = parseSettingsChange(change)
  const given = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as Partial<PortalSettings>
  const next: PortalSettings = { ...current, ...given }
  next.cals = [...next.cals]
  next.calRules = next.calRules.map((r) => ({ ...r }))

  checkCatalogue(next.cals)

  if (next.defaultCal !== null) {
    const index = calIndex(next.cals, next.defaultCal)
    if (index < 0) {
      const removed = calIndex(current.cals, next.defaultCal) >= 0 && given.cals !== undefined
      throw new PortalError(
        removed ? 'calInUse' : 'unknownCal',
        removed
          ? `The CAL '${next.defaultCal}' is the default CAL and cannot be removed. Select another default CAL first, or rename the CAL instead of removing it.`
          : `The default CAL '${next.defaultCal}' is not in the CAL catalogue. Select one of: ${next.cals.join(', ')}.`,
        'defaultCal',
      )
    }
    next.defaultCal = next.cals[index]
  }

  const ids = new Set<string>()
  next.calRules.forEach((rule, i) => {
    if (ids.has(rule.id)) throw new PortalError('duplicateRuleId', `Two CAL rules have the id '${rule.id}'. Give each rule its own id.`, `calRules[${i}].id`)
    ids.add(rule.id)
    if (calIndex(next.cals, rule.targetCal) < 0 && calIndex(current.cals, rule.targetCal) >= 0 && given.cals !== undefined) {
      throw new PortalError(
        'calInUse',
        `The CAL '${rule.targetCal}' is targeted by CAL rule ${i + 1} (${rule.attributePath} ${rule.condition} '${rule.matchingText}') and cannot be removed. Change or delete that rule first, or rename the CAL instead of removing it.`,
        `calRules[${i}].targetCal`,
      )
    }
    try {
      validateRule(rule, next)
    } catch (error) {
      if (error instanceof PortalError) throw numberedRuleError(error, i)
      throw error
    }
    rule.targetCal = next.cals[calIndex(next.cals, rule.targetCal)]
  })

  if (next.scimEnabled) {
    if (!current.scimEnabled) {
      const verdict = canEnable(next, ctx.tokens, ctx.now)
      if (!verdict.ok) throw verdict.reasons[0]
    } else {
      if (next.domainPolicy !== 'subdomain') {
        throw new PortalError(
          'domainPolicyInUse',
          `SCIM provisioning is enabled, and it works only on a portal under the subdomain policy. Disable SCIM provisioning before changing the domain policy to '${next.domainPolicy}'.`,
          'domainPolicy',
        )
      }
      if (next.defaultCal === null) {
        throw new PortalError(
          'noDefaultCal',
          'SCIM provisioning is enabled, so a default CAL is required. Select another default CAL instead of clearing it, or disable SCIM provisioning first.',
          'defaultCal',
        )
      }
    }
  }
  return next
}

/**
 * Renames a CAL everywhere it is used: the catalogue, the default CAL and the rules that target
 * it (plans add suffixes such as "Manager-123DE", vidizmo-portal.md 3.1). Users' stored CALs are
 * the user service's to rename. Throws 'unknownCal' or 'duplicateCal'.
 */
export function renameCal(settings: PortalSettings, from: string, to: string): PortalSettings {
  const index = calIndex(settings.cals, from)
  if (index < 0) throw new PortalError('unknownCal', `There is no CAL named '${from}' to rename. The catalogue is: ${settings.cals.join(', ')}.`, 'cals')
  const name = calNameSchema.safeParse(to)
  if (!name.success) throw new PortalError('invalidSettings', `'${to}' cannot be a CAL name: ${name.error.issues[0].message}`, 'cals')
  const old = settings.cals[index]
  const cals = settings.cals.map((c, i) => (i === index ? name.data : c))
  checkCatalogue(cals)
  const same = (cal: string): boolean => cal.toLowerCase() === old.toLowerCase()
  return {
    ...settings,
    cals,
    defaultCal: settings.defaultCal !== null && same(settings.defaultCal) ? name.data : settings.defaultCal,
    calRules: settings.calRules.map((r) => (same(r.targetCal) ? { ...r, targetCal: name.data } : { ...r })),
  }
}
