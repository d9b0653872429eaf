import { z } from 'zod'
import type { SourceUserField } from '../console/simulator-api'
import { formatZodPath } from '../zod-path'

/**
 * zod schemas for the simulated tenant's objects, with Entra's own limits (Graph `user` and
 * `group` resources), so a scenario file or a CSV row Entra would refuse is refused here too,
 * with the attribute named. The schemas only check: tidying input (trimming, empty text meaning
 * "no value" as when a box is cleared in the Entra admin center, lower-case GUIDs) is done by
 * the normalise functions below before parsing. Measured on 100,000 users, zod 4 transforms
 * (`.trim()`, `.transform()`) made parsing 10 to 20 times slower than plain checks.
 */

/** The shape of an Entra objectId: a GUID, 8-4-4-4-12 hex digits. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Entra's UPN characters: A-Z a-z 0-9 ' . - _ ! # ^ ~, no leading, trailing or double dot. */
const UPN_LOCAL = /^[A-Za-z0-9'_!#^~-]+(\.[A-Za-z0-9'_!#^~-]+)*$/
const DOMAIN = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))+$/
/** Exchange alias characters (mailNickname): RFC 5322 atext, dots only between them. */
const ALIAS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

/** Entra limits the UPN to 113 characters: 64 before the @, 48 after. */
export const MAX_UPN_LENGTH = 113
const MAX_UPN_LOCAL_LENGTH = 64

/** Why a text is not a userPrincipalName Entra would accept, or undefined when it is one. */
export function upnProblem(upn: string): string | undefined {
  const at = upn.lastIndexOf('@')
  if (at <= 0 || at === upn.length - 1) return `'${upn}' is not a user principal name: it must look like name@domain, for example adele.vance@contoso.com.`
  if (upn.length > MAX_UPN_LENGTH) return `'${upn}' is too long for a user principal name: Entra allows at most ${MAX_UPN_LENGTH} characters.`
  const local = upn.slice(0, at)
  const domain = upn.slice(at + 1)
  if (local.length > MAX_UPN_LOCAL_LENGTH) return `The part before the @ in '${upn}' is too long: Entra allows at most ${MAX_UPN_LOCAL_LENGTH} characters.`
  if (!UPN_LOCAL.test(local)) {
    return `The part before the @ in '${upn}' has characters Entra does not allow: use letters, digits and ' . - _ ! # ^ ~, with no dot at either end and no two dots in a row.`
  }
  if (!DOMAIN.test(domain)) return `'${domain}' in '${upn}' is not a domain name, such as contoso.com or contoso.onmicrosoft.com.`
  return undefined
}

/** Optional text of at most `max` characters. */
function optionalText(name: string, max: number) {
  return z
    .string({ error: `${name} must be text.` })
    .max(max, `${name} can have at most ${max} characters (Entra's limit).`)
    .optional()
}

function optionalPattern(name: string, max: number, pattern: RegExp, hint: string) {
  return z
    .string({ error: `${name} must be text.` })
    .max(max, `${name} can have at most ${max} characters (Entra's limit).`)
    .regex(pattern, `${name} ${hint}`)
    .optional()
}

/** An objectId: a GUID (normaliseIds lower-cases it, as Graph returns it, so references compare exactly). */
export const objectIdSchema = z
  .string({ error: 'An objectId must be text.' })
  .regex(GUID_PATTERN, 'An objectId must be a GUID such as 4c7a3b1e-2f0d-4b8e-9a61-0d5c2e7f9b13.')

