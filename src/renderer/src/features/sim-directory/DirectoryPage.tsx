import { useEffect, useState } from 'react'
import type { SourceGroupRow, SourceUserRow } from '@shared/console/simulator-api'
import { Badge, Button, EmptyState, PageHeader, Pagination, Tabs } from '../../components/ui'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useSimState } from '../../stores/sim-store'
import { useToasts } from '../../stores/toast-store'
import { DirectoryListCard, RouteLink, SearchBox, openableRow, useLastPageInRange } from '../../components/directory-ui'
import { GenerateDirectoryDialog, GroupDialog, ImportCsvDialog } from './DirectoryDialogs'
import { SIM_PAGE_SIZE, USER_FILTERS, useDirectoryView, type SimUserFilter } from './directory-view'
import { AccountBadge, AssignmentBadge, ScopeBadge, SimErrorNotice } from '../../components/sim-ui'
import { useSimRefresh } from '../../lib/use-sim-refresh'
import { UserActions } from './UserActions'
import { UserDialog } from './UserDialog'

/*
 * Directory: the simulated Microsoft Entra ID tenant, the source the provisioning job reads.
 * Users and Groups as Entra lists them, paged on the server (a generated tenant may hold 100,000
 * users), with what the admin does there: New user, New group, Generate sample directory, Import
 * users from CSV, and each user's Edit, Block sign-in, Delete, Restore, Delete permanently.
 */

type Dialogs = 'user' | 'group' | 'generate' | 'csv' | undefined

export function DirectoryPage(): React.JSX.Element {
  const tab = useDirectoryView((s) => s.tab)
  const setTab = useDirectoryView((s) => s.setTab)
  const navigate = useRouter((s) => s.navigate)
  const { state, reload: reloadState } = useSimState()
  const toast = useToasts((s) => s.show)
  const [dialog, setDialog] = useState<Dialogs>()
  const [revision, setRevision] = useState(0)
  // the tables refetch, and the tab counts follow (the backend's event may come later or not at all)
  const changed = (): void => {
    setRevision((r) => r + 1)
    reloadState()
  }

  return (
    <>
      <PageHeader
        title="Directory"
        description="The simulated Microsoft Entra ID tenant: the users and groups the provisioning job reads, assigns and sends to the Tenant URL."
        actions={
          <>
            <Button variant="secondary" onClick={() => setDialog('generate')}>
              Generate sample directory
            </Button>
            <Button variant="secondary" onClick={() => setDialog('csv')}>
              Import users from CSV
            </Button>
            {tab === 'users' ? <Button onClick={() => setDialog('user')}>New user</Button> : <Button onClick={() => setDialog('group')}>New group</Button>}
          </>
        }
      />
      <Tabs
        label="Directory"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'users', label: state ? `Users (${state.directory.users.toLocaleString()})` : 'Users' },
          { id: 'groups', label: state ? `Groups (${state.directory.groups.toLocaleString()})` : 'Groups' },
        ]}
      />
      <div role="tabpanel" aria-label={tab === 'users' ? 'Users' : 'Groups'}>
        {tab === 'users' ? <UsersTable revision={revision} onChanged={changed} /> : <GroupsTable revision={revision} />}
      </div>

      {dialog === 'user' && (
        <UserDialog
          onClose={() => setDialog(undefined)}
          onSaved={(objectId) => {
            setDialog(undefined)
            toast('User created')
            reloadState()
            navigate(`/sim/directory/users/${encodeURIComponent(objectId)}`)
          }}
        />
      )}
      {dialog === 'group' && (
        <GroupDialog
          onClose={() => setDialog(undefined)}
          onSaved={(objectId) => {
            setDialog(undefined)
            toast('Group created')
            reloadState()
            navigate(`/sim/directory/groups/${encodeURIComponent(objectId)}`)
          }}
        />
      )}
      {dialog === 'generate' && (
        <GenerateDirectoryDialog
          current={state?.directory}
          onClose={() => setDialog(undefined)}
          onDone={(result) => {
            setDialog(undefined)
            useDirectoryView.getState().reset()
            toast(`Generated ${result.users.toLocaleString()} users and ${result.groups.toLocaleString()} groups`)
            changed()
          }}
        />
      )}
      {dialog === 'csv' && <ImportCsvDialog onClose={() => setDialog(undefined)} onImported={changed} />}
    </>
  )
}

