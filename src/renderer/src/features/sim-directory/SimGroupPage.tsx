import { useState } from 'react'
import { Badge, Button, Card, EmptyState, PageHeader } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useSimState } from '../../stores/sim-store'
import { useToasts } from '../../stores/toast-store'
import { RouteLink, openableRow } from '../../components/directory-ui'
import { AccountBadge, AssignmentBadge, ConfirmDialog, SimErrorNotice } from '../../components/sim-ui'
import { GroupDialog } from './DirectoryDialogs'
import { BackToDirectory, DirectoryPicker, SimDetailNotLoaded } from './directory-parts'
import { memberWords } from '../../lib/format'
import { useSimRefresh } from '../../lib/use-sim-refresh'

/** One group of the simulated tenant: rename, delete, and its direct members (add by search, remove). */
export function SimGroupPage({ id }: { id: string }): React.JSX.Element {
  return <SimGroup key={id} id={id} />
}

function SimGroup({ id }: { id: string }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const toast = useToasts((s) => s.show)
  const { reload: reloadState } = useSimState()
  const { data, error, loading, reload } = useConsoleQuery('sim.groups.get', { objectId: id })
  useSimRefresh(reload)
  const [dialog, setDialog] = useState<'rename' | 'delete'>()
  const [pending, setPending] = useState<string>()

  if (!data) return <SimDetailNotLoaded noun="group" error={error} loading={loading} onRetry={reload} />

  const { group, members } = data
  const memberIds = new Set(members.map((m) => m.objectId))

  const changeMembers = async (change: { addMemberIds?: string[]; removeMemberIds?: string[] }, done: string, busyKey: string): Promise<void> => {
    setPending(busyKey)
    const result = await api.call('sim.groups.update', { objectId: group.objectId, ...change })
    setPending(undefined)
    if (result.ok) {
      toast(done)
      reload()
      reloadState()
    } else toast(result.error.message, 'error')
  }

  return (
    <>
      <PageHeader
        title={group.displayName}
        description={
          <span className="row detail-badges">
            <Badge>{memberWords(group.memberCount)}</Badge>
            {group.assigned ? <Badge tone="accent">Assigned to the app</Badge> : <Badge>Not assigned</Badge>}
            {group.targetId && <Badge tone="accent">Provisioned</Badge>}
          </span>
        }
        actions={
          <>
            <BackToDirectory />
            <Button variant="secondary" onClick={() => setDialog('rename')}>
              Rename
            </Button>
            <Button variant="danger" onClick={() => setDialog('delete')}>
              Delete group
            </Button>
          </>
        }
      />
      {error && <SimErrorNotice error={error} title="Could not refresh this group" onRetry={reload} />}
      <Card title="Properties">
        <dl className="kv">
          <dt>Name</dt>
          <dd>{group.displayName}</dd>
          <dt>Mail nickname</dt>
          <dd>{group.mailNickname || <span className="muted">—</span>}</dd>
          <dt>Object ID</dt>
          <dd className="mono">{group.objectId}</dd>
          <dt>Target id</dt>
          <dd className="mono">{group.targetId ?? <span className="muted">Not provisioned yet</span>}</dd>
        </dl>
      </Card>
      <div className="directory-card">
        <Card
          title={`Members (${group.memberCount.toLocaleString()})`}
          description={
            group.assigned
              ? 'The group is assigned: its direct members are in provisioning scope.'
              : 'Assign the group to the app (Users and groups) to bring its direct members into scope.'
          }
          actions={
            <span className="row">
              <DirectoryPicker
                kind="user"
                label="Add members"
                placeholder="Add member: search users"
                exclude={memberIds}
                onPick={(u) => void changeMembers({ addMemberIds: [u.objectId] }, `${u.displayName} added to ${group.displayName}`, 'add')}
              />
              {pending === 'add' && <span className="spinner" aria-label="Adding" />}
            </span>
          }
        >
          {members.length === 0 ? (
            <EmptyState>No members yet. Search users above to add them.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table directory-table sim-table" aria-label="Members">
                <thead>
                  <tr>
                    <th scope="col">Display name</th>
                    <th scope="col">User principal name</th>
                    <th scope="col">Account</th>
                    <th scope="col">Assignment</th>
                    <th scope="col" className="cell-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr
                      key={m.objectId}
                      {...openableRow(
                        () => navigate(`/sim/directory/users/${encodeURIComponent(m.objectId)}`),
                        `Open user ${m.displayName || m.userPrincipalName}`,
                      )}
                    >
                      <td className="cell-strong">
                        <RouteLink to={`/sim/directory/users/${encodeURIComponent(m.objectId)}`} navigate={navigate} inRow>
                          {m.displayName || m.userPrincipalName}
                        </RouteLink>
                      </td>
                      <td>{m.userPrincipalName}</td>
                      <td>
                        <AccountBadge user={m} />
                      </td>
                      <td>
                        <AssignmentBadge assignment={m.assignment} />
                      </td>
                      <td className="cell-actions" onClick={(e) => e.stopPropagation()}>
                        <Button
                          variant="ghost"
                          size="sm"
                          className="btn-danger-text"
                          busy={pending === m.objectId}
                          aria-label={`Remove ${m.displayName || m.userPrincipalName} from ${group.displayName}`}
                          onClick={() =>
                            void changeMembers(
                              { removeMemberIds: [m.objectId] },
                              `${m.displayName || m.userPrincipalName} removed from ${group.displayName}`,
                              m.objectId,
                            )
                          }
                        >
                          Remove
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>

      {dialog === 'rename' && (
        <GroupDialog
          group={group}
          onClose={() => setDialog(undefined)}
          onSaved={() => {
            setDialog(undefined)
            toast('Group renamed')
            reload()
          }}
        />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title="Delete group?"
          confirmLabel="Delete group"
          danger
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            const result = await api.call('sim.groups.delete', { objectId: group.objectId })
            if (!result.ok) return result.error
            toast(`${group.displayName} deleted`)
            reloadState()
            navigate('/sim/directory')
            return undefined
          }}
        >
          <p>
            <strong>{group.displayName}</strong> and its memberships are removed from the simulated tenant. Its members stay.
          </p>
          {group.assigned && (
            <p className="muted">
              The group is assigned to the app: members in scope only through it go out of scope, and the next cycle disables them and deletes the group in the
              target.
            </p>
          )}
        </ConfirmDialog>
      )}
    </>
  )
}
