import { useEffect, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import type { SimulatorState } from '@shared/console/simulator-api'
import { Badge, Button, Card, Notice, Spinner, Switch } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { api } from '../../lib/api'
import { useRouter } from '../../stores/router'
import { useSimState, useSimStore } from '../../stores/sim-store'
import { useToasts } from '../../stores/toast-store'
import { ConfirmDialog, SimErrorNotice } from '../../components/sim-ui'
import { appTabPath } from './app-tabs'
import { SPEEDS, formatCountdown, intervalInWords, remainingMs } from './cycle-clock'

type ProvisioningAction = 'start' | 'stop' | 'restart' | 'runNow' | 'allowDeletes'

const DONE: Record<ProvisioningAction, string> = {
  start: 'Provisioning started: the initial cycle runs now',
  stop: 'Provisioning stopped. A cycle already running finishes first.',
  restart: 'Provisioning restarted: the next cycle is an initial cycle',
  runNow: 'The next cycle is running now',
  allowDeletes: 'Deletes allowed: the next cycle sends the staged disables and deletes',
}

/**
 * Overview: the one-click set-up for the offline admin, Provisioning Status with Start, Stop and
 * Restart provisioning, quarantine front and centre, the cycle clock and the current cycle.
 */
export function OverviewTab(): React.JSX.Element {
  const { state, error } = useSimState()
  const accept = useSimStore((s) => s.accept)
  const toast = useToasts((s) => s.show)
  const [busy, setBusy] = useState<ProvisioningAction | 'setup' | 'speed'>()
  const [actionError, setActionError] = useState<ConsoleError>()
  const [confirmRestart, setConfirmRestart] = useState(false)

  if (!state) return error ? <></> : <Spinner label="Loading the provisioning job" />

  const act = async (action: ProvisioningAction): Promise<ConsoleError | undefined> => {
    setBusy(action)
    setActionError(undefined)
    const result = await api.call('sim.provisioning', { action })
    setBusy(undefined)
    if (!result.ok) {
      setActionError(result.error)
      return result.error
    }
    accept(result.value)
    toast(DONE[action])
    return undefined
  }

  const setUp = async (): Promise<void> => {
    setBusy('setup')
    setActionError(undefined)
    const result = await api.call('sim.setupBuiltIn', {})
    setBusy(undefined)
    if (!result.ok) return setActionError(result.error)
    accept(result.value)
    toast('Set up against this harness: Tenant URL and Secret Token saved, and Test Connection passes')
  }

  const setSpeed = async (speed: number): Promise<void> => {
    setBusy('speed')
    const result = await api.call('sim.clock', { speed })
    setBusy(undefined)
    if (result.ok) accept(result.value)
    else toast(result.error.message, 'error')
  }

  const on = state.schedule.status === 'on'
  return (
    <div className="stack">
      {!state.tokenSet && <SetUpCard busy={busy === 'setup'} onSetUp={() => void setUp()} />}
      {actionError && <SimErrorNotice error={actionError} title="The provisioning job refused" />}
      <JobStatus state={state} busy={busy} onRestart={() => setConfirmRestart(true)} onAllowDeletes={() => void act('allowDeletes')} />

      <Card
        title="Provisioning Status"
        description="On: the job runs an initial cycle, then an incremental cycle on Entra's schedule. Off: no cycle is scheduled."
        actions={
          <Button variant="secondary" size="sm" onClick={() => void useSimStore.getState().load()}>
            Refresh
          </Button>
        }
      >
        <div className="sim-status-row">
          <Switch
            checked={on}
            disabled={busy !== undefined}
            onChange={(checked) => void act(checked ? 'start' : 'stop')}
            label={<span>Provisioning Status: {on ? 'On' : 'Off'}</span>}
          />
          <span className="spacer" />
          {on ? (
            <Button variant="secondary" busy={busy === 'stop'} disabled={busy !== undefined} onClick={() => void act('stop')}>
              Stop provisioning
            </Button>
          ) : (
            <Button
              busy={busy === 'start'}
              disabled={busy !== undefined || !state.tokenSet}
              onClick={() => void act('start')}
              title={state.tokenSet ? undefined : 'Set the Admin Credentials first'}
            >
              Start provisioning
            </Button>
          )}
          <Button variant="secondary" busy={busy === 'restart'} disabled={busy !== undefined} onClick={() => setConfirmRestart(true)}>
            Restart provisioning
          </Button>
        </div>
      </Card>

      <CycleCard state={state} busy={busy} onRunNow={() => void act('runNow')} onSpeed={(s) => void setSpeed(s)} />
      <StatisticsCard state={state} />

      {confirmRestart && (
        <ConfirmDialog
          title="Restart provisioning?"
          confirmLabel="Restart provisioning"
          onConfirm={() => act('restart')}
          onClose={() => setConfirmRestart(false)}
        >
          <p>Restarting clears the job's state, as in Entra:</p>
          <ul className="sim-list">
            <li>
              the watermark: the next cycle is an <strong>initial cycle</strong> that evaluates every user and group again;
            </li>
            <li>escrow: failed objects are retried now instead of on their retry schedule;</li>
            <li>quarantine: the job leaves it and runs on the normal schedule.</li>
          </ul>
          <p className="muted">Links between source and target objects are kept: users already provisioned are matched by their target id.</p>
        </ConfirmDialog>
      )}
    </div>
  )
}

function SetUpCard({ busy, onSetUp }: { busy: boolean; onSetUp: () => void }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  return (
    <section className="sim-setup" aria-labelledby="sim-setup-title">
      <div className="stack">
        <h2 id="sim-setup-title">Set up against this harness</h2>
        <p>
          One click does what the Azure walkthrough asks for: the Tenant URL becomes this harness's Base URI, a fresh API token becomes the Secret Token, and
          the portal gets a default CAL and is enabled if it was not. Then assign users and start provisioning.
        </p>
        <div className="row">
          <Button className="sim-setup-button" busy={busy} onClick={onSetUp}>
            Set up against this harness
          </Button>
          <Button variant="ghost" onClick={() => navigate(appTabPath('credentials'))}>
            Enter Admin Credentials instead
          </Button>
        </div>
      </div>
    </section>
  )
}

function JobStatus({
  state,
  busy,
  onRestart,
  onAllowDeletes,
}: {
  state: SimulatorState
  busy: string | undefined
  onRestart: () => void
  onAllowDeletes: () => void
}): React.JSX.Element | null {
  const { job } = state
  if (job.state === 'quarantined') {
    return (
      <div className="sim-quarantine">
        <Notice
          tone="error"
          title="The provisioning job is in quarantine"
          action={
            <Button variant="danger" busy={busy === 'restart'} onClick={onRestart}>
              Restart provisioning
            </Button>
          }
        >
          <p>{job.reason ?? 'The job stopped sending changes.'}</p>
          <p className="muted small">
            {job.since ? `Since ${formatDate(job.since)}. ` : ''}In quarantine, cycles run once a day; the job leaves quarantine on the first cycle in which the
            cause no longer holds. Fix the cause (credentials, the target's answers, too many failures), then restart provisioning.
          </p>
        </Notice>
      </div>
    )
  }
  if (job.state === 'stagedDeletes') {
    return (
      <Notice
        tone="warn"
        title="Deletes are on hold (Prevent accidental deletions)"
        action={
          <Button variant="secondary" busy={busy === 'allowDeletes'} onClick={onAllowDeletes}>
            Allow deletes
          </Button>
        }
      >
        <p>{job.reason ?? 'A cycle would disable or delete more objects than the threshold allows: none of them was sent.'}</p>
        <p className="muted small">Allow deletes lets the next cycle send them all; undoing the change (reassigning) lets the job carry on without them.</p>
      </Notice>
    )
  }
  return null
}

/** The countdown to the next cycle, ticking every second from the last state the server sent. */
function NextCycle({ state }: { state: SimulatorState }): React.JSX.Element {
  const receivedAt = useSimStore((s) => s.receivedAt)
  const [, tick] = useState(0)
  const scheduled = state.schedule.nextCycleAt !== null
  useEffect(() => {
    if (!scheduled) return
    const timer = setInterval(() => tick((n) => n + 1), 250)
    return () => clearInterval(timer)
  }, [scheduled])
  const remaining = remainingMs(state.schedule, performance.now() - receivedAt)
  if (state.schedule.running) return <span className="sim-clock-value sim-clock-idle">Cycle running</span>
  if (remaining === null)
    return <span className="sim-clock-value sim-clock-idle">{state.schedule.status === 'on' ? 'Not scheduled' : 'Provisioning is off'}</span>
  return (
    <span className="sim-clock-value" aria-live="off">
      <span className="visually-hidden">Next cycle in </span>
      {formatCountdown(remaining)}
    </span>
  )
}

function CycleCard({
  state,
  busy,
  onRunNow,
  onSpeed,
}: {
  state: SimulatorState
  busy: string | undefined
  onRunNow: () => void
  onSpeed: (speed: number) => void
}): React.JSX.Element {
  const { progress, lastCycle, schedule } = state
  const speeds = SPEEDS.some((s) => s.speed === schedule.speed) ? SPEEDS : [...SPEEDS, { speed: schedule.speed, label: `${schedule.speed}×` }]
  const quarantined = state.job.state === 'quarantined'
  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0
  return (
    <Card title="Current cycle status">
      <div className="sim-cycle-grid">
        <div className="sim-clock" role="group" aria-label="Next cycle">
          <span className="stat-label">Next cycle in</span>
          <NextCycle state={state} />
          <span className="muted small">
            Incremental cycles every {intervalInWords(schedule.speed, quarantined ? 24 * 3_600_000 : undefined)}
            {quarantined ? ' (once a day in quarantine)' : ''}.
          </span>
          <div className="row">
            <Button
              variant="secondary"
              size="sm"
              busy={busy === 'runNow'}
              disabled={busy !== undefined || schedule.running || !state.tokenSet}
              onClick={onRunNow}
            >
              Run next cycle now
            </Button>
            <label className="row small">
              <span>Clock speed</span>
              <select aria-label="Clock speed" value={schedule.speed} disabled={busy === 'speed'} onChange={(e) => onSpeed(Number(e.currentTarget.value))}>
                {speeds.map((s) => (
                  <option key={s.speed} value={s.speed}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        <div className="stack">
          {progress ? (
            <div className="sim-progress">
              <p>
                <strong>{progress.kind === 'initial' ? 'Initial cycle' : 'Incremental cycle'} in progress.</strong> {percent}% complete:{' '}
                {progress.done.toLocaleString()} of {progress.total.toLocaleString()} objects.
              </p>
              <div
                className="sim-progress-bar"
                role="progressbar"
                aria-label="Current cycle"
                aria-valuemin={0}
                aria-valuemax={progress.total}
                aria-valuenow={progress.done}
                aria-valuetext={`${percent}% complete`}
              >
                <span style={{ width: `${percent}%` }} />
              </div>
            </div>
          ) : lastCycle ? (
            <p>
              <strong>
                {lastCycle.kind === 'initial' ? 'Initial cycle' : 'Incremental cycle'} {lastCycle.status}.
              </strong>{' '}
              <span className="muted">
                Finished {formatDate(lastCycle.finishedAt)} ({durationWords(lastCycle.startedAt, lastCycle.finishedAt)}).
              </span>
              {lastCycle.message && <span className="sim-cycle-message">{lastCycle.message}</span>}
            </p>
          ) : (
            <p className="muted">No cycle has run yet. Start provisioning to run the initial cycle.</p>
          )}
          {lastCycle && (
            <div className="sim-counts">
              <CountTable title={progress ? 'Last completed cycle: actions' : 'Actions'} counts={lastCycle.byAction} />
              <CountTable title={progress ? 'Last completed cycle: status' : 'Status'} counts={lastCycle.byStatus} />
            </div>
          )}
        </div>
      </div>
    </Card>
  )
}

function durationWords(from: string, to: string): string {
  const ms = new Date(to).getTime() - new Date(from).getTime()
  if (!Number.isFinite(ms) || ms < 0) return 'duration unknown'
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`
}

function CountTable({ title, counts }: { title: string; counts: Record<string, number> }): React.JSX.Element {
  const entries = Object.entries(counts).filter(([, n]) => n > 0)
  return (
    <table className="table sim-count-table" aria-label={title}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" className="num">
            Count
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td colSpan={2} className="muted">
              None
            </td>
          </tr>
        ) : (
          entries.map(([name, n]) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="num">{n.toLocaleString()}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  )
}

function StatisticsCard({ state }: { state: SimulatorState }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  return (
    <Card title="Statistics to date">
      <div className="stat-tiles">
        <Tile label="Users in the tenant" value={state.directory.users} />
        <Tile label="Groups in the tenant" value={state.directory.groups} />
        <Tile label="Assigned users" value={state.assignments.users} />
        <Tile label="Assigned groups" value={state.assignments.groups} />
      </div>
      <dl className="kv">
        <dt>Tenant URL</dt>
        <dd>
          <span className="mono">{state.tenantUrl || '—'}</span> {state.builtInTarget && <Badge tone="accent">This harness</Badge>}
        </dd>
        <dt>Secret Token</dt>
        <dd>{state.tokenSet ? <Badge tone="ok">Set</Badge> : <Badge tone="warn">Not set</Badge>}</dd>
        <dt>Scope</dt>
        <dd>{state.scope === 'assigned' ? 'Sync only assigned users and groups' : 'Sync all users and groups'}</dd>
        <dt>PATCH dialect</dt>
        <dd>
          {state.dialect === 'default2017' ? 'Default (2017 PATCH)' : state.dialect === 'compliant' ? 'aadOptscim062020 (compliant)' : 'Legacy customappsso'}
        </dd>
        {state.outbox > 0 && (
          <>
            <dt>Notification emails</dt>
            <dd>{state.outbox.toLocaleString()} kept (never sent)</dd>
          </>
        )}
      </dl>
      <div className="row">
        <Button variant="secondary" size="sm" onClick={() => navigate(appTabPath('credentials'))}>
          Update credentials
        </Button>
        <Button variant="secondary" size="sm" onClick={() => navigate(appTabPath('mappings'))}>
          Edit attribute mappings
        </Button>
        <Button variant="secondary" size="sm" onClick={() => navigate('/sim/assignments')}>
          Users and groups
        </Button>
        <Button variant="secondary" size="sm" onClick={() => navigate('/sim/logs')}>
          View provisioning logs
        </Button>
      </div>
    </Card>
  )
}

function Tile({ label, value }: { label: string; value: number }): React.JSX.Element {
  return (
    <div className="stat-tile">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value.toLocaleString()}</span>
    </div>
  )
}
