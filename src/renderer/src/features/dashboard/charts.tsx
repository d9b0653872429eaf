import type { DashboardView } from '@shared/console/api'

/*
 * Two small charts drawn with CSS and SVG: no chart library for a bar list and 30 bars. Each
 * chart carries its numbers as text (or an accessible label), so nothing is colour-only.
 */

/** Active and inactive users per CAL as horizontal stacked bars, in catalogue order. */
export function CalBars({ byCal }: { byCal: DashboardView['byCal'] }): React.JSX.Element {
  const max = Math.max(1, ...byCal.map((c) => c.active + c.inactive))
  return (
    <div className="cal-chart">
      <ul className="cal-bars" aria-label="Users per CAL">
        {byCal.map((c) => {
          const total = c.active + c.inactive
          return (
            <li key={c.cal} className={`cal-bar-row${total === 0 ? ' cal-empty' : ''}`}>
              <span className="cal-name" title={c.cal}>
                {c.cal}
              </span>
              <span className="cal-bar" aria-hidden="true">
                <span className="seg seg-active" style={{ width: `${(c.active / max) * 100}%` }} />
                <span className="seg seg-inactive" style={{ width: `${(c.inactive / max) * 100}%` }} />
              </span>
              <span className="cal-counts">
                <strong>{c.active.toLocaleString()}</strong> active · {c.inactive.toLocaleString()} inactive
              </span>
            </li>
          )
        })}
      </ul>
      <div className="legend small muted" aria-hidden="true">
        <span>
          <span className="swatch seg-active" /> Active
        </span>
        <span>
          <span className="swatch seg-inactive" /> Inactive
        </span>
      </div>
    </div>
  )
}

const clock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })

/** Requests per minute for the last 30 minutes, errors in red at the foot of each bar. */
export function RequestRateChart({ rate }: { rate: DashboardView['requestRate'] }): React.JSX.Element {
  const total = rate.reduce((n, m) => n + m.requests, 0)
  const errors = rate.reduce((n, m) => n + m.errors, 0)
  const peak = Math.max(0, ...rate.map((m) => m.requests))
  const scale = Math.max(1, peak)
  const width = 10
  const height = 60
  const summary = `${total.toLocaleString()} requests in the last ${rate.length} minutes, ${errors.toLocaleString()} errors, at most ${peak.toLocaleString()} in one minute`
  return (
    <div className="rate-chart">
      <div className="rate-stats">
        <Stat label="Requests" value={total} />
        <Stat label="Errors" value={errors} tone={errors > 0 ? 'danger' : undefined} />
        <Stat label="Peak per minute" value={peak} />
        <Stat label="This minute" value={rate.at(-1)?.requests ?? 0} />
      </div>
      <svg className="rate-bars" viewBox={`0 0 ${rate.length * width} ${height}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        <line className="rate-axis" x1="0" x2={rate.length * width} y1={height - 0.5} y2={height - 0.5} />
        {rate.map((m, i) => {
          const h = (m.requests / scale) * (height - 2)
          const e = (m.errors / scale) * (height - 2)
          return (
            <g key={m.minute}>
              <title>{`${clock(m.minute)}: ${m.requests} request${m.requests === 1 ? '' : 's'}, ${m.errors} error${m.errors === 1 ? '' : 's'}`}</title>
              {/* a full-height transparent hit area, so the tooltip shows on empty minutes too */}
              <rect x={i * width} y={0} width={width} height={height} fill="transparent" />
              {h > 0 && <rect className="rate-ok" x={i * width + 1.5} y={height - h} width={width - 3} height={h} />}
              {e > 0 && <rect className="rate-err" x={i * width + 1.5} y={height - e} width={width - 3} height={e} />}
            </g>
          )
        })}
      </svg>
      <div className="rate-axis-labels small muted" aria-hidden="true">
        <span>{rate[0] ? clock(rate[0].minute) : ''}</span>
        <span>now</span>
      </div>
    </div>
  )
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'danger' }): React.JSX.Element {
  return (
    <div className={`mini-stat${tone ? ` mini-stat-${tone}` : ''}`}>
      <span className="mini-stat-value">{value.toLocaleString()}</span>
      <span className="mini-stat-label">{label}</span>
    </div>
  )
}