export const userPrincipalNameSchema = z
  .string({ error: 'userPrincipalName must be text.' })
  .min(1, 'userPrincipalName is required.')
  .superRefine((value, ctx) => {
    const problem = upnProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const mailNicknameSchema = z
  .string({ error: 'mailNickname must be text.' })
  .min(1, 'mailNickname is required.')
  .max(64, "mailNickname can have at most 64 characters (Entra's limit).")
  .regex(ALIAS, "mailNickname can hold letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, with dots only between them: no spaces, no @.")

/** The SourceUser attributes, each with its Entra limit. Shared by the whole-user and the patch schemas. */
const userAttributes = {
  userPrincipalName: userPrincipalNameSchema,
  mailNickname: mailNicknameSchema,
  displayName: optionalText('displayName', 256),
  givenName: optionalText('givenName', 64),
  surname: optionalText('surname', 64),
  jobTitle: optionalText('jobTitle', 128),
  department: optionalText('department', 64),
  employeeId: optionalText('employeeId', 16),
  mail: optionalPattern('mail', 254, EMAIL, 'must be an email address, such as adele.vance@contoso.com.'),
  telephoneNumber: optionalText('telephoneNumber', 64),
  mobile: optionalText('mobile', 64),
  facsimileTelephoneNumber: optionalText('facsimileTelephoneNumber', 64),
  physicalDeliveryOfficeName: optionalText('physicalDeliveryOfficeName', 128),
  streetAddress: optionalText('streetAddress', 1024),
  city: optionalText('city', 128),
  state: optionalText('state', 128),
  postalCode: optionalText('postalCode', 40),
  country: optionalText('country', 128),
  preferredLanguage: optionalPattern('preferredLanguage', 16, LANGUAGE, 'must be a language tag such as en-US or fr.'),
  proxyAddresses: z
    .array(z.string({ error: 'Each proxy address must be text.' }).min(1, 'A proxy address cannot be empty.').max(256), {
      error: 'proxyAddresses must be a list of texts.',
    })
    .max(500, 'proxyAddresses can hold at most 500 addresses.')
    .optional(),
  /** objectId of the manager in this tenant (a reference attribute, written in a second pass). */
  // existence is checked with the other references (sourceDirectorySchema, Directory), which also
  // catches a malformed id; a GUID regex on every reference cost 0.5 s per 100,000 users
  managerId: z.string({ error: 'managerId must be the objectId of another user.' }).optional(),
  /** false = "block sign-in"; such a user is out of scope (IsSoftDeleted true, section 4). */
  accountEnabled: z.boolean({ error: 'accountEnabled must be true or false.' }),
} satisfies Record<SourceUserField | 'proxyAddresses' | 'managerId' | 'accountEnabled', z.ZodType> // every attribute of the contract's list, each once, with its limit

/** One user as a scenario file holds it. Cross-user rules (unique UPN, managers) are in sourceDirectorySchema. */
export const sourceUserSchema = z.strictObject({
  objectId: objectIdSchema,
  ...userAttributes,
  /** Set while the user is in the recycle bin (soft deleted), ISO timestamp. */
  softDeletedAt: z.iso.datetime({ offset: true, error: 'softDeletedAt must be an ISO timestamp with a timezone, such as 2030-01-31T09:00:00Z.' }).optional(),
})

/**
 * A change to a user: any attribute but objectId and softDeletedAt (those change only through
 * addUser, softDelete and restore). `null` removes an optional attribute.
 */
export const userPatchSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(userAttributes).map(([name, schema]) => {
      const required = name === 'userPrincipalName' || name === 'mailNickname' || name === 'accountEnabled'
      return [name, required ? schema.optional() : schema.nullable().optional()]
    }),
  ) as { [K in keyof typeof userAttributes]: z.ZodOptional<z.ZodNullable<(typeof userAttributes)[K]>> },
)

export const sourceGroupSchema = z.strictObject({
  objectId: objectIdSchema,
  displayName: z
    .string({ error: 'A group displayName must be text.' })
    .min(1, 'A group needs a displayName.')
    .max(256, 'A group displayName can have at most 256 characters.'),
  mailNickname: mailNicknameSchema.optional(),
  /** objectIds of direct members: users, or groups (nested groups are not expanded). */
  // each member is checked against the directory's objectIds (sourceDirectorySchema, Directory)
  memberIds: z.array(z.string({ error: 'Each member must be an objectId.' }), { error: 'memberIds must be a list of objectIds.' }),
})

/**
 * The whole directory of a scenario file: the objects' shapes, then the rules between them,
 * each refusal naming its JSON path. objectIds are unique across users and groups (Entra's
 * objectIds share one space); userPrincipalName is unique, ignoring case, among users not in the
 * recycle bin (a deleted user's UPN can be reused, section 4); every manager and member exists;
 * no user manages itself, directly or through a chain.
 */
