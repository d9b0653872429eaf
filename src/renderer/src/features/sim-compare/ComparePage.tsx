import { useState } from 'react'
import { SOURCE_USER_FIELDS, type ComparisonView } from '@shared/console/simulator-api'
import { Badge, Button, Card, Notice, PageHeader, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useToasts } from '../../stores/toast-store'
import { CopyButton } from '../../components/copy-button'
import { useSimRefresh } from '../../lib/use-sim-refresh'
import { Disclosure, SimErrorNotice, describeSimError } from '../../components/sim-ui'
import { formatValue } from './compare-values'

/**
 * Resulting user state: the source user in the simulated tenant beside the user the Tenant URL's
 * SCIM server holds, and, per mapped attribute, what the mappings produce against what the
 * target has, differences highlighted. On the built-in server, the CAL the user holds and why.
 */
export function ComparePage({ objectId }: { objectId: string }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery('sim.compare', { objectId }, { live: true })
  useSimRefresh(reload)
  const comparison = data && data.source.objectId === objectId ? data : undefined
  const targetId = typeof comparison?.target?.id === 'string' ? comparison.target.id : undefined

  return (
    <>
      <PageHeader
        title="Resulting user state"
        description={
          comparison
            ? `${comparison.source.displayName ?? comparison.source.userPrincipalName} in the simulated tenant, and what the provisioning job made of it in the target.`
            : 'The source user beside the target user.'
        }
        actions={
          <>
            <Button variant="secondary" onClick={() => navigate(`/sim/on-demand?user=${encodeURIComponent(objectId)}`)}>
              Provision on demand
            </Button>
            <Button
              variant="secondary"
              disabled={!targetId}
              title={targetId ? undefined : 'Not in the target yet'}
              onClick={() => targetId && navigate(`/users/${encodeURIComponent(targetId)}`)}
            >
              Open harness user
            </Button>
            <ExpectThisButton objectId={objectId} disabled={!comparison} />
          </>
        }
      />
      {error && <SimErrorNotice error={error} doing="compare this user" onRetry={reload} />}
      {!comparison && loading && !error && <Spinner label="Reading the source and the target" />}
      {comparison && <ComparisonBody comparison={comparison} />}
    </>
  )
}

/** "Expect this": the user's current target state becomes an expectation step in the scenario timeline, at the replay position. */
export function ExpectThisButton({ objectId, disabled }: { objectId: string; disabled?: boolean }): React.JSX.Element {
  const [busy, setBusy] = useState(false)
  const show = useToasts((s) => s.show)
  return (
    <Button
      variant="secondary"
      busy={busy}
      disabled={disabled}
      title="Add an expectation built from this user's current target state to the scenario timeline"
      onClick={() => {
        setBusy(true)
        void api.call('sim.scenario.expectThis', { objectId }).then((answer) => {
          setBusy(false)
          if (answer.ok) show('Expectation added to the scenario timeline')
          else {
            const { title, message } = describeSimError(answer.error, 'add the expectation')
            show(`${title}. ${message}`, 'error')
          }
        })
      }}
    >
      Expect this
    </Button>
  )
}

