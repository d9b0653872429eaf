import { useEffect, useRef, useState } from 'react'
import type { UnauthenticatedSummary } from '@shared/console/api'
import { Notice } from '../../components/ui'
import { api } from '../../lib/api'
import { useTraffic } from '../../stores/traffic-store'

/*
 * Requests refused for a missing or wrong token are counted on their own budget (issue 14): only
 * a sample reaches the table, so the count is what tells an integrator that Entra ID is sending
 * a stale Secret Token, or that someone is knocking on the tunnel.
 */

/** Counts change without a live event once a minute's samples are used up: look again this often. */
const REFRESH_MS = 30_000
/** Live 401 samples arriving in a burst cause one fetch, not one each. */
const THROTTLE_MS = 2_000

/** The newest refused entry among the last few, so a new 401 sample prompts a fresh count. */
function newestRefusedSeq(entries: readonly { seq: number; status: number }[]): number {
  for (let i = entries.length - 1; i >= Math.max(0, entries.length - 200); i--) if (entries[i].status === 401) return entries[i].seq
  return 0
}

export function UnauthenticatedNotice(): React.JSX.Element | null {
  const [summary, setSummary] = useState<UnauthenticatedSummary>()
  const newest = useTraffic((s) => newestRefusedSeq(s.entries))
  const lastFetch = useRef(0)

  useEffect(() => {
    let live = true
    const fetchNow = async (): Promise<void> => {
      lastFetch.current = Date.now()
      const result = await api.call('traffic.unauthenticated')
      // supplementary: when the count cannot be had, the screen simply does not show it
      if (live && result.ok) setSummary(result.value)
    }
    const wait = Math.max(0, lastFetch.current + THROTTLE_MS - Date.now())
    const timer = setTimeout(() => void fetchNow(), wait)
    const interval = setInterval(() => void fetchNow(), REFRESH_MS)
    return () => {
      live = false
      clearTimeout(timer)
      clearInterval(interval)
    }
  }, [newest])

  if (!summary || summary.total === 0) return null
  const plural = summary.total === 1 ? 'request' : 'requests'
  const from = summary.topAddresses
    .slice(0, 3)
    .map((a) => `${a.address} (${a.count.toLocaleString()})`)
    .join(', ')
  return (
    <Notice tone="warn" title={`${summary.total.toLocaleString()} ${plural} refused for a missing or wrong token`}>
      <p className="small">
        {summary.lastAt && <>Last at {new Date(summary.lastAt).toLocaleString()}</>}
        {from && <> · from {from}</>}.{' '}
        {summary.sampled < summary.total
          ? `${summary.sampled.toLocaleString()} of them are listed here (and kept in requests-refused.ndjson); the rest are only counted, so they never push authorised requests out.`
          : 'They are listed here with a 401 status (and kept in requests-refused.ndjson).'}{' '}
        If Entra ID sent them, generate a new API token and paste it as the Secret Token in the provisioning settings.
      </p>
    </Notice>
  )
}
