/*
 * Secrets out of what the harness records about a request (the request log on disk, the
 * Traffic screen, the HAR export). Issue 14: logs kept bodies verbatim, passwords included.
 *
 * What is masked, and why:
 * - the SCIM `password` attribute (RFC 7643 section 4.1.1: writeOnly, returned never) wherever
 *   a body holds it: a key whose name contains "password" (any case: SCIM attribute names are
 *   case-insensitive, RFC 7643 section 2.1; URN-qualified keys too), and the value of a PATCH
 *   operation whose `path` names it (RFC 7644 section 3.5.2);
 * - bearer credentials written as text (`Bearer <token>`) anywhere we keep text: a client that
 *   echoes its Authorization header into a body or User-Agent must not leak it;
 * - query parameters that carry credentials by convention (OAuth 2.0: access_token, RFC 6750
 *   section 2.3; refresh_token, id_token, code, client_secret) and the generic token, password,
 *   api_key/apikey, key and secret. Others stay readable: a support engineer needs the filter.
 *
 * Pure string functions, no node or DOM imports: the server redacts each entry once where it is
 * built, and the renderer applies the same functions again to what it exports, so an entry read
 * back from a log written by an older version cannot carry a secret into a HAR file.
 */

/** What a secret is replaced by. */
export const REDACTED = '****'

/**
 * Cheap pre-check (about 1 µs on 8 KB, measured): most bodies hold neither word and are not parsed.
 * A JSON escape of a letter (`"pass\u0077ord"`, which the server reads as password) hides the word
 * from a text search, so such a body is parsed too; escapes of other characters (`\u0027`, `\u00e9`,
 * as .NET writes apostrophes and accents) are not letters and do not count.
 */
const SECRET_WORD = /password|bearer/i
const LETTER_ESCAPE = /\\u00[4-7][0-9a-f]/i
// includes() first: a body without any \u escape costs one fast scan more, not a second regex
const mayHoldSecret = (text: string): boolean => SECRET_WORD.test(text) || (text.includes('\\u00') && LETTER_ESCAPE.test(text))

const SECRET_QUERY = /([?&](?:access_token|refresh_token|id_token|token|code|client_secret|password|api_key|apikey|key|secret)=)[^&#]*/gi

const BEARER = /(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi

const PASSWORD_NAME = /password/i

const QUERY_PARAMETER = /([?&][^=&#]*=)([^&#]*)/g

/** A double-quoted literal, as in a SCIM filter (`password eq "..."`). */
const QUOTED = /"(?:[^"\\]|\\.)*"/g

/** Text that names the password: its quoted literals are what it could be compared with or set to. */
function maskQuotedNearPassword(text: string): string {
  return PASSWORD_NAME.test(text) ? text.replace(QUOTED, `"${REDACTED}"`) : text
}

/**
 * A URL path with its query, credential parameters masked (`/Users?access_token=****`), and any
 * parameter whose value names the password (a filter `password eq "..."`) masked whole.
 */
export function redactUrl(path: string): string {
  const q = path.indexOf('?')
  if (q === -1) return path
  const query = path.slice(q).replace(SECRET_QUERY, `$1${REDACTED}`)
  const masked = PASSWORD_NAME.test(query)
    ? query.replace(QUERY_PARAMETER, (all, name: string, value: string) => (PASSWORD_NAME.test(value) ? `${name}${REDACTED}` : all))
    : query
  return `${path.slice(0, q)}${masked}`
}

/** Any text (User-Agent, error detail): `Bearer <token>` masked, and quoted literals beside the word password. */
export function redactText(text: string): string {
  if (!mayHoldSecret(text)) return text
  return maskQuotedNearPassword(text.replace(BEARER, `$1${REDACTED}`))
}

/**
 * A JSON body as text, passwords and bearer tokens masked. Bodies that mention neither are
 * returned as they are (same string, not re-serialised). A body that holds one is parsed,
 * masked and written back compactly; one that does not parse (clipped at 16 KiB, or not JSON)
 * is masked textually, erring on the side of masking: every string after a password-like key,
 * and when a PATCH path names a password, every `value` in it.
 */
export function redactBody(text: string): string {
  if (!mayHoldSecret(text)) return text
  let masked: string
  try {
    masked = JSON.stringify(redactJson(JSON.parse(text)))
  } catch {
    masked = redactUnparsed(text)
  }
  return masked.replace(BEARER, `$1${REDACTED}`)
}

function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return maskQuotedNearPassword(value)
  if (Array.isArray(value)) return value.map(redactJson)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) out[key] = PASSWORD_NAME.test(key) ? REDACTED : redactJson(record[key])
  // a PATCH operation (RFC 7644 section 3.5.2) that sets the password through its path
  if (typeof record.path === 'string' && PASSWORD_NAME.test(record.path) && 'value' in record) out.value = REDACTED
  return out
}

// Every member (a quoted key, a colon, a value), the key then tested on its own: a pattern that
// looked for the word inside the key (`"[^"]*password[^"]*"`) backtracked quadratically on a long
// unterminated string full of the word (1.3 s for 128 KB, measured), on the event loop.
const MEMBER = /("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]+)/g
const PASSWORD_PATH = /"path"\s*:\s*"[^"]*password/i
const VALUE_MEMBER = /("value"\s*:\s*)("(?:[^"\\]|\\.)*"?|[^,}\]\s]+)/gi

function redactUnparsed(text: string): string {
  let out = text.replace(MEMBER, (member, keyAndColon: string, key: string) => (PASSWORD_NAME.test(key) ? `${keyAndColon}"${REDACTED}"` : member))
  if (PASSWORD_PATH.test(out)) out = out.replace(VALUE_MEMBER, `$1"${REDACTED}"`)
  return out
}

/** The parts of a request record that can hold a secret. */
export interface RedactableEntry {
  path: string
  status: number
  userAgent?: string
  requestBody?: string
  responseBody?: string
  error?: string
}

/**
 * The entry with every secret masked (a new object only when something changed). A successful
 * response is skipped: it is the server's own rendering of stored data, and the password is
 * never stored or returned (RFC 7643 section 4.1.1, returned "never"); error bodies are masked,
 * as their details echo what the client sent. Measured: about 3 µs per 8 KB list response when
 * every body was scanned, about 1 µs without the response.
 */
export function redactEntry<T extends RedactableEntry>(entry: T): T {
  const path = redactUrl(entry.path)
  const userAgent = entry.userAgent === undefined ? undefined : redactText(entry.userAgent)
  const requestBody = entry.requestBody === undefined ? undefined : redactBody(entry.requestBody)
  const responseBody = entry.responseBody === undefined || entry.status < 400 ? entry.responseBody : redactBody(entry.responseBody)
  const error = entry.error === undefined ? undefined : redactText(entry.error)
  if (path === entry.path && userAgent === entry.userAgent && requestBody === entry.requestBody && responseBody === entry.responseBody && error === entry.error)
    return entry
  return {
    ...entry,
    path,
    ...(userAgent !== undefined ? { userAgent } : {}),
    ...(requestBody !== undefined ? { requestBody } : {}),
    ...(responseBody !== undefined ? { responseBody } : {}),
    ...(error !== undefined ? { error } : {}),
  }
}
