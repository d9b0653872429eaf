import { memo, useRef, type KeyboardEvent } from 'react'
import type { TrafficEntry } from '@shared/console/api'
import { Badge } from '../../components/ui'
import { formatClock } from '../../lib/format'
import { formatLatency, statusClass } from '../../lib/http-format'
import { readablePath } from '../../lib/traffic-filter'

/** The key of a row: `seq` restarts at 1 when the server restarts, the time tells those apart. */
export const entryKey = (e: TrafficEntry): string => `${e.seq}@${e.time}`

/**
 * The request list, newest first. One row is in the tab order (the selected one, or the first);
 * arrow keys move the selection, Escape closes the detail, as in a list box.
 */
export function TrafficTable({
  rows,
  selected,
  onSelect,
}: {
  rows: TrafficEntry[]
  selected: number | null
  onSelect: (seq: number | null) => void
}): React.JSX.Element {
  const body = useRef<HTMLTableSectionElement>(null)
  const focusIndex = Math.max(0, selected === null ? 0 : rows.findIndex((r) => r.seq === selected))

  const move = (index: number): void => {
    const target = rows[Math.min(Math.max(index, 0), rows.length - 1)]
    if (!target) return
    onSelect(target.seq)
    body.current?.querySelector<HTMLElement>(`tr[data-seq="${target.seq}"]`)?.focus()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>): void => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-seq]')
    const index = row ? rows.findIndex((r) => String(r.seq) === row.dataset.seq) : -1
    switch (e.key) {
      case 'ArrowDown':
        move(index + 1)
        break
      case 'ArrowUp':
        move(index - 1)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(rows.length - 1)
        break
      case 'Enter':
      case ' ':
        if (index >= 0) onSelect(rows[index].seq)
        break
      case 'Escape':
        onSelect(null)
        break
      default:
        return
    }
    e.preventDefault()
  }

  return (
    <div className="table-wrap traffic-table-wrap">
      <table className="table traffic-table" aria-label="SCIM requests, newest first">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Latency
            </th>
            <th scope="col" className="col-rules">
              Leniency rules
            </th>
            <th scope="col" className="col-client">
              Client
            </th>
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {rows.map((entry, i) => (
            <TrafficRow key={entryKey(entry)} entry={entry} selected={entry.seq === selected} focusable={i === focusIndex} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

const TrafficRow = memo(function TrafficRow({
  entry,
  selected,
  focusable,
  onSelect,
}: {
  entry: TrafficEntry
  selected: boolean
  focusable: boolean
  onSelect: (seq: number) => void
}): React.JSX.Element {
  const cls = statusClass(entry.status)
  const path = readablePath(entry.path)
  return (
    <tr
      data-seq={entry.seq}
      className={`clickable traffic-row traffic-${cls}${entry.status >= 400 ? ' row-error' : ''}`}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      onClick={() => onSelect(entry.seq)}
    >
      <td className="mono nowrap" title={new Date(entry.time).toString()}>
        {formatClock(entry.time)}
      </td>
      <td>
        <span className={`method method-${entry.method.toLowerCase()}`}>{entry.method}</span>
      </td>
      <td className="mono traffic-path" title={path}>
        {path}
      </td>
      <td>
        <span className={`status-code status-${cls}`}>{entry.status}</span>
      </td>
      <td className={`num mono nowrap${entry.durationMs >= 1000 ? ' slow' : ''}`}>{formatLatency(entry.durationMs)}</td>
      <td className="col-rules">
        <RuleBadges rules={entry.rules} max={2} />
      </td>
      <td className="col-client">
        <ClientBadge client={entry.client} />
      </td>
    </tr>
  )
})

/** Leniency rule names as badges; past `max`, a "+N" badge whose tooltip lists the rest. */
export function RuleBadges({ rules, max }: { rules: string[]; max?: number }): React.JSX.Element | null {
  if (rules.length === 0) return null
  const shown = max === undefined ? rules : rules.slice(0, max)
  const rest = rules.slice(shown.length)
  return (
    <span className="rule-badges">
      {shown.map((rule) => (
        <Badge key={rule} tone="warn">
          {rule}
        </Badge>
      ))}
      {rest.length > 0 && (
        <span title={rest.join(', ')} aria-label={`and ${rest.length} more: ${rest.join(', ')}`}>
          <Badge tone="warn">+{rest.length}</Badge>
        </span>
      )}
    </span>
  )
}

export function ClientBadge({ client }: { client: TrafficEntry['client'] }): React.JSX.Element {
  return client === 'simulator' ? <Badge tone="accent">Simulator</Badge> : <Badge>External</Badge>
}
