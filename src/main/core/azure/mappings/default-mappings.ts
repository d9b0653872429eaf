import type { AttributeMapping } from '../model'

/**
 * Entra's default attribute mappings for a non-gallery SCIM app, row for row as in
 * azure-ad-provisioning.md section 5.1 (users) and 5.2 (groups), and the older customappsso
 * template of section 5.2b. Ids are stable: scenario files and the console refer to rows by id.
 * Each call returns fresh objects, so a caller may edit them.
 */

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
/** The default `active` mapping: out of scope (IsSoftDeleted true) -> "False" (section 4). */
export const ACTIVE_EXPRESSION = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'

const direct = (id: string, source: string, target: string, extra: Partial<AttributeMapping> = {}): AttributeMapping => ({
  id,
  type: 'direct',
  source,
  target,
  applyOn: 'always',
  ...extra,
})

function userRows(legacy: boolean): AttributeMapping[] {
  return [
    // section 5.1: userName is the matching attribute; section 5.2b: the legacy template did not match on it
    direct('user-user-name', 'userPrincipalName', 'userName', legacy ? {} : { matchingPrecedence: 1 }),
    { id: 'user-active', type: 'expression', source: ACTIVE_EXPRESSION, target: 'active', applyOn: 'always' },
    direct('user-display-name', 'displayName', 'displayName'),
    direct('user-title', 'jobTitle', 'title'),
    direct('user-email-work', 'mail', 'emails[type eq "work"].value'),
    direct('user-preferred-language', 'preferredLanguage', 'preferredLanguage'),
    direct('user-given-name', 'givenName', 'name.givenName'),
    direct('user-family-name', 'surname', 'name.familyName'),
    { id: 'user-formatted-name', type: 'expression', source: 'Join(" ", [givenName], [surname])', target: 'name.formatted', applyOn: 'always' },
    direct('user-address-work-formatted', 'physicalDeliveryOfficeName', 'addresses[type eq "work"].formatted'),
    direct('user-address-work-street', 'streetAddress', 'addresses[type eq "work"].streetAddress'),
    direct('user-address-work-locality', 'city', 'addresses[type eq "work"].locality'),
    direct('user-address-work-region', 'state', 'addresses[type eq "work"].region'),
    direct('user-address-work-postal-code', 'postalCode', 'addresses[type eq "work"].postalCode'),
    direct('user-address-work-country', 'country', 'addresses[type eq "work"].country'),
    direct('user-phone-work', 'telephoneNumber', 'phoneNumbers[type eq "work"].value'),
    direct('user-phone-mobile', 'mobile', 'phoneNumbers[type eq "mobile"].value'),
    direct('user-phone-fax', 'facsimileTelephoneNumber', 'phoneNumbers[type eq "fax"].value'),
    // section 5.2b: older jobs matched on externalId <- mailNickname
    direct('user-external-id', 'mailNickname', 'externalId', legacy ? { matchingPrecedence: 1 } : {}),
    direct('user-employee-number', 'employeeId', `${ENTERPRISE}:employeeNumber`),
    direct('user-department', 'department', `${ENTERPRISE}:department`),
    // written in the reference pass, once both users exist (section 3.1 step 5)
    direct('user-manager', 'manager', `${ENTERPRISE}:manager`, { isReference: true }),
  ]
}

function groupRows(legacy: boolean): AttributeMapping[] {
  return [
    // section 5.2 matches on displayName; the 2019 template change replaced externalId <- displayName (5.2b)
    legacy
      ? direct('group-display-name', 'mailNickname', 'displayName')
      : direct('group-display-name', 'displayName', 'displayName', { matchingPrecedence: 1 }),
    legacy ? direct('group-external-id', 'displayName', 'externalId', { matchingPrecedence: 1 }) : direct('group-external-id', 'objectId', 'externalId'),
    direct('group-members', 'members', 'members', { isReference: true }),
  ]
}

/** Section 5.1: the user mappings of a SCIM app created today; userName <- userPrincipalName matches. */
export function defaultUserMappings(): AttributeMapping[] {
  return userRows(false)
}

/** Section 5.2: displayName matches, externalId <- objectId, members as a reference attribute. */
export function defaultGroupMappings(): AttributeMapping[] {
  return groupRows(false)
}

/**
 * Section 5.2b: an older customappsso job's user mappings: externalId <- mailNickname is the
 * matching attribute (so it queries `filter=externalId eq "<mailNickname>"`) and userName is not.
 * [U] The reference names only the matching difference; the other rows are kept as in 5.1.
 */
export function legacyUserMappings(): AttributeMapping[] {
  return userRows(true)
}

/** Section 5.2b: older group mappings: externalId <- displayName matches, displayName <- mailNickname. */
export function legacyGroupMappings(): AttributeMapping[] {
  return groupRows(true)
}
