import { useEffect, useMemo, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Badge, Button, Card, EmptyState, PageHeader, Pagination, Spinner, Tabs } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useSimState } from '../../stores/sim-store'
import { useToasts } from '../../stores/toast-store'
import { RouteLink, SearchBox, openableRow } from '../../components/directory-ui'
import { AccountBadge, ScopeBadge, AssignmentBadge, ConfirmDialog, SimErrorNotice } from '../../components/sim-ui'
import { memberWords } from '../../lib/format'
import { useSimRefresh } from '../../lib/use-sim-refresh'
import { AddAssignmentDialog } from './AddAssignmentDialog'

/*
 * Enterprise app > Users and groups (seed, "Provisioning" > Add and De-Provisioning): the users
 * and groups assigned to the app, Add user/group (Add Assignment) and Remove for the selected
 * rows; and, beside it, every user the assignments bring in, directly or through a group.
 */

const PAGE = 50

interface AssignedRow {
  objectId: string
  displayName: string
  type: 'User' | 'Group'
  detail: string
}

export function AssignmentsPage(): React.JSX.Element {
  const [tab, setTab] = useState<'assigned' | 'effective'>('assigned')
  const { state } = useSimState()
  return (
    <>
      <PageHeader
        title="Users and groups"
        description="Users and groups assigned to the enterprise app. With “Sync only assigned users and groups”, these are what the provisioning job sends to the Tenant URL; removing an assignment deprovisions on the next cycle."
      />
      <Tabs
        label="Assignments"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'assigned', label: state ? `Assigned (${(state.assignments.users + state.assignments.groups).toLocaleString()})` : 'Assigned' },
          { id: 'effective', label: 'Users in scope' },
        ]}
      />
      <div role="tabpanel" aria-label={tab === 'assigned' ? 'Assigned' : 'Users in scope'}>
        {tab === 'assigned' ? <AssignedTable /> : <EffectiveUsers />}
      </div>
    </>
  )
}