function ComparisonBody({ comparison }: { comparison: ComparisonView }): React.JSX.Element {
  const [onlyDifferences, setOnlyDifferences] = useState(false)
  const { source, target, cal, attributes } = comparison
  const differing = attributes.filter((a) => !a.same).length
  const rows = onlyDifferences ? attributes.filter((a) => !a.same) : attributes
  return (
    <>
      {target === null ? (
        <Notice tone="warn" title="Not in the target">
          The provisioning job has not created this user in the target yet. Assign the user and run a cycle, or provision it on demand.
        </Notice>
      ) : differing === 0 ? (
        <Notice tone="ok" title="In sync">
          Every mapped attribute in the target holds what the mappings produce from the source.
        </Notice>
      ) : (
        <Notice tone="warn" title={`${differing} of ${attributes.length} mapped attributes differ`}>
          The target holds something other than what the mappings produce. The next cycle would update them, unless a mapping applies on create only.
        </Notice>
      )}
      <div className="simx-compare">
        <Card title="Source user" description="Microsoft Entra ID (simulated tenant)">
          <SourceAttributes source={source} />
        </Card>
        <Card title="Target user" description="The SCIM resource the Tenant URL returns">
          {target === null ? <p className="muted">No target user.</p> : <TargetSummary target={target} cal={cal} />}
        </Card>
      </div>
      <Card
        title="Mapped attributes"
        description="Each target attribute: what the attribute mappings produce from the source, and what the target holds."
        actions={
          <label className="checkbox">
            <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.currentTarget.checked)} />
            Differences only
          </label>
        }
      >
        {rows.length === 0 ? (
          <p className="muted">{attributes.length === 0 ? 'No attribute mappings apply to this user.' : 'No differences.'}</p>
        ) : (
          <div className="table-wrap">
            <table className="table simx-attr-table" aria-label="Mapped attributes">
              <thead>
                <tr>
                  <th scope="col">Target attribute</th>
                  <th scope="col">Expected (from mappings)</th>
                  <th scope="col">Actual (in target)</th>
                  <th scope="col">Match</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr key={a.target} className={a.same ? undefined : 'simx-diff-row'}>
                    <td className="mono">{a.target}</td>
                    <td className={a.same ? 'mono' : 'mono simx-cell-expected'}>{formatValue(a.expected)}</td>
                    <td className={a.same ? 'mono' : 'mono simx-cell-actual'}>{formatValue(a.actual)}</td>
                    <td>{a.same ? <Badge tone="ok">Same</Badge> : <Badge tone="warn">Differs</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  )
}

function SourceAttributes({ source }: { source: ComparisonView['source'] }): React.JSX.Element {
  const values = source as Record<string, unknown>
  return (
    <div className="stack">
      <div className="row">
        <Badge tone={source.accountEnabled ? 'ok' : 'neutral'} dot>
          {source.accountEnabled ? 'Sign-in allowed' : 'Sign-in blocked'}
        </Badge>
        {source.softDeletedAt && <Badge tone="warn">Soft deleted</Badge>}
      </div>
      <dl className="kv simx-details" aria-label="Source attributes">
        <dt>objectId</dt>
        <dd className="mono">{source.objectId}</dd>
        {SOURCE_USER_FIELDS.filter((f) => values[f] !== undefined && values[f] !== '').map((f) => (
          <div key={f} className="simx-detail-row">
            <dt>{f}</dt>
            <dd>{String(values[f])}</dd>
          </div>
        ))}
        <dt>accountEnabled</dt>
        <dd>{String(source.accountEnabled)}</dd>
        {source.managerId && (
          <>
            <dt>manager</dt>
            <dd className="mono">{source.managerId}</dd>
          </>
        )}
        {source.softDeletedAt && (
          <>
            <dt>deleted</dt>
            <dd>{source.softDeletedAt}</dd>
          </>
        )}
      </dl>
    </div>
  )
}

function TargetSummary({ target, cal }: { target: Record<string, unknown>; cal: ComparisonView['cal'] }): React.JSX.Element {
  const json = JSON.stringify(target, null, 2)
  const active = target.active
  // a server that stores "False" as a string is exactly what this screen must show plainly
  const activeBool = active === true || active === 'True' || active === 'true'
  return (
    <div className="stack">
      <div className="row">
        <Badge tone={activeBool ? 'ok' : 'neutral'} dot>
          {activeBool ? 'Active' : 'Inactive'}
        </Badge>
        {typeof active !== 'boolean' && <Badge tone="warn">active is {formatValue(active)}, not a boolean</Badge>}
        {cal && <Badge tone="accent">CAL: {cal.cal}</Badge>}
      </div>
      {cal && (
        <div className="cal-summary" aria-label="Why this CAL">
          <p>{cal.cal}</p>
          <p className="muted small">{cal.summary}</p>
        </div>
      )}
      {!cal && <p className="muted small">CALs are shown when the Tenant URL is this harness's built-in server.</p>}
      <dl className="kv simx-details" aria-label="Target attributes">
        {['id', 'userName', 'externalId', 'displayName'].map((k) =>
          target[k] === undefined ? null : (
            <div key={k} className="simx-detail-row">
              <dt>{k}</dt>
              <dd className={k === 'id' ? 'mono' : undefined}>{formatValue(target[k])}</dd>
            </div>
          ),
        )}
      </dl>
      <Disclosure summary={<span>SCIM resource (JSON)</span>}>
        <div className="row">
          <span className="spacer" />
          <CopyButton text={json} label="Copy SCIM resource JSON" />
        </div>
        <pre className="scim-json" tabIndex={0} aria-label="SCIM resource JSON">
          {json}
        </pre>
      </Disclosure>
    </div>
  )
}
