import { SOURCE_USER_FIELDS } from '@shared/console/simulator-api'
import { SOURCE_USER_FIELD_LABELS } from '@shared/console/vocabulary'
import { Card, EmptyState, PageHeader } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useSimState } from '../../stores/sim-store'
import { RouteLink } from '../../components/directory-ui'
import { AccountBadge, ScopeBadge, AssignmentBadge, SimErrorNotice } from '../../components/sim-ui'
import { BackToDirectory, SimDetailNotLoaded } from './directory-parts'
import { useSimRefresh } from '../../lib/use-sim-refresh'
import { UserActions } from './UserActions'

/** One user of the simulated tenant: its attributes, manager, groups, assignment and what the job did with it. */
export function SimUserPage({ id }: { id: string }): React.JSX.Element {
  return <SimUser key={id} id={id} />
}

function SimUser({ id }: { id: string }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const { reload: reloadState } = useSimState()
  const { data, error, loading, reload } = useConsoleQuery('sim.users.get', { objectId: id })
  useSimRefresh(reload)

  if (!data) return <SimDetailNotLoaded noun="user" error={error} loading={loading} onRetry={reload} />

  const { user, row, groups, manager } = data
  return (
    <>
      <PageHeader
        title={row.displayName || row.userPrincipalName}
        description={
          <span className="row detail-badges">
            <AccountBadge user={row} />
            <AssignmentBadge assignment={row.assignment} />
            <ScopeBadge user={row} />
            {user.softDeletedAt && <span className="muted">Deleted {formatDate(user.softDeletedAt)}</span>}
          </span>
        }
        actions={<BackToDirectory />}
      />
      {error && <SimErrorNotice error={error} title="Could not refresh this user" onRetry={reload} />}
      <Card
        title="Actions"
        description={
          row.softDeleted
            ? 'A soft-deleted user is out of scope: the next cycle disables it in the target. Restore brings it back in scope.'
            : 'Changes are picked up by the next provisioning cycle, or at once with Provision on demand.'
        }
      >
        <div className="row">
          <UserActions
            user={row}
            onChanged={({ deleted }) => {
              reloadState()
              if (deleted) navigate('/sim/directory')
              else reload()
            }}
          />
          <span className="spacer" />
          <RouteLink to={`/sim/compare/${encodeURIComponent(row.objectId)}`} navigate={navigate}>
            Resulting user state
          </RouteLink>
        </div>
      </Card>
      <div className="split">
        <Card title="Properties">
          <dl className="kv">
            {SOURCE_USER_FIELDS.map((f) => (
              <Property key={f} label={SOURCE_USER_FIELD_LABELS[f]} value={typeof user[f] === 'string' ? (user[f] as string) : undefined} />
            ))}
            <dt>Object ID</dt>
            <dd className="mono">{user.objectId}</dd>
          </dl>
        </Card>
        <div className="stack">
          <Card title="Manager">
            {manager ? (
              <RouteLink to={`/sim/directory/users/${encodeURIComponent(manager.objectId)}`} navigate={navigate}>
                {manager.displayName}
              </RouteLink>
            ) : (
              <span className="muted">No manager. Set one with Edit.</span>
            )}
          </Card>
          <Card
            title={`Groups (${groups.length.toLocaleString()})`}
            description="Direct memberships: a user is in scope through an assigned group it belongs to directly."
          >
            {groups.length === 0 ? (
              <EmptyState>Not a member of any group.</EmptyState>
            ) : (
              <ul className="group-links">
                {groups.map((g) => (
                  <li key={g.objectId}>
                    <RouteLink to={`/sim/directory/groups/${encodeURIComponent(g.objectId)}`} navigate={navigate}>
                      {g.displayName}
                    </RouteLink>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Provisioning">
            <dl className="kv">
              <dt>Assignment</dt>
              <dd>{row.assignment === 'direct' ? 'Assigned to the app directly' : row.assignment === 'group' ? 'Assigned through a group' : 'Not assigned'}</dd>
              <dt>Scope</dt>
              <dd>{row.inScope ? 'In provisioning scope' : 'Out of scope'}</dd>
              <dt>Target id</dt>
              <dd className="mono">{row.targetId ?? <span className="muted">Not provisioned yet</span>}</dd>
            </dl>
          </Card>
        </div>
      </div>
    </>
  )
}

function Property({ label, value }: { label: string; value: string | undefined }): React.JSX.Element {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value ? value : <span className="muted">—</span>}</dd>
    </>
  )
}
