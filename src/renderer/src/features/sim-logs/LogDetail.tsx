import { useState } from 'react'
import { Badge, Button, Notice, Spinner, Tabs } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { useConsoleQuery } from '../../lib/use-console'
import { RouteLink } from '../../components/directory-ui'
import { formatLatency } from '../../lib/http-format'
import { DetailsList, SimErrorNotice, StatusBadge, StatusIcon } from '../../components/sim-ui'
import { ExchangeList } from '../../components/exchange-list'
import type { SimLogEntry } from '../../lib/sim-types'

type DetailTab = 'steps' | 'troubleshooting' | 'modified' | 'summary' | 'http'

const TABS: { id: DetailTab; label: string }[] = [
  { id: 'steps', label: 'Steps' },
  { id: 'troubleshooting', label: 'Troubleshooting & Recommendations' },
  { id: 'modified', label: 'Modified Properties' },
  { id: 'summary', label: 'Summary' },
  { id: 'http', label: 'Raw HTTP' },
]

/**
 * One provisioning log entry as the portal's detail pane shows it (azure-ad-provisioning.md 10.1:
 * Steps, Troubleshooting & Recommendations, Modified Properties, Summary), plus the HTTP
 * exchanges behind it, which the portal does not show and a support engineer needs most.
 */
export function LogDetail({
  id,
  onClose,
  onFilterCycle,
  navigate,
}: {
  id: string
  onClose: () => void
  onFilterCycle: (cycleId: string) => void
  navigate: (path: string) => void
}): React.JSX.Element {
  const { data, error, loading, reload } = useConsoleQuery('sim.logs.get', { id })
  const [tab, setTab] = useState<DetailTab>('steps')
  const entry = data && data.id === id ? data : undefined

  return (
    <section className="card traffic-detail simx-log-detail" aria-label="Log entry details">
      <div className="card-header">
        <div className="stack simx-detail-title">
          {entry ? (
            <>
              <h2>{entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.id}</h2>
              <span className="row">
                <Badge>{entry.sourceIdentity.type}</Badge>
                <Badge tone="accent">{entry.action}</Badge>
                <StatusBadge status={entry.status} />
                {entry.onDemand && <Badge>On demand</Badge>}
              </span>
            </>
          ) : (
            <h2>Log entry</h2>
          )}
        </div>
        <div className="actions">
          <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close details">
            ✕
          </Button>
        </div>
      </div>
      <div className="card-body">
        {error && <SimErrorNotice error={error} doing="load this log entry" onRetry={reload} />}
        {!entry && loading && !error && <Spinner label="Loading the entry" />}
        {entry && (
          <>
            <Tabs<DetailTab> label="Log entry sections" value={tab} onChange={setTab} tabs={TABS} />
            <div role="tabpanel" aria-label={TABS.find((t) => t.id === tab)!.label} className="simx-tabpanel">
              {tab === 'steps' && <StepsTab entry={entry} />}
              {tab === 'troubleshooting' && <TroubleshootingTab entry={entry} />}
              {tab === 'modified' && <ModifiedTab entry={entry} />}
              {tab === 'summary' && <SummaryTab entry={entry} onFilterCycle={onFilterCycle} navigate={navigate} />}
              {tab === 'http' && <ExchangeList exchanges={entry.exchanges} label="HTTP exchanges of this entry" />}
            </div>
          </>
        )}
      </div>
    </section>
  )
}

function StepsTab({ entry }: { entry: SimLogEntry }): React.JSX.Element {
  if (entry.steps.length === 0) return <p className="muted">This entry has no steps.</p>
  return (
    <ol className="simx-steps" aria-label="Steps">
      {entry.steps.map((step, i) => (
        <li key={i} className={`simx-step simx-step-${step.status.toLowerCase()}`}>
          <div className="simx-step-head">
            <StatusIcon status={step.status} />
            <div className="simx-step-title">
              <strong>
                {i + 1}. {step.name}
              </strong>
              <span className="small">{step.description}</span>
              <span className="muted small">
                {step.type} · {step.status}
              </span>
            </div>
          </div>
          {Object.keys(step.details).length > 0 && (
            <div className="simx-step-details">
              <DetailsList details={step.details} label={`${step.name} details`} />
            </div>
          )}
        </li>
      ))}
    </ol>
  )
}

