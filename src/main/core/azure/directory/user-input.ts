import type { SourceGroup, SourceUser } from '../model'
import { DirectoryError } from './directory-error'
import {
  describeZodError,
  normaliseGroup,
  normaliseUser,
  sourceGroupSchema,
  sourceUserSchema,
  userPatchSchema,
} from '../../../../shared/scenario/directory-schema'
import type { UserPatch } from './schema'

/**
 * Turns what a caller typed (console form, scenario step, CSV row) into a valid SourceUser,
 * SourceGroup or patch, or a DirectoryError naming the attribute at fault.
 */

/** A user to create: objectId, mailNickname and accountEnabled may be left to their Entra defaults. */
export type NewUser = Omit<SourceUser, 'objectId' | 'mailNickname' | 'accountEnabled' | 'softDeletedAt'> & {
  /** A GUID; when absent the directory's id generator makes one. */
  objectId?: string
  /** When absent, the part of the UPN before the @, as the Entra admin center fills it in. */
  mailNickname?: string
  /** When absent, true (sign-in allowed). */
  accountEnabled?: boolean
}

/** A group to create. */
export interface NewGroup {
  objectId?: string
  displayName: string
  /** When absent, made from the displayName (letters and digits), as the Entra admin center suggests. */
  mailNickname?: string
  /** Direct members, users or groups. */
  memberIds?: string[]
}

/** The part of a UPN before the @: Entra's default mailNickname. */
export function upnLocalPart(upn: string): string {
  const at = upn.lastIndexOf('@')
  return at < 0 ? upn : upn.slice(0, at)
}

/** Validates a new user's attributes. Throws DirectoryError 'invalidUser' or 'readOnlyAttribute'. */
export function parseNewUser(input: NewUser, objectId: string): SourceUser {
  const result = checkNewUser(input, objectId)
  if (!result.ok)
    throw new DirectoryError(result.code, result.code === 'invalidUser' ? `The user was not saved. ${result.message}` : result.message, result.field)
  return result.user
}

/** parseNewUser's checks as a value, for callers that collect problems (CSV import) rather than stop at one. */
export function checkNewUser(
  input: NewUser,
  objectId: string,
): { ok: true; user: SourceUser } | { ok: false; code: 'invalidUser' | 'readOnlyAttribute'; message: string; field?: string } {
  if (input === null || typeof input !== 'object') return { ok: false, code: 'invalidUser', message: 'Expected an object with at least a userPrincipalName.' }
  if ('softDeletedAt' in input) {
    return {
      ok: false,
      code: 'readOnlyAttribute',
      message: 'A new user cannot start in the recycle bin: create it, then soft delete it.',
      field: 'softDeletedAt',
    }
  }
  const tidy = normaliseUser(input) as Record<string, unknown>
  const upn = tidy.userPrincipalName
  const candidate = {
    ...tidy,
    objectId: objectId.trim().toLowerCase(),
    mailNickname: tidy.mailNickname ?? (typeof upn === 'string' ? upnLocalPart(upn) : undefined),
    accountEnabled: tidy.accountEnabled ?? true,
  }
  const parsed = sourceUserSchema.safeParse(candidate)
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error)
    return { ok: false, code: 'invalidUser', message, field: field || undefined }
  }
  return { ok: true, user: parsed.data }
}

/**
 * Validates a user patch. A key set to null or to an empty text removes that optional
 * attribute; a key set to undefined is ignored (so spreading a form's optional fields is safe);
 * userPrincipalName, mailNickname and accountEnabled cannot be removed.
 * Returns the attributes to set and those to remove.
 */
export function parseUserPatch(patch: Record<string, unknown>): { set: Partial<SourceUser>; remove: (keyof SourceUser)[] } {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new DirectoryError('invalidUser', 'The user was not saved: a change must be an object of attribute names and values.')
  }
  for (const readOnly of ['objectId', 'softDeletedAt'] as const) {
    if (readOnly in patch) {
      const how =
        readOnly === 'objectId'
          ? 'An objectId never changes: create a new user instead.'
          : 'Use soft delete and restore to move a user in and out of the recycle bin.'
      throw new DirectoryError('readOnlyAttribute', `${readOnly} cannot be edited. ${how}`, readOnly)
    }
  }
  // an emptied box means "remove the value": '' becomes null before the schema sees it
  const tidy = normaliseUser(patch, null) as Record<string, unknown>
  for (const key of ['userPrincipalName', 'mailNickname', 'accountEnabled'] as const) {
    if (tidy[key] === null) throw new DirectoryError('invalidUser', `The user was not saved. ${key} is required and cannot be removed.`, key)
  }
  const parsed = userPatchSchema.safeParse(tidy)
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error)
    throw new DirectoryError('invalidUser', `The user was not saved. ${message}`, field || undefined)
  }
  const set: Partial<SourceUser> = {}
  const remove: (keyof SourceUser)[] = []
  const values = parsed.data as UserPatch
  for (const key of Object.keys(tidy) as (keyof UserPatch)[]) {
    const value = values[key]
    if (value === null) remove.push(key)
    else (set as Record<string, unknown>)[key] = value
  }
  return { set, remove }
}

/** A group's default mailNickname: its displayName's ASCII letters and digits. */
export function groupMailNickname(displayName: string): string | undefined {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 64)
  return slug === '' ? undefined : slug
}

/** Validates a new group. Throws DirectoryError 'invalidGroup'. */
export function parseNewGroup(input: NewGroup, objectId: string): SourceGroup {
  if (input === null || typeof input !== 'object')
    throw new DirectoryError('invalidGroup', 'The group was not saved: expected an object with at least a displayName.')
  const tidy = normaliseGroup({ ...input, objectId }) as Record<string, unknown>
  const displayName = typeof tidy.displayName === 'string' ? tidy.displayName : ''
  const parsed = sourceGroupSchema.safeParse({
    ...tidy,
    mailNickname: tidy.mailNickname ?? groupMailNickname(displayName),
    memberIds: tidy.memberIds ?? [],
  })
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error)
    throw new DirectoryError('invalidGroup', `The group was not saved. ${message}`, field || undefined)
  }
  return parsed.data
}

/** Validates a group's new displayName. Throws DirectoryError 'invalidGroup'. */
export function parseGroupName(displayName: string): string {
  const parsed = sourceGroupSchema.shape.displayName.safeParse(typeof displayName === 'string' ? displayName.trim() : displayName)
  if (!parsed.success) throw new DirectoryError('invalidGroup', `The group was not renamed. ${parsed.error.issues[0].message}`, 'displayName')
  return parsed.data
}