export const sourceDirectorySchema = z
  .strictObject({
    users: z.array(sourceUserSchema, { error: 'users must be a list.' }),
    groups: z.array(sourceGroupSchema, { error: 'groups must be a list.' }),
  })
  .superRefine((directory, ctx) => {
    const seen = new Map<string, string>()
    const upns = new Map<string, number>()
    const users = new Map<string, SourceUser>()
    directory.users.forEach((user, index) => {
      const previous = seen.get(user.objectId)
      if (previous) ctx.addIssue({ code: 'custom', path: ['users', index, 'objectId'], message: `objectId ${user.objectId} is already used by ${previous}.` })
      seen.set(user.objectId, `users[${index}]`)
      users.set(user.objectId, user)
      if (user.softDeletedAt !== undefined) return
      const key = user.userPrincipalName.toLowerCase()
      const other = upns.get(key)
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', index, 'userPrincipalName'],
          message: `userPrincipalName '${user.userPrincipalName}' is already used by users[${other}].`,
        })
      } else upns.set(key, index)
    })
    directory.groups.forEach((group, index) => {
      const previous = seen.get(group.objectId)
      if (previous) ctx.addIssue({ code: 'custom', path: ['groups', index, 'objectId'], message: `objectId ${group.objectId} is already used by ${previous}.` })
      seen.set(group.objectId, `groups[${index}]`)
    })
    directory.users.forEach((user, index) => {
      if (user.managerId === undefined) return
      const path = ['users', index, 'managerId']
      if (user.managerId === user.objectId) ctx.addIssue({ code: 'custom', path, message: 'A user cannot be its own manager.' })
      else if (!users.has(user.managerId)) ctx.addIssue({ code: 'custom', path, message: `The manager ${user.managerId} is not a user of this directory.` })
    })
    const cycle = findManagerCycle(users)
    if (cycle) {
      const index = directory.users.findIndex((user) => user.objectId === cycle[0])
      ctx.addIssue({ code: 'custom', path: ['users', index, 'managerId'], message: `The managers form a loop: ${describeChain(cycle, users)}.` })
    }
    directory.groups.forEach((group, index) => {
      const members = new Set<string>()
      group.memberIds.forEach((memberId, position) => {
        // built only on error: 500,000 memberships would otherwise allocate 500,000 paths
        const path = () => ['groups', index, 'memberIds', position]
        if (memberId === group.objectId)
          ctx.addIssue({ code: 'custom', path: path(), message: `The group '${group.displayName}' cannot be a member of itself.` })
        else if (members.has(memberId))
          ctx.addIssue({ code: 'custom', path: path(), message: `${memberId} is listed twice among the members of '${group.displayName}'.` })
        else if (!seen.has(memberId))
          ctx.addIssue({
            code: 'custom',
            path: path(),
            message: `The member ${memberId} of '${group.displayName}' is neither a user nor a group of this directory.`,
          })
        members.add(memberId)
      })
    })
  })

/** A user as a scenario file holds it, once parsed (the engine's SourceUser, src/main/core/azure/model.ts). */
type SourceUser = z.output<typeof sourceUserSchema>

/**
 * A loop in the manager graph, as the objectIds along it (first repeated at the end), or
 * undefined.
 */
export function findManagerCycle(users: ReadonlyMap<string, Pick<SourceUser, 'objectId' | 'managerId'>>): string[] | undefined {
  return findManagerCycles(users, 1)[0]
}

/**
 * Every loop in the manager graph (up to `limit`), each as the objectIds along it, first repeated
 * at the end. Each user has at most one manager, so following the chains and remembering who is
 * done visits each user once: linear even for 100,000 users.
 */
export function findManagerCycles(users: ReadonlyMap<string, Pick<SourceUser, 'objectId' | 'managerId'>>, limit = Infinity): string[][] {
  const cycles: string[][] = []
  const done = new Set<string>()
  for (const start of users.keys()) {
    if (done.has(start)) continue
    const path: string[] = []
    const onPath = new Map<string, number>()
    let current: string | undefined = start
    while (current !== undefined && !done.has(current) && users.has(current)) {
      const position = onPath.get(current)
      if (position !== undefined) {
        cycles.push([...path.slice(position), current])
        if (cycles.length >= limit) return cycles
        break
      }
      onPath.set(current, path.length)
      path.push(current)
      current = users.get(current)?.managerId
    }
    for (const id of path) done.add(id)
  }
  return cycles
}

