/*
 * Reads a value from a SCIM resource by attribute path, as an expectation names it:
 * `title`, `name.givenName`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`. Attribute names are
 * case-insensitive (RFC 7643 2.1); a value filter supports `eq` only, which is what Entra's
 * target paths use (section 5).
 */

const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:user:'
const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:group:'

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function member(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : object[key]
}

/** Splits `a.b[type eq "x.y"].c` on the dots outside brackets and quotes. */
function segments(path: string): string[] {
  const parts: string[] = []
  let current = ''
  let depth = 0
  let quoted = false
  for (const char of path) {
    if (char === '"') quoted = !quoted
    if (!quoted && char === '[') depth++
    if (!quoted && char === ']') depth--
    if (char === '.' && depth === 0 && !quoted) {
      parts.push(current)
      current = ''
    } else current += char
  }
  parts.push(current)
  return parts
}

const SEGMENT = /^([A-Za-z$][\w$-]*)(?:\[\s*([A-Za-z$][\w$.-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|-?\d+(?:\.\d+)?)\s*\])?$/i

/** The value at `path` in `resource`, or undefined when it is absent. */
export function readScimPath(resource: Record<string, unknown>, path: string): unknown {
  let rest = path.trim()
  let current: unknown = resource
  const lower = rest.toLowerCase()
  const core = [CORE_USER_SCHEMA, CORE_GROUP_SCHEMA].find((urn) => lower.startsWith(urn))
  if (core !== undefined) {
    rest = rest.slice(core.length)
  } else if (lower.startsWith('urn:')) {
    // an extension: the longest schema URN among the resource's keys that prefixes the path
    const urn = Object.keys(resource)
      .filter((key) => lower.startsWith(`${key.toLowerCase()}:`))
      .sort((a, b) => b.length - a.length)[0]
    if (urn === undefined) return undefined
    current = resource[urn]
    rest = rest.slice(urn.length + 1)
  }
  for (const segment of segments(rest)) {
    const match = SEGMENT.exec(segment.trim())
    if (!match) return undefined
    const [, name, filterAttribute, filterLiteral] = match
    if (Array.isArray(current)) {
      // a sub-attribute of a multi-valued attribute without a filter: every element's value
      current = current.map((item) => (isRecord(item) ? member(item, name) : undefined)).filter((v) => v !== undefined)
      continue
    }
    if (!isRecord(current)) return undefined
    current = member(current, name)
    if (filterAttribute !== undefined) {
      if (!Array.isArray(current)) return undefined
      const wanted: unknown = JSON.parse(filterLiteral)
      current = current.find((item) => isRecord(item) && sameValue(member(item, filterAttribute), wanted))
    }
  }
  return current
}

/** `eq` on strings ignores case (RFC 7644 3.4.2.2: caseExact is false for the attributes Entra filters on). */
function sameValue(actual: unknown, wanted: unknown): boolean {
  if (typeof actual === 'string' && typeof wanted === 'string') return actual.toLowerCase() === wanted.toLowerCase()
  return actual === wanted
}
