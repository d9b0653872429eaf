import { useEffect, useState } from 'react'
import type { PortalView, TunnelState } from '@shared/console/api'
import { Badge, Button, Card, CopyField, EmptyState, Notice, PageHeader, Spinner } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useStatus } from '../../stores/status-store'
import { storedAgentUrl } from '../../lib/agent-url'
import { usePublicTunnel } from '../../lib/use-public-tunnel'
import { CalBars, RequestRateChart } from './charts'

/** The request rate moves with every request, not with workspace changes: poll it. */
export const RATE_REFRESH_MS = 15_000

/** Dashboard: the server's state, users per CAL, and the request rate of the last 30 minutes. */
export function DashboardPage(): React.JSX.Element {
  const dashboard = useConsoleQuery('dashboard.get', undefined, { live: true })
  const portal = useConsoleQuery('portal.get', undefined, { live: true })
  const { reload } = dashboard

  useEffect(() => {
    const timer = setInterval(reload, RATE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])

  const data = dashboard.data
  const empty = data !== undefined && data.users.total === 0 && data.groups === 0

  return (
    <>
      <PageHeader title="Dashboard" description="The SCIM server at a glance: where it listens, who it has provisioned, and how busy it is." />

      {dashboard.error && (
        <Notice
          tone="error"
          title="Could not load the dashboard"
          action={
            <Button variant="secondary" onClick={reload}>
              Retry
            </Button>
          }
        >
          {dashboard.error.message}
        </Notice>
      )}

      {portal.data && <SetupChecklist portal={portal.data} empty={empty} />}

      {data ? (
        <div className="stat-tiles">
          <StatTile label="Users" value={data.users.total} />
          <StatTile label="Active" value={data.users.active} tone="ok" />
          <StatTile label="Inactive" value={data.users.inactive} tone="muted" />
          <StatTile label="Groups" value={data.groups} />
        </div>
      ) : (
        !dashboard.error && <Spinner label="Loading the dashboard" />
      )}

      <div className="grid-2">
        <ServerCard />
        <Card title="Users per CAL" description="Active and inactive users by the CAL they hold.">
          {data === undefined ? null : data.byCal.length === 0 || data.users.total === 0 ? (
            <EmptyState>No users yet. Users Entra ID provisions appear here under the CAL the rules give them.</EmptyState>
          ) : (
            <CalBars byCal={data.byCal} />
          )}
        </Card>
      </div>

      <Card title="Request rate" description="SCIM requests per minute over the last 30 minutes; errors (4xx and 5xx) in red." actions={<TrafficLink />}>
        {data ? <RequestRateChart rate={data.requestRate} /> : null}
      </Card>
    </>
  )
}

function TrafficLink(): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  return (
    <Button variant="secondary" size="sm" onClick={() => navigate('/traffic')}>
      Open Traffic
    </Button>
  )
}

function StatTile({ label, value, tone }: { label: string; value: number; tone?: 'ok' | 'muted' }): React.JSX.Element {
  return (
    <div className={`stat-tile${tone ? ` stat-${tone}` : ''}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value.toLocaleString()}</span>
    </div>
  )
}

/**
 * What stands between this harness and a working Entra ID connection, as a checklist; it goes
 * away once everything is done and users have arrived.
 */
function SetupChecklist({ portal, empty }: { portal: PortalView; empty: boolean }): React.JSX.Element | null {
  const navigate = useRouter((s) => s.navigate)
  const steps = [
    { done: portal.settings.defaultCal !== null, label: portal.settings.defaultCal ? `Default CAL: ${portal.settings.defaultCal}` : 'Set a default CAL' },
    { done: portal.tokens.some((t) => t.status === 'active'), label: 'Generate an API token (with an expiry date)' },
    { done: portal.settings.scimEnabled, label: 'Enable SCIM provisioning' },
  ]
  const ready = steps.every((s) => s.done)
  if (ready && !empty) return null
  return (
    <Card
      title={ready ? 'Ready for Entra ID' : 'Set up provisioning'}
      description={
        ready
          ? 'The server accepts provisioning. Point Entra ID at the BASE URI with an API token as the Secret Token; users appear here as they arrive.'
          : 'Set a default CAL and generate an API token in Portal Settings > Apps > Provisioning, then point Entra ID at the BASE URI.'
      }
      actions={
        <>
          <Button variant={ready ? 'secondary' : 'primary'} size="sm" onClick={() => navigate('/settings/provisioning')}>
            Open Provisioning settings
          </Button>
          <Button variant="secondary" size="sm" onClick={() => navigate('/public-url')}>
            Public URL for real Entra ID
          </Button>
        </>
      }
    >
      <ol className="checklist">
        {steps.map((step) => (
          <li key={step.label} className={step.done ? 'done' : ''}>
            <span className="check" aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            {step.label}
            <span className="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
          </li>
        ))}
      </ol>
    </Card>
  )
}

function uptime(startedAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 60_000))
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} days`
}

/** Where the server listens and how Entra ID reaches it (BASE URI, and the tunnel if one runs). */
function ServerCard(): React.JSX.Element {
  const { status, load: loadStatus } = useStatus()
  const navigate = useRouter((s) => s.navigate)
  const [tunnel, setTunnel] = useState<TunnelState>()
  // the harness's own tunnel (Go public) comes first; else an ngrok agent's
  const own = usePublicTunnel().view
  const tenantUrl = own?.state === 'online' ? own.tenantUrl : tunnel?.state === 'found' ? tunnel.tenantUrl : undefined

  useEffect(() => {
    if (!status) void loadStatus()
  }, [status, loadStatus])

  // one quiet look for an ngrok tunnel; the Public URL screen is where detection is explained
  useEffect(() => {
    let live = true
    void api.call('tunnel.detect', { agentUrl: storedAgentUrl() }).then((result) => {
      if (live && result.ok) setTunnel(result.value)
    })
    return () => {
      live = false
    }
  }, [])

  if (!status) return <Card title="Server">{<Spinner label="Connecting to the server" />}</Card>
  return (
    <Card
      title="Server"
      actions={
        <Badge tone="ok" dot>
          Listening
        </Badge>
      }
    >
      <dl className="kv">
        <dt>Listening on</dt>
        <dd>
          <span className="mono">
            {status.host}:{status.port}
          </span>{' '}
          {status.loopback ? <Badge>This machine only</Badge> : <Badge tone="warn">Reachable from the network</Badge>}
        </dd>
        <dt>BASE URI</dt>
        <dd>
          <CopyField value={status.baseUri} label="BASE URI" />
        </dd>
        <dt>Public URL</dt>
        <dd>
          {tenantUrl ? (
            <CopyField value={tenantUrl} label="Tenant URL" />
          ) : (
            <span className="muted">
              {tunnel === undefined ? 'Looking for an ngrok tunnel…' : 'No tunnel detected. '}
              {tunnel !== undefined && (
                <a
                  href="#/public-url"
                  onClick={(e) => {
                    e.preventDefault()
                    navigate('/public-url')
                  }}
                >
                  Set up a public URL
                </a>
              )}
            </span>
          )}
        </dd>
        <dt>Workspace folder</dt>
        <dd className="mono">{status.dataDir}</dd>
        <dt>Version</dt>
        <dd>{status.version}</dd>
        <dt>Started</dt>
        <dd>
          {formatDate(status.startedAt)} <span className="muted">(up {uptime(status.startedAt, Date.now())})</span>
        </dd>
      </dl>
    </Card>
  )
}
