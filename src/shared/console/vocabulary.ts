import { z } from 'zod'
import { simulatorOptionsSchema, SOURCE_USER_FIELDS } from './simulator-api'

/*
 * The words the console and the core share (issue 15, item 2), written once here and served by
 * `vocabulary.get`: the source attributes a mapping may read, the target attributes Entra's SCIM
 * template suggests, the labels of the source user's fields, the leniency rules the SCIM server
 * can fire (their catalogue lives in src/main/core/scim, so only the API can bring it to the
 * screens), and the simulator's defaults. The core reads the attribute lists from here too.
 */

/**
 * Every attribute a user mapping may read (azure-ad-provisioning.md 5.1): objectId, the editable
 * fields, proxyAddresses, then the computed ones. The order is the one provision on demand's
 * Import step lists them in.
 */
export const SOURCE_USER_ATTRIBUTES = ['objectId', ...SOURCE_USER_FIELDS, 'proxyAddresses', 'manager', 'accountEnabled', 'IsSoftDeleted'] as const
export type SourceUserAttributeName = (typeof SOURCE_USER_ATTRIBUTES)[number]

/** The source attribute names of a group (section 5.2: displayName, objectId, mailNickname, members). */
export const SOURCE_GROUP_ATTRIBUTES = ['objectId', 'displayName', 'mailNickname', 'members', 'IsSoftDeleted'] as const

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** Target attributes Entra's SCIM template lists, offered as suggestions; any path may be typed. */
export const USER_TARGET_ATTRIBUTES = [
  'userName',
  'active',
  'displayName',
  'title',
  'emails[type eq "work"].value',
  'preferredLanguage',
  'name.givenName',
  'name.familyName',
  'name.formatted',
  'addresses[type eq "work"].formatted',
  'addresses[type eq "work"].streetAddress',
  'addresses[type eq "work"].locality',
  'addresses[type eq "work"].region',
  'addresses[type eq "work"].postalCode',
  'addresses[type eq "work"].country',
  'phoneNumbers[type eq "work"].value',
  'phoneNumbers[type eq "mobile"].value',
  'phoneNumbers[type eq "fax"].value',
  'externalId',
  'nickName',
  'userType',
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:organization`,
  `${ENTERPRISE}:costCenter`,
] as const
export const GROUP_TARGET_ATTRIBUTES = ['displayName', 'externalId', 'members'] as const

/** Entra's labels for the editable user attributes, as the "New user" blade shows them. */
export const SOURCE_USER_FIELD_LABELS: Record<(typeof SOURCE_USER_FIELDS)[number], string> = {
  userPrincipalName: 'User principal name',
  mailNickname: 'Mail nickname',
  displayName: 'Display name',
  givenName: 'First name',
  surname: 'Last name',
  jobTitle: 'Job title',
  department: 'Department',
  employeeId: 'Employee ID',
  mail: 'Email',
  telephoneNumber: 'Business phone',
  mobile: 'Mobile phone',
  facsimileTelephoneNumber: 'Fax number',
  physicalDeliveryOfficeName: 'Office location',
  streetAddress: 'Street address',
  city: 'City',
  state: 'State or province',
  postalCode: 'ZIP or postal code',
  country: 'Country or region',
  preferredLanguage: 'Preferred language',
}

/** A leniency rule of the SCIM server: what Traffic shows beside a fired rule's name. */
export const leniencyRuleSchema = z.strictObject({
  /** Stable identifier, kebab-case, e.g. `patch-op-case-insensitive`. */
  name: z.string(),
  /** What the rule tolerates, in one sentence. */
  summary: z.string(),
  /** Where the behaviour comes from: an Entra catalogue id (E1..E16) or a document section. */
  source: z.string(),
})
export type LeniencyRule = z.infer<typeof leniencyRuleSchema>

export const vocabularySchema = z.strictObject({
  sourceAttributes: z.strictObject({ user: z.array(z.string()), group: z.array(z.string()) }),
  targetAttributes: z.strictObject({ user: z.array(z.string()), group: z.array(z.string()) }),
  sourceUserFieldLabels: z.record(z.string(), z.string()),
  leniencyRules: z.array(leniencyRuleSchema),
  simulatorDefaults: z.strictObject({
    options: simulatorOptionsSchema,
    /** Entra's schedule: an incremental cycle every 40 minutes (azure-ad-provisioning.md 3.1). */
    cycleIntervalMs: z.number(),
  }),
})
export type Vocabulary = z.infer<typeof vocabularySchema>

/** The part of the vocabulary that is data of this contract; the host adds the rest. */
export const SHARED_VOCABULARY = {
  sourceAttributes: { user: [...SOURCE_USER_ATTRIBUTES], group: [...SOURCE_GROUP_ATTRIBUTES] },
  targetAttributes: { user: [...USER_TARGET_ATTRIBUTES], group: [...GROUP_TARGET_ATTRIBUTES] },
  sourceUserFieldLabels: SOURCE_USER_FIELD_LABELS,
} satisfies Pick<Vocabulary, 'sourceAttributes' | 'targetAttributes' | 'sourceUserFieldLabels'>
