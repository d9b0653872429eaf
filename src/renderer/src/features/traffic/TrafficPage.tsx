import { useEffect, useMemo } from 'react'
import { Badge, Button, EmptyState, Notice, PageHeader, Spinner } from '../../components/ui'
import { useStatus } from '../../stores/status-store'
import { useToasts } from '../../stores/toast-store'
import { useTraffic } from '../../stores/traffic-store'
import { buildHar, harFileName } from './har'
import { downloadText } from '../../lib/download'
import { EMPTY_FILTER, isFiltering, selectTraffic, type TrafficFilter } from '../../lib/traffic-filter'
import { TrafficDetail } from './TrafficDetail'
import { TrafficTable } from './TrafficTable'
import { UnauthenticatedNotice } from './UnauthenticatedNotice'

/** Rows the table renders at most: the newest matching ones. The export takes them all. */
export const RENDERED_ROWS = 500

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** Traffic: every SCIM request the server answered, live, with filters, pause, clear and HAR export. */
export function TrafficPage(): React.JSX.Element {
  const { entries, pending, paused, loading, error, cleared, filter, selected, start, reload, pause, resume, clear, setFilter, select } = useTraffic()
  const { status, load: loadStatus } = useStatus()
  const toast = useToasts((s) => s.show)

  useEffect(() => {
    start()
  }, [start])

  useEffect(() => {
    if (!status) void loadStatus()
  }, [status, loadStatus])

  const { all, newest } = useMemo(() => selectTraffic(entries, filter, RENDERED_ROWS), [entries, filter])
  const detail = selected === null ? undefined : entries.find((e) => e.seq === selected)
  const filtering = isFiltering(filter)

  const exportHar = (): void => {
    const har = buildHar(all, { baseUri: status?.baseUri ?? window.location.origin, version: status?.version ?? '' })
    downloadText(harFileName(), JSON.stringify(har, null, 2), 'application/json')
    toast(`Exported ${all.length.toLocaleString()} request${all.length === 1 ? '' : 's'} as HAR`)
  }

  return (
    <>
      <PageHeader
        title="Traffic"
        description="Every SCIM request the server answers, live: from the simulated Entra client, real Entra ID or any other client."
        actions={
          <>
            {paused ? (
              <Button onClick={resume} aria-label={pending.length > 0 ? `Resume and show ${pending.length} new` : 'Resume'}>
                ▶ Resume{pending.length > 0 ? ` · ${pending.length.toLocaleString()} new` : ''}
              </Button>
            ) : (
              <Button variant="secondary" onClick={pause}>
                ❚❚ Pause
              </Button>
            )}
            <Button variant="secondary" onClick={clear} disabled={entries.length === 0 && pending.length === 0}>
              Clear
            </Button>
            <Button variant="secondary" onClick={exportHar} disabled={all.length === 0} title="HAR 1.2 of the requests matching the filters">
              Export HAR
            </Button>
          </>
        }
      />

      {error && (
        <Notice
          tone="error"
          title="Could not load the recent requests"
          action={
            <Button variant="secondary" onClick={() => void reload()}>
              Retry
            </Button>
          }
        >
          {error}
        </Notice>
      )}
      <UnauthenticatedNotice />

      <div className={`traffic-layout${detail ? ' with-detail' : ''}`}>
        <section className="card traffic-list" aria-label="Requests">
          <FilterBar filter={filter} onChange={setFilter} />
          <div className="traffic-summary row small muted" aria-live="polite">
            {paused ? (
              <Badge tone="warn" dot>
                Paused
              </Badge>
            ) : (
              <Badge tone="ok" dot>
                Live
              </Badge>
            )}
            <span>
              {filtering
                ? `${all.length.toLocaleString()} of ${entries.length.toLocaleString()} requests match`
                : `${entries.length.toLocaleString()} requests`}
              {all.length > RENDERED_ROWS && ` · showing the newest ${RENDERED_ROWS}`}
            </span>
            {cleared > 0 && (
              <span>· view cleared ({cleared.toLocaleString()} hidden); the request log on disk (requests.ndjson in the workspace folder) keeps them</span>
            )}
          </div>
          {loading && entries.length === 0 ? (
            <div className="empty">
              <Spinner label="Loading recent requests" />
            </div>
          ) : newest.length > 0 ? (
            <TrafficTable rows={newest} selected={selected} onSelect={select} />
          ) : entries.length > 0 ? (
            <EmptyState>
              <p>No request matches these filters.</p>
              <p>
                <Button variant="secondary" size="sm" onClick={() => setFilter(EMPTY_FILTER)}>
                  Reset filters
                </Button>
              </p>
            </EmptyState>
          ) : (
            <EmptyState>
              <p>
                <strong>{cleared > 0 ? 'View cleared.' : 'No SCIM requests yet.'}</strong>
              </p>
              <p>
                New requests to <code>{status?.baseUri ?? '/scim/v2'}</code> appear here as they happen{paused ? ' once you resume' : ''}.
              </p>
            </EmptyState>
          )}
        </section>
        {detail && <TrafficDetail entry={detail} onClose={() => select(null)} />}
      </div>
    </>
  )
}

function FilterBar({ filter, onChange }: { filter: TrafficFilter; onChange: (change: Partial<TrafficFilter>) => void }): React.JSX.Element {
  return (
    <div className="traffic-filters" role="search" aria-label="Filter requests">
      <input
        type="search"
        className="traffic-search"
        placeholder="Search paths, e.g. /Users or userName"
        aria-label="Search paths"
        value={filter.search}
        onChange={(e) => onChange({ search: e.currentTarget.value })}
      />
      <select aria-label="Method" value={filter.method} onChange={(e) => onChange({ method: e.currentTarget.value })}>
        <option value="">All methods</option>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <select aria-label="Status" value={filter.status} onChange={(e) => onChange({ status: e.currentTarget.value as TrafficFilter['status'] })}>
        <option value="all">All statuses</option>
        <option value="2xx">2xx success</option>
        <option value="4xx">4xx client errors</option>
        <option value="5xx">5xx server errors</option>
        <option value="errors">Errors only (4xx and 5xx)</option>
      </select>
      <select aria-label="Client" value={filter.client} onChange={(e) => onChange({ client: e.currentTarget.value as TrafficFilter['client'] })}>
        <option value="all">All clients</option>
        <option value="simulator">Simulator</option>
        <option value="external">External</option>
      </select>
      <label className="checkbox">
        <input type="checkbox" checked={filter.rulesOnly} onChange={(e) => onChange({ rulesOnly: e.currentTarget.checked })} />
        Leniency rules fired
      </label>
      {isFiltering(filter) && (
        <Button variant="ghost" size="sm" onClick={() => onChange(EMPTY_FILTER)}>
          Reset
        </Button>
      )}
    </div>
  )
}