/** `a@x → b@x → a@x`: a manager chain in the names an admin recognises. */
export function describeChain(chain: readonly string[], users: ReadonlyMap<string, Pick<SourceUser, 'userPrincipalName'>>): string {
  return chain.map((id) => users.get(id)?.userPrincipalName ?? id).join(' → ')
}

/** The first issues of a zod error as one readable line: `users[3].mail: mail must be an email address...`. */
export function describeZodError(error: z.ZodError, limit = 3): { message: string; field: string } {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const field = formatZodPath(issue.path)
    return field ? `${field}: ${issue.message}` : issue.message
  })
  const more = error.issues.length - limit
  if (more > 0) parts.push(`(${more} more problem${more === 1 ? '' : 's'})`)
  return { message: parts.join('; '), field: formatZodPath(error.issues[0]?.path ?? []) }
}

const ID_KEYS = new Set(['objectId', 'managerId'])

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * A user (or user patch) as typed, tidied for the schema: texts trimmed, GUIDs lower-cased, and
 * an empty text turned into `emptyAs` (undefined drops the key: "no value"; a patch passes null,
 * which removes the attribute). Anything not an object is returned as is for zod to refuse.
 */
export function normaliseUser(input: unknown, emptyAs: undefined | null = undefined): unknown {
  if (!isRecord(input)) return input
  // a scenario file written by toJSON is already tidy: hand it back without copying 100,000 users
  if (isTidyUser(input)) return input
  const output: Record<string, unknown> = {}
  for (const key of Object.keys(input)) {
    let value = input[key]
    if (typeof value === 'string') {
      value = value.trim()
      if (value === '') {
        if (emptyAs === undefined) continue
        value = emptyAs
      } else if (ID_KEYS.has(key)) value = (value as string).toLowerCase()
    } else if (key === 'proxyAddresses' && Array.isArray(value)) {
      value = value.map((address) => (typeof address === 'string' ? address.trim() : address))
    }
    if (value !== undefined) output[key] = value
  }
  return output
}

function isTidyText(value: string): boolean {
  return value !== '' && value.trim() === value
}

function isTidyUser(input: Record<string, unknown>): boolean {
  for (const key in input) {
    const value = input[key]
    if (value === undefined) return false
    if (typeof value === 'string' && (!isTidyText(value) || (ID_KEYS.has(key) && value.toLowerCase() !== value))) return false
    if (key === 'proxyAddresses' && Array.isArray(value) && !value.every((address) => typeof address !== 'string' || address.trim() === address)) return false
  }
  return true
}

/** A group as typed, tidied for the schema: texts trimmed, empty mailNickname dropped, GUIDs lower-cased. */
export function normaliseGroup(input: unknown): unknown {
  if (!isRecord(input)) return input
  const tidyId = (id: unknown) => typeof id !== 'string' || (isTidyText(id) && id.toLowerCase() === id)
  const tidy =
    tidyId(input.objectId) &&
    (typeof input.displayName !== 'string' || input.displayName.trim() === input.displayName) &&
    (typeof input.mailNickname !== 'string' || isTidyText(input.mailNickname)) &&
    (!Array.isArray(input.memberIds) || input.memberIds.every(tidyId))
  if (tidy) return input
  const output: Record<string, unknown> = { ...input }
  if (typeof output.objectId === 'string') output.objectId = output.objectId.trim().toLowerCase()
  if (typeof output.displayName === 'string') output.displayName = output.displayName.trim()
  if (typeof output.mailNickname === 'string') {
    output.mailNickname = output.mailNickname.trim()
    if (output.mailNickname === '') delete output.mailNickname
  }
  if (Array.isArray(output.memberIds)) output.memberIds = output.memberIds.map((id) => (typeof id === 'string' ? id.trim().toLowerCase() : id))
  return output
}

/** A scenario file's directory tidied for sourceDirectorySchema (see normaliseUser, normaliseGroup). */
export function normaliseDirectory(input: unknown): unknown {
  if (!isRecord(input)) return input
  const output: Record<string, unknown> = { ...input }
  if (Array.isArray(output.users)) output.users = output.users.map((user) => normaliseUser(user))
  if (Array.isArray(output.groups)) output.groups = output.groups.map(normaliseGroup)
  return output
}
