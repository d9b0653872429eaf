import { useState } from 'react'
import type { TrafficEntry } from '@shared/console/api'
import { Badge, Button, Notice, Tabs } from '../../components/ui'
import { CopyButton } from '../../components/copy-button'
import { statusText, formatLatency, prettyBody, statusClass } from '../../lib/http-format'
import { readablePath } from '../../lib/traffic-filter'
import { formatDate } from '../../lib/format'
import { ClientBadge } from './TrafficTable'
import { useVocabulary } from '../../stores/vocabulary-store'

type BodyTab = 'request' | 'response'

/** One exchange: what was asked, what the server answered, which leniency rules it applied. */
export function TrafficDetail({ entry, onClose }: { entry: TrafficEntry; onClose: () => void }): React.JSX.Element {
  const [tab, setTab] = useState<BodyTab>(entry.requestBody ? 'request' : 'response')
  const cls = statusClass(entry.status)
  const body = prettyBody(tab === 'request' ? entry.requestBody : entry.responseBody)
  return (
    <section className="card traffic-detail" aria-label="Request details">
      <div className="card-header">
        <div className="traffic-detail-title">
          <span className={`method method-${entry.method.toLowerCase()}`}>{entry.method}</span>
          <span className={`status-code status-${cls}`}>
            {entry.status} {statusText(entry.status)}
          </span>
        </div>
        <div className="actions">
          <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close details">
            ✕
          </Button>
        </div>
      </div>
      <div className="card-body">
        <code className="traffic-detail-path">{readablePath(entry.path)}</code>
        {entry.error && (
          <Notice tone="error" title="Server error">
            {entry.error}
          </Notice>
        )}
        <dl className="kv">
          <dt>Time</dt>
          <dd>{formatDate(entry.time, 'seconds')}</dd>
          <dt>Latency</dt>
          <dd>{formatLatency(entry.durationMs)}</dd>
          <dt>Client</dt>
          <dd>
            <ClientBadge client={entry.client} />
          </dd>
          <dt>User agent</dt>
          <dd className="mono">{entry.userAgent ?? '—'}</dd>
          <dt>Leniency rules</dt>
          <dd>{entry.rules.length > 0 ? <FiredRules rules={entry.rules} /> : <span className="muted">None: the request was standard SCIM</span>}</dd>
        </dl>
        <Tabs<BodyTab>
          label="Bodies"
          value={tab}
          onChange={setTab}
          tabs={[
            { id: 'request', label: 'Request body' },
            { id: 'response', label: 'Response body' },
          ]}
        />
        {body ? (
          <div className="stack traffic-body">
            <div className="row small muted">
              {body.json ? <Badge>JSON</Badge> : <Badge>Text</Badge>}
              {body.clipped && <Badge tone="warn">Clipped at 16 KiB</Badge>}
              <span className="spacer" />
              <CopyButton text={body.text}>Copy body</CopyButton>
            </div>
            <pre aria-label={tab === 'request' ? 'Request body' : 'Response body'}>{body.text}</pre>
          </div>
        ) : (
          <p className="muted small">{tab === 'request' ? 'No request body.' : 'No response body.'}</p>
        )}
      </div>
    </section>
  )
}

/**
 * The rules the server applied, each with what it tolerates and where that comes from (the
 * catalogue vocabulary.get serves). Until the catalogue has arrived, or for a rule it does not
 * know (a newer server), the name alone is shown.
 */
function FiredRules({ rules }: { rules: string[] }): React.JSX.Element {
  const catalogue = useVocabulary()?.leniencyRules
  const byName = new Map(catalogue?.map((rule) => [rule.name, rule]))
  return (
    <ul className="fired-rules" aria-label="Leniency rules applied">
      {rules.map((name) => {
        const rule = byName.get(name)
        return (
          <li key={name}>
            <Badge tone="warn">{name}</Badge>
            {rule && (
              <span className="small">
                {' '}
                {rule.summary} <span className="muted">({rule.source})</span>
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