function UsersTable({ revision, onChanged }: { revision: number; onChanged: () => void }): React.JSX.Element {
  const view = useDirectoryView((s) => s.users)
  const setUsers = useDirectoryView((s) => s.setUsers)
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery('sim.users.list', {
    offset: view.offset,
    limit: SIM_PAGE_SIZE,
    search: view.search.trim() || undefined,
    filter: view.filter,
  })
  useSimRefresh(reload)
  useEffect(() => {
    if (revision > 0) reload()
  }, [revision, reload])
  useLastPageInRange(data?.total, view.offset, SIM_PAGE_SIZE, (offset) => setUsers({ offset }))

  const filtered = view.search.trim() !== '' || view.filter !== 'all'
  const open = (u: SourceUserRow): void => navigate(`/sim/directory/users/${encodeURIComponent(u.objectId)}`)

  return (
    <DirectoryListCard
      noun={{ one: 'user', many: 'users' }}
      total={data?.total}
      loading={loading}
      description={filtered ? 'Matching the search and filter.' : 'Every user of the simulated tenant.'}
      filtersLabel="Search and filter the tenant's users"
      filters={
        <>
          <SearchBox
            value={view.search}
            onSearch={(search) => setUsers({ search })}
            label="Search users by name or user principal name"
            placeholder="Search by name or UPN…"
          />
          <select aria-label="Show" value={view.filter} onChange={(e) => setUsers({ filter: e.currentTarget.value as SimUserFilter })}>
            {USER_FILTERS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </>
      }
      error={undefined}
      onRetry={reload}
    >
      {error && (
        <div className="directory-notice">
          <SimErrorNotice error={error} title="Could not load the users" onRetry={reload} />
        </div>
      )}
      {data && data.total === 0 && (
        <EmptyState>
          {filtered ? (
            'No users match this search and filter.'
          ) : (
            <div className="stack">
              <strong className="empty-title">The tenant has no users yet</strong>
              <span>Generate a sample directory, import users from CSV, or add one with New user.</span>
            </div>
          )}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table directory-table sim-table" aria-label="Users" aria-busy={loading || undefined}>
              <thead>
                <tr>
                  <th scope="col">Display name</th>
                  <th scope="col">User principal name</th>
                  <th scope="col">Job title</th>
                  <th scope="col">Department</th>
                  <th scope="col">Account</th>
                  <th scope="col">Assignment</th>
                  <th scope="col">Provisioning</th>
                  <th scope="col" className="cell-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((u) => (
                  <tr
                    key={u.objectId}
                    {...openableRow(() => open(u), `Open user ${u.displayName || u.userPrincipalName}`)}
                    className={`clickable${u.softDeleted ? ' sim-row-deleted' : ''}`}
                  >
                    <td className="cell-strong cell-clip" title={u.displayName}>
                      <RouteLink to={`/sim/directory/users/${encodeURIComponent(u.objectId)}`} navigate={navigate} inRow>
                        {u.displayName || u.userPrincipalName}
                      </RouteLink>
                    </td>
                    <td className="cell-clip" title={u.userPrincipalName}>
                      {u.userPrincipalName}
                    </td>
                    <td className="cell-clip">{u.jobTitle || <span className="muted">—</span>}</td>
                    <td className="cell-clip">{u.department || <span className="muted">—</span>}</td>
                    <td>
                      <AccountBadge user={u} />
                    </td>
                    <td>
                      <AssignmentBadge assignment={u.assignment} />
                    </td>
                    <td>
                      <ScopeBadge user={u} />
                    </td>
                    <td className="cell-actions" onClick={(e) => e.stopPropagation()}>
                      <UserActions user={u} size="sm" onChanged={onChanged} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination offset={view.offset} limit={SIM_PAGE_SIZE} total={data.total} onChange={(offset) => setUsers({ offset })} />
        </>
      )}
    </DirectoryListCard>
  )
}

function GroupsTable({ revision }: { revision: number }): React.JSX.Element {
  const view = useDirectoryView((s) => s.groups)
  const setGroups = useDirectoryView((s) => s.setGroups)
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery('sim.groups.list', {
    offset: view.offset,
    limit: SIM_PAGE_SIZE,
    search: view.search.trim() || undefined,
  })
  useSimRefresh(reload)
  useEffect(() => {
    if (revision > 0) reload()
  }, [revision, reload])
  const open = (g: SourceGroupRow): void => navigate(`/sim/directory/groups/${encodeURIComponent(g.objectId)}`)

  return (
    <DirectoryListCard
      noun={{ one: 'group', many: 'groups' }}
      total={data?.total}
      loading={loading}
      description={view.search.trim() ? 'Matching the search.' : 'Security groups of the simulated tenant; only direct members count for assignment.'}
      filtersLabel="Search the tenant's groups"
      filters={<SearchBox value={view.search} onSearch={(search) => setGroups({ search })} label="Search groups by name" placeholder="Search by name…" />}
      error={undefined}
      onRetry={reload}
    >
      {error && (
        <div className="directory-notice">
          <SimErrorNotice error={error} title="Could not load the groups" onRetry={reload} />
        </div>
      )}
      {data && data.total === 0 && (
        <EmptyState>
          {view.search.trim() ? 'No groups match this search.' : 'The tenant has no groups yet. Add one with New group, or generate a sample directory.'}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table directory-table sim-table" aria-label="Groups" aria-busy={loading || undefined}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Mail nickname</th>
                  <th scope="col" className="num">
                    Members
                  </th>
                  <th scope="col">Assignment</th>
                  <th scope="col">Provisioning</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((g) => (
                  <tr key={g.objectId} {...openableRow(() => open(g), `Open group ${g.displayName}`)}>
                    <td className="cell-strong cell-clip">
                      <RouteLink to={`/sim/directory/groups/${encodeURIComponent(g.objectId)}`} navigate={navigate} inRow>
                        {g.displayName}
                      </RouteLink>
                    </td>
                    <td className="cell-clip">{g.mailNickname || <span className="muted">—</span>}</td>
                    <td className="num">{g.memberCount.toLocaleString()}</td>
                    <td>{g.assigned ? <Badge tone="accent">Assigned</Badge> : <Badge>Not assigned</Badge>}</td>
                    <td>{g.targetId ? <Badge tone="accent">Provisioned</Badge> : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination offset={view.offset} limit={SIM_PAGE_SIZE} total={data.total} onChange={(offset) => setGroups({ offset })} />
        </>
      )}
    </DirectoryListCard>
  )
}
