import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { TokenRecord } from '../store/records'
import { PortalError } from './portal-error'

/**
 * API tokens for the SCIM endpoint (Entra's "Secret Token"). A token is shown once, when it is
 * created; only its sha256 is stored, so a copied workspace or scenario file never leaks a
 * usable secret.
 */

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'scimh_'

/** Headers longer than this are refused before any hashing: no legitimate token comes close. */
export const MAX_AUTHORIZATION_HEADER_LENGTH = 4096

const MAX_LABEL_LENGTH = 100

/** A new token: 32 random bytes (256 bits), base64url, behind the recognisable prefix. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** The sha256 of a token, lowercase hex: what a TokenRecord stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
// A timezone is required: without one, Date would read the time in the machine's zone and the same
// scenario file would expire a token at different instants on different machines.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i

/**
 * Reads an expiry as the admin typed it and returns the end of validity as an ISO timestamp.
 * `YYYY-MM-DD` means the end of that day in UTC (23:59:59.999Z), like VIDIZMO's expiry calendar;
 * a full ISO timestamp with a timezone is taken as is. The expiry is required and must be in
 * the future. Throws PortalError 'invalidExpiry' or 'expiryInPast'.
 */
export function parseExpiry(input: string, now: Date): string {
  const text = (input ?? '').trim()
  if (text === '') {
    throw new PortalError(
      'invalidExpiry',
      'An expiry date is required for every API token. Enter a date as YYYY-MM-DD (the token stays valid until the end of that day, UTC).',
      'expires',
    )
  }
  let expiresAt: Date
  const date = DATE_ONLY.exec(text)
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])]
    expiresAt = new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999))
    // Date.UTC rolls 2025-02-30 over to March; refuse it rather than silently moving the expiry.
    if (expiresAt.getUTCFullYear() !== year || expiresAt.getUTCMonth() !== month - 1 || expiresAt.getUTCDate() !== day) {
      throw new PortalError('invalidExpiry', `'${text}' is not a calendar date. Enter the expiry as YYYY-MM-DD, for example 2030-12-31.`, 'expires')
    }
  } else if (TIMESTAMP.test(text)) {
    expiresAt = new Date(text)
    if (Number.isNaN(expiresAt.getTime())) {
      throw new PortalError(
        'invalidExpiry',
        `'${text}' is not a valid timestamp. Enter the expiry as YYYY-MM-DD or as an ISO timestamp such as 2030-12-31T18:00:00Z.`,
        'expires',
      )
    }
  } else {
    throw new PortalError(
      'invalidExpiry',
      `'${text}' is not an expiry date. Enter it as YYYY-MM-DD (end of that day, UTC) or as an ISO timestamp with a timezone, such as 2030-12-31T18:00:00Z.`,
      'expires',
    )
  }
  if (expiresAt.getTime() <= now.getTime()) {
    throw new PortalError(
      'expiryInPast',
      `The expiry ${expiresAt.toISOString()} is not in the future. Choose a later date: a token that is already expired would be refused with 401 at once.`,
      'expires',
    )
  }
  return expiresAt.toISOString()
}

/** The label given to a token created without one: "API token 2030-01-31". */
export function defaultTokenLabel(now: Date): string {
  return `API token ${now.toISOString().slice(0, 10)}`
}

/**
 * Creates a token and the record to store. The token itself is returned only here: the caller
 * shows it once and forgets it. Throws PortalError for a missing, malformed or past expiry, or
 * an over-long label.
 */
export function createToken(options: { label?: string; expires: string; now: Date; id?: string }): { token: string; record: TokenRecord } {
  const { now } = options
  const label = (options.label ?? '').trim() || defaultTokenLabel(now)
  if (label.length > MAX_LABEL_LENGTH) {
    throw new PortalError('invalidLabel', `The token label is ${label.length} characters long; keep it to ${MAX_LABEL_LENGTH} or fewer.`, 'label')
  }
  const expiresAt = parseExpiry(options.expires, now)
  const token = generateToken()
  return {
    token,
    record: {
      id: options.id ?? randomUUID(),
      label,
      hash: hashToken(token),
      createdAt: now.toISOString(),
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    },
  }
}

