import type { UnauthenticatedSummary } from '../../../shared/console/api'

/*
 * The budget for SCIM requests refused with 401. Issue 14: they were logged like any other
 * request, before auth, so anyone who could reach the tunnel could send 6,000 of them and rotate
 * every authorised request out of the log and the Traffic feed. Now each is only counted (a few
 * numbers, whatever the volume); the first SAMPLES_PER_MINUTE of each minute are kept as
 * samples, so a misconfigured client (Entra's Test Connection with a stale Secret Token) still
 * shows its requests and the detail of why they were refused.
 */

/** Refused requests kept per minute (shown in Traffic, written to the refused log). */
export const SAMPLES_PER_MINUTE = 30
/** Client addresses counted one by one; later ones are counted under OTHER_ADDRESSES. */
const MAX_ADDRESSES = 100
export const OTHER_ADDRESSES = 'other addresses'
const TOP_ADDRESSES = 5
const RATE_MINUTES = 30

export class UnauthenticatedTally {
  private total = 0
  private sampled = 0
  private lastAt: string | null = null
  private sampleMinute = -1
  private samplesThisMinute = 0
  private readonly perMinute = new Map<number, number>()
  private readonly byAddress = new Map<string, { count: number; lastAt: string }>()

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Counts one refused request; true when it is one of this minute's samples. */
  record(time: string, address: string | undefined): boolean {
    this.total++
    this.lastAt = time
    const minute = Math.floor(Date.parse(time) / 60_000)
    this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + 1)
    if (this.perMinute.size > RATE_MINUTES + 5) {
      for (const key of this.perMinute.keys()) if (key <= minute - RATE_MINUTES) this.perMinute.delete(key)
    }
    this.countAddress(address ?? 'unknown', time)
    if (minute !== this.sampleMinute) {
      this.sampleMinute = minute
      this.samplesThisMinute = 0
    }
    if (this.samplesThisMinute >= SAMPLES_PER_MINUTE) return false
    this.samplesThisMinute++
    this.sampled++
    return true
  }

  summary(): UnauthenticatedSummary {
    const now = Math.floor(this.clock().getTime() / 60_000)
    const perMinute = []
    for (let m = now - RATE_MINUTES + 1; m <= now; m++) perMinute.push({ minute: new Date(m * 60_000).toISOString(), refused: this.perMinute.get(m) ?? 0 })
    const topAddresses = [...this.byAddress]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, TOP_ADDRESSES)
      .map(([address, { count, lastAt }]) => ({ address, count, lastAt }))
    return { total: this.total, lastAt: this.lastAt, sampled: this.sampled, topAddresses, perMinute }
  }

  private countAddress(raw: string, time: string): void {
    // a forwarded client address is whatever the proxy wrote: bounded before it becomes a key
    const address = raw.length > 64 ? raw.slice(0, 64) : raw
    const known = this.byAddress.get(address)
    if (known) {
      known.count++
      known.lastAt = time
    } else if (this.byAddress.size < MAX_ADDRESSES) {
      this.byAddress.set(address, { count: 1, lastAt: time })
    } else {
      const other = this.byAddress.get(OTHER_ADDRESSES) ?? { count: 0, lastAt: time }
      other.count++
      other.lastAt = time
      this.byAddress.set(OTHER_ADDRESSES, other)
    }
  }
}
