/**
 * The snapshot's shape and a hand-written check of it. A hand check rather than zod because it
 * runs on 100k records at every start, where each microsecond per record shows.
 */

import type { GroupRecord, PortalSettings, TokenRecord, UserRecord } from './records'

export const SNAPSHOT_FORMAT = 'scim-harness-snapshot'
export const SNAPSHOT_VERSION = 1

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT
  version: typeof SNAPSHOT_VERSION
  /** The last journal sequence number this snapshot includes. */
  seq: number
  /** The journal generation that starts after this snapshot. */
  generation: number
  savedAt: string
  /** Written up front so a truncated file is caught even if it happens to parse. */
  counts: { users: number; groups: number; tokens: number }
  portal: PortalSettings
}

export interface SnapshotData extends SnapshotHeader {
  tokens: TokenRecord[]
  groups: GroupRecord[]
  users: UserRecord[]
}

/** A snapshot that cannot be trusted; `reason` is written for a person. */
export class SnapshotInvalidError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'SnapshotInvalidError'
  }
}

const DOMAIN_POLICIES = new Set(['subdomain', 'directory', 'custom'])
const DELETE_MODES = new Set(['deactivate', 'hard'])
const CONFLICT_POLICIES = new Set(['highestCal', 'firstRule'])

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fail(reason: string): never {
  throw new SnapshotInvalidError(reason)
}

/** Checks the header fields; throws SnapshotInvalidError naming the first problem. */
export function checkHeader(value: unknown): asserts value is SnapshotHeader {
  if (!isObject(value)) fail('the snapshot is not a JSON object')
  if (value.format !== SNAPSHOT_FORMAT) fail(`the snapshot's format is ${JSON.stringify(value.format)}, expected "${SNAPSHOT_FORMAT}"`)
  if (value.version !== SNAPSHOT_VERSION) fail(`the snapshot's version ${String(value.version)} is not supported`)
  if (!Number.isSafeInteger(value.seq) || (value.seq as number) < 0) fail('the snapshot has no valid "seq"')
  if (!Number.isSafeInteger(value.generation) || (value.generation as number) < 0) fail('the snapshot has no valid "generation"')
  const counts = value.counts
  if (!isObject(counts) || ![counts.users, counts.groups, counts.tokens].every(Number.isSafeInteger)) fail('the snapshot has no valid "counts"')
  checkPortal(value.portal)
}

function checkPortal(value: unknown): asserts value is PortalSettings {
  if (!isObject(value)) fail('the snapshot has no portal settings')
  const ok =
    typeof value.name === 'string' &&
    DOMAIN_POLICIES.has(value.domainPolicy as string) &&
    Array.isArray(value.cals) &&
    value.cals.every((cal) => typeof cal === 'string') &&
    (value.defaultCal === null || typeof value.defaultCal === 'string') &&
    typeof value.scimEnabled === 'boolean' &&
    DELETE_MODES.has(value.deleteMode as string) &&
    CONFLICT_POLICIES.has(value.calConflictPolicy as string) &&
    Array.isArray(value.calRules)
  if (!ok) fail("the snapshot's portal settings are malformed")
}

// Predicates rather than asserts for the per-record checks, so the streaming reader builds the
// "users record 4711" message only for a record that fails, not 100k times at every start.

export function isUserRecord(value: unknown): value is UserRecord {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    isObject(value.resource) &&
    typeof value.cal === 'string' &&
    isObject(value.calReason) &&
    typeof value.federated === 'boolean'
  )
}

export function isGroupRecord(value: unknown): value is GroupRecord {
  return isObject(value) && typeof value.id === 'string' && isObject(value.resource)
}

export function isTokenRecord(value: unknown): value is TokenRecord {
  return (
    isObject(value) && typeof value.id === 'string' && typeof value.hash === 'string' && typeof value.label === 'string' && typeof value.expiresAt === 'string'
  )
}

/** Checks one user record; `where` names it in the message. */
export function checkUser(value: unknown, where: string): asserts value is UserRecord {
  if (!isUserRecord(value)) fail(`${where} is not a valid user record`)
}

/** Checks one group record. */
export function checkGroup(value: unknown, where: string): asserts value is GroupRecord {
  if (!isGroupRecord(value)) fail(`${where} is not a valid group record`)
}

/** Checks one token record. */
export function checkToken(value: unknown, where: string): asserts value is TokenRecord {
  if (!isTokenRecord(value)) fail(`${where} is not a valid token record`)
}

/** Checks a whole snapshot parsed in one piece (the slow path for hand-edited files). */
export function checkSnapshot(value: unknown): asserts value is SnapshotData {
  checkHeader(value)
  const data = value as unknown as Record<string, unknown>
  for (const [section, check] of [
    ['users', checkUser],
    ['groups', checkGroup],
    ['tokens', checkToken],
  ] as const) {
    const records = data[section]
    if (!Array.isArray(records)) fail(`the snapshot has no "${section}" list`)
    records.forEach((record, i) => check(record, `${section}[${i}]`))
  }
  checkCounts(value as SnapshotData)
}

/** A snapshot whose lists are shorter than its header says was cut short. */
export function checkCounts(data: SnapshotData): void {
  for (const section of ['users', 'groups', 'tokens'] as const) {
    if (data[section].length !== data.counts[section]) {
      fail(`the snapshot lists ${data[section].length} ${section} but its header says ${data.counts[section]}: it was cut short`)
    }
  }
}