function TroubleshootingTab({ entry }: { entry: SimLogEntry }): React.JSX.Element {
  const info = entry.statusInfo
  if (!info) {
    return (
      <Notice tone="ok" title="No troubleshooting needed">
        {entry.status === 'Success' ? 'This change succeeded.' : `The status is ${entry.status}, with no error recorded.`}
      </Notice>
    )
  }
  return (
    <div className="stack">
      <Notice tone={entry.status === 'Failure' ? 'error' : 'warn'} title={`Error code: ${info.errorCode}`}>
        {info.reason}
      </Notice>
      <dl className="kv">
        <dt>Error code</dt>
        <dd className="mono">{info.errorCode}</dd>
        <dt>Reason</dt>
        <dd>{info.reason}</dd>
        <dt>Recommendation</dt>
        <dd>{info.recommendedAction ?? <span className="muted">No recommendation recorded for this code.</span>}</dd>
      </dl>
    </div>
  )
}

function ModifiedTab({ entry }: { entry: SimLogEntry }): React.JSX.Element {
  if (entry.modifiedProperties.length === 0) return <p className="muted">No properties were modified.</p>
  return (
    <div className="table-wrap">
      <table className="table simx-modified" aria-label="Modified properties">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Old value</th>
            <th scope="col">New value</th>
          </tr>
        </thead>
        <tbody>
          {entry.modifiedProperties.map((p, i) => (
            <tr key={`${p.displayName}-${i}`}>
              <td className="mono">{p.displayName}</td>
              <td className="simx-old">{p.oldValue ?? <span className="muted">(none)</span>}</td>
              <td className="simx-new">{p.newValue ?? <span className="muted">(none)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function SummaryTab({
  entry,
  onFilterCycle,
  navigate,
}: {
  entry: SimLogEntry
  onFilterCycle: (cycleId: string) => void
  navigate: (path: string) => void
}): React.JSX.Element {
  const source = entry.sourceIdentity
  const target = entry.targetIdentity
  const isUser = source.type === 'User'
  return (
    <dl className="kv simx-summary">
      <dt>Date</dt>
      <dd>{`${formatDate(entry.activityDateTime)} (${entry.activityDateTime})`}</dd>
      <dt>Duration</dt>
      <dd>{formatLatency(entry.durationMs)}</dd>
      <dt>Log ID</dt>
      <dd className="mono">{entry.id}</dd>
      <dt>Cycle ID</dt>
      <dd>
        <span className="mono">{entry.cycleId}</span>{' '}
        <button type="button" className="link-button small" onClick={() => onFilterCycle(entry.cycleId)}>
          Show this cycle only
        </button>
      </dd>
      <dt>Change ID</dt>
      <dd className="mono">{entry.changeId}</dd>
      <dt>Source system</dt>
      <dd>Azure Active Directory (simulated)</dd>
      <dt>Source ID</dt>
      <dd>
        <span className="mono">{source.id}</span>
        {isUser && (
          <>
            {' '}
            <RouteLink to={`/sim/compare/${encodeURIComponent(source.id)}`} navigate={navigate} className="small">
              Resulting user state
            </RouteLink>
          </>
        )}
      </dd>
      <dt>Source name</dt>
      <dd>{source.displayName || '—'}</dd>
      <dt>Target ID</dt>
      <dd>
        {target.id ? (
          <>
            <span className="mono">{target.id}</span>
            {isUser && (
              <>
                {' '}
                <RouteLink to={`/users/${encodeURIComponent(target.id)}`} navigate={navigate} className="small">
                  Open harness user
                </RouteLink>
              </>
            )}
          </>
        ) : (
          <span className="muted">None: no target object was found or created</span>
        )}
      </dd>
      <dt>Target name</dt>
      <dd>{target.displayName || '—'}</dd>
      <dt>Provisioned on demand</dt>
      <dd>{entry.onDemand ? 'Yes' : 'No (a provisioning cycle)'}</dd>
    </dl>
  )
}
