/*
 * The HTTP exchanges behind a simulator result (Provision on demand, a log entry), each a row that
 * opens to its headers and bodies. Bodies are pretty-printed by lib/http-format, as on the
 * Traffic screen, so an exchange reads the same on every screen.
 */
import { useId, useState } from 'react'
import { Badge, Notice } from './ui'
import { formatLatency, prettyBody, statusClass, statusText } from '../lib/http-format'
import type { SimExchange } from '../lib/sim-types'

/** The path and query of a URL, for a compact row; the full URL stays in the title. */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return decodeURIComponent(parsed.pathname + parsed.search)
  } catch {
    return url
  }
}

/** Every HTTP exchange behind a result, each a row that expands to its headers and bodies. */
export function ExchangeList({ exchanges, label = 'HTTP exchanges' }: { exchanges: readonly SimExchange[]; label?: string }): React.JSX.Element {
  if (exchanges.length === 0) return <p className="muted small">No HTTP request was sent.</p>
  return (
    <ol className="simx-exchanges" aria-label={label}>
      {exchanges.map((exchange, i) => (
        <ExchangeItem key={i} exchange={exchange} index={i} />
      ))}
    </ol>
  )
}

function ExchangeItem({ exchange, index }: { exchange: SimExchange; index: number }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const { request, response, error } = exchange
  const method = request.method.toUpperCase()
  const status = response?.status
  return (
    <li className="simx-exchange">
      <button type="button" className="simx-exchange-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} title={request.url}>
        <span className="simx-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="simx-exchange-index muted">{index + 1}</span>
        <span className={`method method-${method.toLowerCase()}`}>{method}</span>
        <span className="simx-exchange-url mono">{shortUrl(request.url)}</span>
        {status !== undefined ? (
          <span className={`status-code status-${statusClass(status)}`}>
            {status} {statusText(status)}
          </span>
        ) : (
          <Badge tone="danger">{error ? error.kind : 'no response'}</Badge>
        )}
        {exchange.durationMs !== undefined && <span className="muted small simx-latency">{formatLatency(exchange.durationMs)}</span>}
      </button>
      {open && (
        <div id={panelId} className="simx-exchange-body">
          <code className="traffic-detail-path">
            {method} {request.url}
          </code>
          {error && (
            <Notice tone="error" title={error.kind === 'timeout' ? 'Timed out' : error.kind === 'aborted' ? 'Stopped' : 'Network failure'}>
              {error.message}
            </Notice>
          )}
          <div className="simx-exchange-cols">
            <HttpMessage title="Request" headers={request.headers} body={request.body} />
            {response ? (
              <HttpMessage title={`Response ${response.status}`} headers={response.headers} body={response.body} />
            ) : (
              <p className="muted small">No response arrived.</p>
            )}
          </div>
        </div>
      )}
    </li>
  )
}

function HttpMessage({ title, headers, body }: { title: string; headers?: Record<string, string>; body?: string }): React.JSX.Element {
  const pretty = prettyBody(body)
  const headerList = Object.entries(headers ?? {})
  return (
    <div className="stack simx-http-message">
      <h4 className="small">{title}</h4>
      {headerList.length > 0 && (
        <dl className="simx-headers mono" aria-label={`${title} headers`}>
          {headerList.map(([name, value]) => (
            <div key={name}>
              <dt>{name}:</dt> <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {pretty ? (
        <pre tabIndex={0} aria-label={`${title} body`}>
          {pretty.text}
        </pre>
      ) : (
        <p className="muted small">No body.</p>
      )}
    </div>
  )
}
