/**
 * xsd:dateTime / RFC 3339 instants for filter comparison. Hand-written rather than Date.parse
 * because Microsoft's Postman collection sends seven fractional digits
 * (`2015-10-10T14:38:21.8617979-07:00`) and the sub-millisecond part must still order values.
 */

export interface Instant {
  /** Milliseconds since the epoch, UTC. */
  ms: number
  /** The fraction of a millisecond beyond `ms`, in [0, 1). */
  sub: number
}

// One pass, no nested quantifiers: safe on any input length.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/

/** Parses a dateTime; a value without a zone is taken as UTC (deterministic on every machine). */
export function parseInstant(text: string): Instant | undefined {
  if (text.length > 64) return undefined
  const m = DATE_TIME.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s))
  if (new Date(ms).getUTCDate() !== day) return undefined // 2021-02-30
  const digits = frac.padEnd(3, '0')
  ms += Number(digits.slice(0, 3))
  const sub = digits.length > 3 ? Number(`0.${digits.slice(3)}`) : 0
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1
    const hh = Number(zone.slice(1, 3))
    const mm = Number(zone.slice(zone.length - 2))
    if (hh > 23 || mm > 59) return undefined
    ms -= sign * (hh * 60 + mm) * 60_000
  }
  return { ms, sub }
}

/** Negative, zero or positive, like a sort comparator. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.sub - b.sub
}
