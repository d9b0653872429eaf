import { z } from 'zod'

/**
 * The portal settings as data, shared by the core (which enforces them on every change) and
 * the console (which validates a form before sending it). Semantic checks that need the rest
 * of the settings (catalogue, enable rules) live in core/portal/settings.ts.
 */

export const MAX_CAL_NAME_LENGTH = 64

export const CAL_RULE_CONDITIONS = ['equals', 'notEquals', 'contains', 'startsWith', 'endsWith', 'matchesRegex'] as const

export const calNameSchema = z
  .string()
  .trim()
  .min(1, 'A CAL name cannot be empty.')
  .max(MAX_CAL_NAME_LENGTH, `A CAL name can have at most ${MAX_CAL_NAME_LENGTH} characters.`)

/** A CAL rule as the console and scenario files send it. */
export const calRuleSchema = z.strictObject({
  id: z.string().trim().min(1, 'Every CAL rule needs an id.'),
  attributePath: z.string().trim().min(1, 'Choose the attribute path the rule tests.').max(300),
  condition: z.enum(CAL_RULE_CONDITIONS, {
    error: `The condition must be one of: ${CAL_RULE_CONDITIONS.join(', ')}.`,
  }),
  matchingText: z.string().max(1000, 'The matching text can have at most 1,000 characters.'),
  targetCal: calNameSchema,
  enabled: z.boolean(),
})

/** The whole PortalSettings record. */
export const portalSettingsSchema = z.strictObject({
  name: z.string().trim().min(1, 'The portal needs a name.').max(200),
  domainPolicy: z.enum(['subdomain', 'directory', 'custom']),
  cals: z.array(calNameSchema).max(100),
  defaultCal: calNameSchema.nullable(),
  scimEnabled: z.boolean(),
  deleteMode: z.enum(['deactivate', 'hard']),
  calConflictPolicy: z.enum(['highestCal', 'firstRule']),
  calRules: z.array(calRuleSchema).max(500),
})

/** A change to some settings, as the console's Save Changes sends it. */
export const portalSettingsChangeSchema = portalSettingsSchema.partial()
