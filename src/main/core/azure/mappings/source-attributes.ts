import type { SourceGroup, SourceUser, SourceUserAttribute } from '../model'
import type { AttributeResolver } from './expression-evaluator'
import type { ExpressionValue } from './expression-values'

/** Every attribute a user mapping may read (the Record makes the compiler list them all). */
const USER_ATTRIBUTES: Record<SourceUserAttribute, true> = {
  objectId: true, userPrincipalName: true, mailNickname: true, displayName: true, givenName: true, surname: true, jobTitle: true,
  department: true, employeeId: true, mail: true, telephoneNumber: true, mobile: true, facsimileTelephoneNumber: true,
  physicalDeliveryOfficeName: true, streetAddress: true, city: true, state: true, postalCode: true, country: true, preferredLanguage: true,
  proxyAddresses: true, manager: true, accountEnabled: true, IsSoftDeleted: true,
}

/** The source attribute names of a user, as the mapping editor lists them. */
export const SOURCE_USER_ATTRIBUTES = Object.keys(USER_ATTRIBUTES) as SourceUserAttribute[]
/** The source attribute names of a group (section 5.2: displayName, objectId, mailNickname, members). */
export const SOURCE_GROUP_ATTRIBUTES = ['objectId', 'displayName', 'mailNickname', 'members', 'IsSoftDeleted'] as const

const USER_BY_LOWER = new Map(SOURCE_USER_ATTRIBUTES.map((name) => [name.toLowerCase(), name]))
const GROUP_BY_LOWER = new Map<string, string>(SOURCE_GROUP_ATTRIBUTES.map((name) => [name.toLowerCase(), name]))

export function isSourceGroup(source: SourceUser | SourceGroup): source is SourceGroup {
  return Array.isArray((source as SourceGroup).memberIds)
}

/**
 * Entra stores no empty strings: clearing an attribute removes it. So an empty text or an empty
 * list reads as null here, and Coalesce moves past it as it would in Entra.
 */
function normalize(value: unknown): ExpressionValue {
  if (typeof value === 'string') return value === '' ? null : value
  if (typeof value === 'boolean') return value
  if (Array.isArray(value)) {
    const items = value.filter((item): item is string => typeof item === 'string' && item !== '')
    return items.length > 0 ? items : null
  }
  return null
}

/**
 * Reads source attributes by name, case-insensitively (Graph property names are). Computed ones:
 * `IsSoftDeleted` is true when the caller says the object is out of scope (unassigned, failing a
 * scoping filter) and, for a user, whenever the user is blocked from sign-in or in the recycle
 * bin (azure-ad-provisioning.md section 4). `manager` is the manager's objectId and `members` the
 * group's direct member objectIds: reference attributes hold source ids. Unknown names give
 * undefined.
 */
export function sourceAttributeResolver(source: SourceUser | SourceGroup, isSoftDeleted: boolean): AttributeResolver {
  if (isSourceGroup(source)) {
    return (name) => {
      const canonical = GROUP_BY_LOWER.get(name.toLowerCase())
      if (canonical === undefined) return undefined
      if (canonical === 'IsSoftDeleted') return isSoftDeleted
      if (canonical === 'members') return normalize(source.memberIds)
      return normalize(source[canonical as 'objectId' | 'displayName' | 'mailNickname'])
    }
  }
  return (name) => {
    const canonical = USER_BY_LOWER.get(name.toLowerCase())
    if (canonical === undefined) return undefined
    if (canonical === 'IsSoftDeleted') return isSoftDeleted || !source.accountEnabled || Boolean(source.softDeletedAt)
    if (canonical === 'manager') return normalize(source.managerId)
    return normalize(source[canonical])
  }
}