function AssignedTable(): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const toast = useToasts((s) => s.show)
  const { reload: reloadState } = useSimState()
  const { data, error, loading, reload } = useConsoleQuery('sim.assignments.list', {})
  useSimRefresh(reload)
  const [search, setSearch] = useState('')
  const [offset, setOffset] = useState(0)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [dialog, setDialog] = useState<'add' | 'remove'>()

  const rows = useMemo<AssignedRow[]>(() => {
    if (!data) return []
    return [
      ...data.groups.map((g) => ({ objectId: g.objectId, displayName: g.displayName, type: 'Group' as const, detail: memberWords(g.memberCount) })),
      ...data.users.map((u) => ({
        objectId: u.objectId,
        displayName: u.displayName || u.userPrincipalName,
        type: 'User' as const,
        detail: u.userPrincipalName,
      })),
    ]
  }, [data])
  const needle = search.trim().toLowerCase()
  const matching = needle ? rows.filter((r) => `${r.displayName} ${r.detail}`.toLowerCase().includes(needle)) : rows
  const page = matching.slice(offset, offset + PAGE)
  const assignedIds = useMemo(() => new Set(rows.map((r) => r.objectId)), [rows])

  // a row that is no longer assigned (removed elsewhere, a new directory) is no longer selected
  useEffect(() => {
    setSelected((s) => (Array.from(s).every((id) => assignedIds.has(id)) ? s : new Set(Array.from(s).filter((id) => assignedIds.has(id)))))
  }, [assignedIds])
  useEffect(() => {
    if (offset > 0 && offset >= matching.length) setOffset(Math.max(0, Math.floor((matching.length - 1) / PAGE) * PAGE))
  }, [matching.length, offset])

  const toggle = (id: string): void =>
    setSelected((s) => {
      const next = new Set(s)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const allOnPage = page.length > 0 && page.every((r) => selected.has(r.objectId))
  const togglePage = (): void =>
    setSelected((s) => {
      const next = new Set(s)
      for (const r of page) {
        if (allOnPage) next.delete(r.objectId)
        else next.add(r.objectId)
      }
      return next
    })

  const selectedRows = rows.filter((r) => selected.has(r.objectId))
  const remove = async (): Promise<ConsoleError | undefined> => {
    const userIds = selectedRows.filter((r) => r.type === 'User').map((r) => r.objectId)
    const groupIds = selectedRows.filter((r) => r.type === 'Group').map((r) => r.objectId)
    const answer = await api.call('sim.unassign', { userIds, groupIds })
    if (!answer.ok) return answer.error
    setSelected(new Set())
    // the answer holds the totals still assigned; the notice is about what was removed
    toast(`Removed ${countWords({ users: userIds.length, groups: groupIds.length })} from the app`)
    reload()
    reloadState()
    return undefined
  }

  return (
    <div className="directory-card">
      <Card
        title={data ? `${rows.length.toLocaleString()} assigned` : 'Assigned'}
        description="Only direct members of an assigned group are in scope; nested groups are not expanded."
        actions={
          <>
            <Button onClick={() => setDialog('add')}>+ Add user/group</Button>
            <Button variant="secondary" disabled={selected.size === 0} onClick={() => setDialog('remove')}>
              Remove{selected.size > 0 ? ` (${selected.size})` : ''}
            </Button>
          </>
        }
      >
        <div className="directory-filters" role="search" aria-label="Search the assignments">
          <SearchBox
            value={search}
            onSearch={(text) => {
              setSearch(text)
              setOffset(0)
            }}
            label="Search assigned users and groups"
            placeholder="Search by name…"
          />
        </div>
        {error && (
          <div className="directory-notice">
            <SimErrorNotice error={error} title="Could not load the assignments" onRetry={reload} />
          </div>
        )}
        {!data && loading && (
          <div className="empty">
            <Spinner label="Loading the assignments" />
          </div>
        )}
        {data && rows.length === 0 && (
          <EmptyState>
            <div className="stack">
              <strong className="empty-title">No users or groups are assigned</strong>
              <span>
                Select “Add user/group” to assign users and groups from the Directory. With “Sync only assigned users and groups”, nothing is provisioned until
                you do.
              </span>
            </div>
          </EmptyState>
        )}
        {data && rows.length > 0 && matching.length === 0 && <EmptyState>No assigned user or group matches “{search}”.</EmptyState>}
        {page.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table directory-table sim-table" aria-label="Assigned users and groups" aria-busy={loading || undefined}>
                <thead>
                  <tr>
                    <th scope="col" className="sim-check-cell">
                      <input type="checkbox" checked={allOnPage} onChange={togglePage} aria-label="Select all on this page" />
                    </th>
                    <th scope="col">Display name</th>
                    <th scope="col">Object type</th>
                    <th scope="col">Details</th>
                    <th scope="col">Role assigned</th>
                  </tr>
                </thead>
                <tbody>
                  {page.map((r) => {
                    const to = `/sim/directory/${r.type === 'User' ? 'users' : 'groups'}/${encodeURIComponent(r.objectId)}`
                    return (
                      <tr
                        key={r.objectId}
                        {...openableRow(() => navigate(to), `Open ${r.type.toLowerCase()} ${r.displayName}`)}
                        aria-selected={selected.has(r.objectId)}
                      >
                        <td className="sim-check-cell" onClick={(e) => e.stopPropagation()}>
                          <input
                            type="checkbox"
                            checked={selected.has(r.objectId)}
                            onChange={() => toggle(r.objectId)}
                            aria-label={`Select ${r.displayName}`}
                          />
                        </td>
                        <td className="cell-strong cell-clip">
                          <RouteLink to={to} navigate={navigate} inRow>
                            {r.displayName}
                          </RouteLink>
                        </td>
                        <td>
                          <Badge tone={r.type === 'Group' ? 'accent' : 'neutral'}>{r.type}</Badge>
                        </td>
                        <td className="cell-clip muted">{r.detail}</td>
                        <td>Default Access</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
            {matching.length > PAGE && <Pagination offset={offset} limit={PAGE} total={matching.length} onChange={setOffset} />}
          </>
        )}
      </Card>
      {dialog === 'add' && (
        <AddAssignmentDialog
          assigned={assignedIds}
          onClose={() => setDialog(undefined)}
          onAssigned={(counts) => {
            setDialog(undefined)
            toast(`Assignment succeeded: ${countWords(counts)} assigned to the app`)
            reload()
            reloadState()
          }}
        />
      )}
      {dialog === 'remove' && (
        <ConfirmDialog title="Remove assignment" confirmLabel="Remove" danger onConfirm={remove} onClose={() => setDialog(undefined)}>
          <p>Remove {selectedRows.length === 1 ? <strong>{selectedRows[0].displayName}</strong> : `${selectedRows.length} users and groups`} from the app?</p>
          <p className="muted">
            Users who lose their assignment go out of scope: the next cycle disables them in the target (in VIDIZMO, IsActive becomes false). A removed group is
            deleted in the target.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}

function countWords(counts: { users: number; groups: number }): string {
  const parts: string[] = []
  if (counts.users > 0 || counts.groups === 0) parts.push(`${counts.users} ${counts.users === 1 ? 'user' : 'users'}`)
  if (counts.groups > 0) parts.push(`${counts.groups} ${counts.groups === 1 ? 'group' : 'groups'}`)
  return parts.join(' and ')
}

/** Every user the assignments bring in, with how (directly or through a group) and what the job did. */
function EffectiveUsers(): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const [offset, setOffset] = useState(0)
  const [search, setSearch] = useState('')
  const { data, error, loading, reload } = useConsoleQuery('sim.users.list', { offset, limit: PAGE, search: search.trim() || undefined, filter: 'assigned' })
  useSimRefresh(reload)
  return (
    <div className="directory-card">
      <Card
        title={data ? `${data.total.toLocaleString()} assigned users` : 'Assigned users'}
        description="Users assigned directly or through an assigned group; soft-deleted and blocked users stay assigned but are out of scope."
      >
        <div className="directory-filters" role="search" aria-label="Search assigned users">
          <SearchBox
            value={search}
            onSearch={(text) => {
              setSearch(text)
              setOffset(0)
            }}
            label="Search assigned users"
            placeholder="Search by name or UPN…"
          />
        </div>
        {error && (
          <div className="directory-notice">
            <SimErrorNotice error={error} title="Could not load the assigned users" onRetry={reload} />
          </div>
        )}
        {!data && loading && (
          <div className="empty">
            <Spinner label="Loading the assigned users" />
          </div>
        )}
        {data && data.total === 0 && (
          <EmptyState>{search ? 'No assigned user matches this search.' : 'No user is assigned, directly or through a group.'}</EmptyState>
        )}
        {data && data.items.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table directory-table sim-table" aria-label="Users in scope" aria-busy={loading || undefined}>
                <thead>
                  <tr>
                    <th scope="col">Display name</th>
                    <th scope="col">User principal name</th>
                    <th scope="col">Assignment</th>
                    <th scope="col">Account</th>
                    <th scope="col">Provisioning</th>
                    <th scope="col">
                      <span className="visually-hidden">Resulting user state</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => {
                    const to = `/sim/directory/users/${encodeURIComponent(u.objectId)}`
                    return (
                      <tr key={u.objectId} {...openableRow(() => navigate(to), `Open user ${u.displayName || u.userPrincipalName}`)}>
                        <td className="cell-strong cell-clip">
                          <RouteLink to={to} navigate={navigate} inRow>
                            {u.displayName || u.userPrincipalName}
                          </RouteLink>
                        </td>
                        <td className="cell-clip">{u.userPrincipalName}</td>
                        <td>
                          <AssignmentBadge assignment={u.assignment} />
                        </td>
                        <td>
                          <AccountBadge user={u} />
                        </td>
                        <td>
                          <ScopeBadge user={u} />
                        </td>
                        <td>
                          {u.targetId && (
                            <a
                              href={`#/sim/compare/${encodeURIComponent(u.objectId)}`}
                              tabIndex={-1}
                              onClick={(e) => {
                                // the row opens the directory user; this link opens the comparison instead
                                e.stopPropagation()
                                e.preventDefault()
                                navigate(`/sim/compare/${encodeURIComponent(u.objectId)}`)
                              }}
                            >
                              Resulting state
                            </a>
                          )}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
            <Pagination offset={offset} limit={PAGE} total={data.total} onChange={setOffset} />
          </>
        )}
      </Card>
    </div>
  )
}
