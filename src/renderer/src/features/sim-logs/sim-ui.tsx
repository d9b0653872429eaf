/**
 * Pieces the simulated Entra ID screens share (Provision on demand, Provisioning logs, Scenarios,
 * Resulting user state): errors worded for a person, Entra's status icons, "View details"
 * key/value lists, and the HTTP exchanges behind a result. HTTP bodies are pretty-printed by the
 * Traffic screen's helpers, so an exchange reads the same on every screen.
 */
import { useId, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Badge, Button, Notice } from '../../components/ui'
import { statusText } from '../traffic/har'
import { formatLatency, prettyBody, statusClass } from '../traffic/traffic-format'
import type { SimExchange } from './sim-types'

/** A console error as a title and a sentence saying what to do; `offline` is the harness not answering at all. */
export function describeSimError(error: ConsoleError, doing: string): { title: string; message: string } {
  if (error.code === 'offline') return { title: 'The harness does not answer', message: error.message }
  return { title: `Could not ${doing}`, message: error.message }
}

/** An error notice for a sim.* call, with Retry when the call can simply be made again. */
export function SimErrorNotice({ error, doing, onRetry }: { error: ConsoleError; doing: string; onRetry?: () => void }): React.JSX.Element {
  const { title, message } = describeSimError(error, doing)
  return (
    <Notice
      tone="error"
      title={title}
      action={
        onRetry ? (
          <Button variant="secondary" size="sm" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      {message}
    </Notice>
  )
}

type Tone = 'ok' | 'danger' | 'warn' | 'neutral'

/** success/Success/ok → ok, failure/error → danger, warning → warn, skipped and the rest → neutral. */
export function statusTone(status: string): Tone {
  const s = status.toLowerCase()
  if (s === 'success' || s === 'ok' || s === 'passed') return 'ok'
  if (s === 'failure' || s === 'error' || s === 'failed') return 'danger'
  if (s === 'warning') return 'warn'
  return 'neutral'
}

const GLYPH: Record<Tone, string> = { ok: '✓', danger: '✕', warn: '!', neutral: '–' }

/** Entra's round status icon; the status is spoken, the glyph is not. */
export function StatusIcon({ status, label }: { status: string; label?: string }): React.JSX.Element {
  const tone = statusTone(status)
  return (
    <span className={`simx-status-icon simx-tone-${tone}`} role="img" aria-label={label ?? status} title={label ?? status}>
      <span aria-hidden="true">{GLYPH[tone]}</span>
    </span>
  )
}

/** A status as a badge with its dot: Success, Failure, Skipped, Warning. */
export function StatusBadge({ status }: { status: string }): React.JSX.Element {
  const tone = statusTone(status)
  return (
    <Badge tone={tone === 'neutral' ? 'neutral' : tone} dot>
      {status}
    </Badge>
  )
}

/** What "View details" lists: names and values, long values wrapping. */
export function DetailsList({
  details,
  label,
  empty = 'No details.',
}: {
  details: Record<string, string> | undefined
  label: string
  empty?: string
}): React.JSX.Element {
  const entries = Object.entries(details ?? {})
  if (entries.length === 0) return <p className="muted small">{empty}</p>
  return (
    <dl className="kv simx-details" aria-label={label}>
      {entries.map(([name, value]) => (
        <div key={name} className="simx-detail-row">
          <dt>{name}</dt>
          <dd>{value === '' ? <span className="muted">(empty)</span> : value}</dd>
        </div>
      ))}
    </dl>
  )
}

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

/** A collapsible section of a card (the exchanges behind a result): closed by default, keyboard-operable. */
export function Disclosure({
  summary,
  children,
  defaultOpen = false,
}: {
  summary: React.ReactNode
  children: React.ReactNode
  defaultOpen?: boolean
}): React.JSX.Element {
  const [open, setOpen] = useState(defaultOpen)
  const id = useId()
  return (
    <div className="simx-disclosure">
      <button type="button" className="simx-disclosure-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span className="simx-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {summary}
      </button>
      {open && (
        <div id={id} className="simx-disclosure-body">
          {children}
        </div>
      )}
    </div>
  )
}