/** 'revoked' wins over 'expired': the admin's explicit action is the more useful thing to show. */
export function tokenStatus(record: TokenRecord, now: Date): 'active' | 'expired' | 'revoked' {
  if (record.revokedAt !== null) return 'revoked'
  const expiresAt = Date.parse(record.expiresAt)
  // an unreadable expiry is treated as expired: failing closed is the only safe reading
  if (Number.isNaN(expiresAt) || now.getTime() > expiresAt) return 'expired'
  return 'active'
}

/** Whether the token is accepted now: not revoked and not past its expiry (inclusive). */
export function isTokenUsable(record: TokenRecord, now: Date): boolean {
  return tokenStatus(record, now) === 'active'
}

/** The record, revoked at `now`. Revoking twice keeps the first revocation time. */
export function revokeToken(record: TokenRecord, now: Date): TokenRecord {
  if (record.revokedAt !== null) return record
  return { ...record, revokedAt: now.toISOString() }
}

/** The record with its last-used time set; the auth middleware stores it after a successful request. */
export function markTokenUsed(record: TokenRecord, now: Date): TokenRecord {
  return { ...record, lastUsedAt: now.toISOString() }
}

/** The token with this id, or PortalError 'tokenNotFound' (for `token revoke ID` and the console). */
export function findToken(tokens: Iterable<TokenRecord>, id: string): TokenRecord {
  for (const record of tokens) if (record.id === id) return record
  throw new PortalError('tokenNotFound', `No API token has the id '${id}'. List the tokens to see their ids.`, 'id')
}

export type BearerFailureReason = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked'

export type BearerVerdict = { ok: true; record: TokenRecord } | { ok: false; reason: BearerFailureReason; detail: string }

// RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token
const BEARER = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?: +(.*))?$/
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * Checks an Authorization header against the stored tokens. Accepts `Bearer <token>` with the
 * scheme in any case (RFC 7235 section 2.1: schemes are case-insensitive). The presented token is
 * hashed and its hash compared with every stored hash with timingSafeEqual, without stopping at
 * the first match, so the time taken does not depend on the secret. The detail is for the
 * request log and the SCIM error body; it never echoes the token.
 */
export function verifyBearer(header: string | undefined, tokens: Iterable<TokenRecord>, now: Date): BearerVerdict {
  if (header === undefined || header.trim() === '') {
    return {
      ok: false,
      reason: 'missing',
      detail: 'No Authorization header. Send "Authorization: Bearer <API token>" with the token generated in the SCIM settings.',
    }
  }
  if (header.length > MAX_AUTHORIZATION_HEADER_LENGTH) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `The Authorization header is ${header.length} characters long; the limit is ${MAX_AUTHORIZATION_HEADER_LENGTH}.`,
    }
  }
  const parts = BEARER.exec(header.trim())
  if (!parts) {
    return { ok: false, reason: 'malformed', detail: 'The Authorization header is not of the form "Bearer <API token>".' }
  }
  const scheme = parts[1]
  if (scheme.toLowerCase() !== 'bearer') {
    return { ok: false, reason: 'malformed', detail: `The Authorization header uses the '${scheme}' scheme; this endpoint accepts only "Bearer <API token>".` }
  }
  const presented = (parts[2] ?? '').trim()
  if (presented === '' || !B64TOKEN.test(presented)) {
    return { ok: false, reason: 'malformed', detail: 'The bearer token is empty or contains characters a token cannot have (RFC 6750 b64token).' }
  }

  const presentedHash = Buffer.from(hashToken(presented), 'hex')
  let found: TokenRecord | undefined
  for (const record of tokens) {
    const stored = Buffer.from(record.hash, 'hex')
    // the lengths are public (sha256 is always 32 bytes); a corrupt stored hash simply never matches
    if (stored.length !== presentedHash.length) continue
    if (timingSafeEqual(stored, presentedHash) && found === undefined) found = record
  }
  if (!found) {
    return { ok: false, reason: 'unknown', detail: "The bearer token is not one of this portal's API tokens. Copy the token again, or generate a new one." }
  }
  const status = tokenStatus(found, now)
  if (status === 'revoked') {
    return {
      ok: false,
      reason: 'revoked',
      detail: `The API token '${found.label}' was revoked at ${found.revokedAt}. Generate a new token and update the Secret Token in Entra ID.`,
    }
  }
  if (status === 'expired') {
    return {
      ok: false,
      reason: 'expired',
      detail: `The API token '${found.label}' expired at ${found.expiresAt}; provisioning and deprovisioning stop until a new token is generated and entered in Entra ID.`,
    }
  }
  return { ok: true, record: found }
}
