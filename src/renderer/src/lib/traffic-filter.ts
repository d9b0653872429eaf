import type { TrafficEntry } from '@shared/console/api'

/** What the Traffic screen's filter bar narrows the list to. */
export interface TrafficFilter {
  /** An HTTP method, or '' for any. */
  method: string
  status: 'all' | '2xx' | '4xx' | '5xx' | 'errors'
  client: 'all' | TrafficEntry['client']
  /** Case-insensitive text in the path (raw or percent-decoded). */
  search: string
  /** Only requests where the server applied at least one leniency rule. */
  rulesOnly: boolean
}

export const EMPTY_FILTER: TrafficFilter = { method: '', status: 'all', client: 'all', search: '', rulesOnly: false }

export function isFiltering(filter: TrafficFilter): boolean {
  return filter.method !== '' || filter.status !== 'all' || filter.client !== 'all' || filter.search.trim() !== '' || filter.rulesOnly
}

/** `/Users?filter=userName%20eq%20%22a%22` as a person reads it; the raw text when it does not decode. */
export function readablePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

function statusMatches(status: number, wanted: TrafficFilter['status']): boolean {
  switch (wanted) {
    case 'all':
      return true
    case '2xx':
      return status >= 200 && status < 300
    case '4xx':
      return status >= 400 && status < 500
    case '5xx':
      return status >= 500
    case 'errors':
      return status >= 400
  }
}

/** A predicate for one filter, built once so a 5,000-row pass does not re-read the filter. */
export function trafficMatcher(filter: TrafficFilter): (entry: TrafficEntry) => boolean {
  const needle = filter.search.trim().toLowerCase()
  return (e) =>
    (filter.method === '' || e.method === filter.method) &&
    statusMatches(e.status, filter.status) &&
    (filter.client === 'all' || e.client === filter.client) &&
    (!filter.rulesOnly || e.rules.length > 0) &&
    (needle === '' || e.path.toLowerCase().includes(needle) || readablePath(e.path).toLowerCase().includes(needle))
}

/**
 * The entries matching `filter`: `all` of them oldest first (for the HAR export), and the newest
 * `limit` newest first (what the table renders, so 5,000 entries never become 5,000 rows).
 */
export function selectTraffic(entries: readonly TrafficEntry[], filter: TrafficFilter, limit: number): { all: TrafficEntry[]; newest: TrafficEntry[] } {
  const matches = trafficMatcher(filter)
  const all = isFiltering(filter) ? entries.filter(matches) : entries.slice()
  const newest: TrafficEntry[] = []
  for (let i = all.length - 1; i >= 0 && newest.length < limit; i--) newest.push(all[i])
  return { all, newest }
}
