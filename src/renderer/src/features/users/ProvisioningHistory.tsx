import { Fragment, useState } from 'react'
import type { TrafficEntry } from '@shared/console/api'
import { Badge, Button, Card, EmptyState } from '../../components/ui'
import { formatLatency, prettyBody } from '../../lib/http-format'
import { formatDate } from '../../lib/format'

/**
 * The SCIM requests about one user from the request log, newest first: what Entra ID (or the
 * simulator) asked and what the server answered. Failed requests stand out; each row opens to
 * show both bodies.
 */
export function ProvisioningHistory({ entries }: { entries: TrafficEntry[] }): React.JSX.Element {
  const [open, setOpen] = useState<Set<number>>(new Set())
  const newestFirst = [...entries].reverse()
  const toggle = (seq: number): void =>
    setOpen((current) => {
      const next = new Set(current)
      if (next.has(seq)) next.delete(seq)
      else next.add(seq)
      return next
    })

  return (
    <Card
      title="Provisioning history"
      description="SCIM requests about this user in the recent request log, newest first. The Traffic screen shows every request."
    >
      {entries.length === 0 ? (
        <EmptyState>No SCIM requests about this user in the recent request log.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table history-table" aria-label="Provisioning history">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Client</th>
                <th scope="col">
                  <span className="visually-hidden">Bodies</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((e) => {
                const failed = e.status >= 400
                const expanded = open.has(e.seq)
                return (
                  <Fragment key={e.seq}>
                    <tr className={failed ? 'row-error' : undefined}>
                      <td className="nowrap">{formatDate(e.time, 'seconds')}</td>
                      <td>
                        <span className="method">{e.method}</span> <span className="mono">{e.path}</span>
                        {e.rules.length > 0 && <div className="small muted">Leniency: {e.rules.join(', ')}</div>}
                        {e.error && <div className="small">{e.error}</div>}
                      </td>
                      <td>
                        <Badge tone={failed ? 'danger' : 'ok'}>{e.status}</Badge>
                      </td>
                      <td className="num nowrap">{formatLatency(e.durationMs)}</td>
                      <td>{e.client === 'simulator' ? 'Simulator' : 'External'}</td>
                      <td>
                        <Button
                          variant="ghost"
                          size="sm"
                          aria-expanded={expanded}
                          onClick={() => toggle(e.seq)}
                          aria-label={`${expanded ? 'Hide' : 'Show'} bodies of ${e.method} ${e.path}`}
                        >
                          {expanded ? 'Hide' : 'Bodies'}
                        </Button>
                      </td>
                    </tr>
                    {expanded && (
                      <tr className="history-bodies">
                        <td colSpan={6}>
                          <div className="grid-2">
                            <div className="stack">
                              <span className="label">Request body</span>
                              <pre>{prettyBody(e.requestBody)?.text ?? '(empty)'}</pre>
                            </div>
                            <div className="stack">
                              <span className="label">Response body</span>
                              <pre>{prettyBody(e.responseBody)?.text ?? '(empty)'}</pre>
                            </div>
                          </div>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  )
}
