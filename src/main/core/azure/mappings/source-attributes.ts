import {
  SOURCE_GROUP_ATTRIBUTES as GROUP_ATTRIBUTE_NAMES,
  SOURCE_USER_ATTRIBUTES as USER_ATTRIBUTE_NAMES,
  type SourceUserAttributeName,
} from '../../../../shared/console/vocabulary'
import type { SourceGroup, SourceUser, SourceUserAttribute } from '../model'
import type { AttributeResolver } from './expression-evaluator'
import type { ExpressionValue } from './expression-values'

/** The source attribute names of a user, as the mapping editor lists them: the contract's list (vocabulary.ts). */
export const SOURCE_USER_ATTRIBUTES: readonly SourceUserAttribute[] = USER_ATTRIBUTE_NAMES
/** The source attribute names of a group (section 5.2: displayName, objectId, mailNickname, members). */
export const SOURCE_GROUP_ATTRIBUTES = GROUP_ATTRIBUTE_NAMES

// The contract's list must name every attribute of the model and nothing else: a type error here
// names the attribute to add to (or remove from) SOURCE_USER_ATTRIBUTES in vocabulary.ts.
type Unlisted = Exclude<SourceUserAttribute, SourceUserAttributeName>
type Unknown = Exclude<SourceUserAttributeName, SourceUserAttribute>
const listMatchesModel: [Unlisted | Unknown] extends [never] ? true : Unlisted | Unknown = true
void listMatchesModel

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
