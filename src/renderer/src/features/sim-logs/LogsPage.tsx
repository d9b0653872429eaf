import { useEffect, useState } from 'react'
import type { LogRow } from '@shared/console/simulator-api'
import { Badge, Button, EmptyState, PageHeader, Pagination } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useToasts } from '../../stores/toast-store'
import { downloadText } from '../../lib/download'
import { ClearFiltersButton, DirectoryListCard, NoMatches, SearchBox, openableRow, useLastPageInRange } from '../../components/directory-ui'
import { LogDetail } from './LogDetail'
import { LOG_ACTIONS, LOG_STATUSES, LOGS_PAGE_SIZE, hasLogFilters, logsQuery, useLogsView, type LogFilters } from './logs-view'
import { useSimRefresh } from '../../lib/use-sim-refresh'
import { SimErrorNotice, StatusBadge, describeSimError } from '../../components/sim-ui'

/**
 * Provisioning logs (azure-ad-provisioning.md section 10): the portal's table (date, identity,
 * action, source and target ids, status, error code), filtered and searched on the server, live
 * while a cycle writes, with the entry's detail pane beside it and the JSON and CSV downloads.
 */
export function LogsPage({ selectedId }: { selectedId?: string }): React.JSX.Element {
  const view = useLogsView()
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery('sim.logs.list', logsQuery(view), { live: true })
  useSimRefresh(reload)

  const { setOffset } = view
  useLastPageInRange(data?.total, view.offset, LOGS_PAGE_SIZE, setOffset)

  const filtered = hasLogFilters(view)
  const open = (row: LogRow): void => navigate(`/sim/logs/${encodeURIComponent(row.id)}`)

  return (
    <>
      <PageHeader
        title="Provisioning logs"
        description="Every change the simulated Entra ID provisioning service made or tried, newest first, with the HTTP requests behind it."
        actions={<DownloadButtons view={view} filtered={hasLogFilters(view)} />}
      />
      <div className={`traffic-layout simx-logs-layout${selectedId ? ' with-detail' : ''}`}>
        <DirectoryListCard
          noun={{ one: 'entry', many: 'entries' }}
          total={data?.total}
          loading={loading}
          description={filtered ? 'Matching the search and filters.' : 'Newest first. Refreshes as cycles run.'}
          actions={filtered && <ClearFiltersButton onClear={view.clearFilters} />}
          filtersLabel="Search and filter provisioning logs"
          filters={<LogFilterBar view={view} />}
          // the simulator's own wording (not-built says what to do), rather than the list frame's generic one
          error={undefined}
          onRetry={reload}
        >
          {error && (
            <div className="directory-notice">
              <SimErrorNotice error={error} doing="load the provisioning logs" onRetry={reload} />
            </div>
          )}
          {data && data.total === 0 && (
            <EmptyState>
              {filtered ? (
                <NoMatches message="No log entries match these filters." onClear={view.clearFilters} />
              ) : (
                <div className="stack">
                  <strong className="empty-title">No provisioning logs yet</strong>
                  <span>Start provisioning on the enterprise app, or provision a user on demand: each change it makes is logged here.</span>
                  <span>
                    <Button variant="secondary" size="sm" onClick={() => navigate('/sim/on-demand')}>
                      Provision on demand
                    </Button>
                  </span>
                </div>
              )}
            </EmptyState>
          )}
          {data && data.items.length > 0 && (
            <>
              <div className="table-wrap">
                <table className="table directory-table simx-logs-table" aria-label="Provisioning logs" aria-busy={loading || undefined}>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Identity</th>
                      <th scope="col">Action</th>
                      <th scope="col" className="simx-col-ids">
                        Source ID
                      </th>
                      <th scope="col" className="simx-col-ids">
                        Target ID
                      </th>
                      <th scope="col">Status</th>
                      <th scope="col">Error code</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((row) => (
                      <tr
                        key={row.id}
                        {...openableRow(() => open(row), `Open log entry: ${row.action} ${row.identity.displayName}, ${row.status}`)}
                        aria-selected={row.id === selectedId}
                        className={`clickable${row.status === 'Failure' ? ' simx-row-failure' : ''}`}
                      >
                        <td className="muted" title={formatDate(row.activityDateTime)}>
                          {formatDate(row.activityDateTime, 'short')}
                        </td>
                        <td className="cell-strong cell-clip" title={row.identity.displayName}>
                          {row.identity.displayName}
                          <span className="muted small simx-identity-type"> {row.identity.type}</span>
                          {row.onDemand && (
                            <>
                              {' '}
                              <Badge>On demand</Badge>
                            </>
                          )}
                        </td>
                        <td>{row.action}</td>
                        <td className="mono small cell-clip simx-col-ids" title={row.identity.id}>
                          {row.identity.id}
                        </td>
                        <td className="mono small cell-clip simx-col-ids" title={row.targetId}>
                          {row.targetId || <span className="muted">—</span>}
                        </td>
                        <td>
                          <StatusBadge status={row.status} />
                        </td>
                        <td className="mono small">{row.errorCode || <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination offset={view.offset} limit={LOGS_PAGE_SIZE} total={data.total} onChange={setOffset} />
            </>
          )}
        </DirectoryListCard>
        {selectedId && (
          <LogDetail
            id={selectedId}
            navigate={navigate}
            onClose={() => navigate('/sim/logs')}
            onFilterCycle={(cycleId) => {
              view.setFilters({ cycleId })
            }}
          />
        )}
      </div>
    </>
  )
}

function LogFilterBar({ view }: { view: LogFilters & { setFilters(patch: Partial<LogFilters>): void } }): React.JSX.Element {
  return (
    <>
      <SearchBox
        value={view.search}
        onSearch={(search) => view.setFilters({ search })}
        label="Search by identity name or id"
        placeholder="Search by name or id…"
      />
      <select aria-label="Action" value={view.action} onChange={(e) => view.setFilters({ action: e.currentTarget.value })}>
        <option value="">All actions</option>
        {LOG_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select aria-label="Status" value={view.status} onChange={(e) => view.setFilters({ status: e.currentTarget.value as LogFilters['status'] })}>
        <option value="">All statuses</option>
        {LOG_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label="Identity type"
        value={view.identityType}
        onChange={(e) => view.setFilters({ identityType: e.currentTarget.value as LogFilters['identityType'] })}
      >
        <option value="">Users and groups</option>
        <option value="User">Users</option>
        <option value="Group">Groups</option>
      </select>
      <CycleFilter value={view.cycleId} onChange={(cycleId) => view.setFilters({ cycleId })} />
    </>
  )
}

/** The cycle filter: a cycle id typed or pasted (Enter applies), or set from an entry's Summary. */
function CycleFilter({ value, onChange }: { value: string; onChange: (cycleId: string) => void }): React.JSX.Element {
  const [draft, setDraft] = useState(value)
  useEffect(() => setDraft(value), [value])
  return (
    <input
      type="text"
      className="simx-cycle-filter mono"
      aria-label="Cycle ID"
      placeholder="Cycle ID"
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={() => draft.trim() !== value && onChange(draft.trim())}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(draft.trim())
        else if (e.key === 'Escape') onChange('')
      }}
    />
  )
}

const MIME = { json: 'application/json', csv: 'text/csv' } as const

/**
 * Download JSON (one minified array) or CSV (three files joined on the change ID), as the portal
 * offers (10.3). CSV cells that start like a spreadsheet formula get a leading ' unless the admin
 * asks for the values exactly as Entra writes them (the checkbox): a display name such as
 * =HYPERLINK(...) must not run when the file is opened.
 */
function DownloadButtons({ view, filtered }: { view: LogFilters; filtered: boolean }): React.JSX.Element {
  const [busy, setBusy] = useState<'json' | 'csv' | null>(null)
  const [asEntraWrites, setAsEntraWrites] = useState(false)
  const show = useToasts((s) => s.show)
  const download = async (format: 'json' | 'csv'): Promise<void> => {
    setBusy(format)
    // the portal downloads the current view: the same search and filters as the table
    const { offset: _offset, limit: _limit, ...filters } = logsQuery({ ...view, offset: 0 })
    const answer = await api.call('sim.logs.export', { format, ...filters, ...(format === 'csv' ? { neutraliseFormulas: !asEntraWrites } : {}) })
    setBusy(null)
    if (!answer.ok) {
      const { title, message } = describeSimError(answer.error, 'download the logs')
      show(`${title}. ${message}`, 'error')
      return
    }
    for (const file of answer.value.files) downloadText(file.name, file.text, MIME[format])
    const what =
      answer.value.files.length === 1 ? answer.value.files[0].name : `${answer.value.files.length} files: ${answer.value.files.map((f) => f.name).join(', ')}`
    show(`Downloaded ${what}${filtered ? ' (the filtered view)' : ''}`)
  }
  return (
    <>
      <Button variant="secondary" busy={busy === 'json'} disabled={busy !== null} onClick={() => void download('json')}>
        Download JSON
      </Button>
      <label
        className="checkbox"
        title="Off (the default): a CSV cell that starts with = + - @, a tab or a carriage return gets a leading ' so a spreadsheet shows it as text instead of running it as a formula (OWASP). On: every value exactly as Entra's download writes it."
      >
        <input type="checkbox" checked={asEntraWrites} onChange={(e) => setAsEntraWrites(e.currentTarget.checked)} />
        CSV exactly as Entra writes it (formulas not neutralised)
      </label>
      <Button
        variant="secondary"
        busy={busy === 'csv'}
        disabled={busy !== null}
        onClick={() => void download('csv')}
        title="Three files joined on the change ID"
      >
        Download CSV
      </Button>
    </>
  )
}
