/**
 * Drops duplicate strings from a user record the store has just parsed from disk. JSON.parse
 * gives every string value longer than 10 characters its own copy, so each of 100k users held
 * its id twice, both schema URNs and, until it is first modified, the same timestamp twice.
 * Pointing those fields at one shared string is invisible to every reader (strings are values)
 * and measured on the 100k-user bench workspace: user records 120 → 97 MB of heap, and fewer
 * bytes for the young-generation GC to copy while the snapshot loads.
 *
 * Only for records the store itself parsed (snapshot and journal replay): it assigns fields, so
 * it must never see a record a caller still holds (or froze).
 */

import type { JsonValue, UserRecord } from './records'

/** Schema URNs seen in this process: a handful of distinct values, shared by every user. */
const schemaUrns = new Map<string, string>()
const MAX_SCHEMA_URNS = 64

export function shareUserStrings(user: UserRecord): void {
  const resource = user.resource
  if (resource.id === user.id) resource.id = user.id
  const schemas = resource.schemas
  if (Array.isArray(schemas)) {
    for (let i = 0; i < schemas.length; i++) {
      const urn = schemas[i]
      if (typeof urn !== 'string') continue
      const shared = schemaUrns.get(urn)
      if (shared !== undefined) schemas[i] = shared
      else if (schemaUrns.size < MAX_SCHEMA_URNS) schemaUrns.set(urn, urn) // bounded: odd data cannot grow it
    }
  }
  const meta = resource.meta
  if (isObject(meta) && typeof meta.created === 'string' && meta.lastModified === meta.created) meta.lastModified = meta.created
  // Entra's default mappings send the mail address as userName and as the work email.
  const emails = resource.emails
  if (Array.isArray(emails) && typeof resource.userName === 'string') {
    for (const email of emails) {
      if (isObject(email) && email.value === resource.userName) email.value = resource.userName
    }
  }
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
