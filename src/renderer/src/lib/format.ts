/*
 * Dates, times and counts as an admin reads them, the same on every screen.
 */

const DATE_STYLES = {
  /** A table cell: short, so eight columns fit; the full date goes in the cell's title. */
  short: { dateStyle: 'short', timeStyle: 'short' },
  /** Local date and time, the default. */
  medium: { dateStyle: 'medium', timeStyle: 'short' },
  /** To the second: provisioning steps land seconds apart. */
  seconds: { dateStyle: 'medium', timeStyle: 'medium' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

/** A date and time in the viewer's locale, or a dash when there is none; text that is not a date is shown as it is. */
export function formatDate(iso: string | null | undefined, style: keyof typeof DATE_STYLES = 'medium'): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, DATE_STYLES[style])
}

/** `14:03:27.412`: the local time of day with milliseconds, as request logs read. */
export function formatClock(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** "1 member", "12 members". */
export function memberWords(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'member' : 'members'}`
}
