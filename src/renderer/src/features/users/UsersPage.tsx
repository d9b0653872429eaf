import type { UserRow } from '@shared/console/api'
import { Badge, EmptyState, PageHeader, Pagination } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { USERS_PAGE_SIZE, hasUserFilters, useUsersView, type UserStatusFilter } from '../../stores/users-store'
import { GroupPicker } from './GroupPicker'
import {
  ActiveBadge,
  ClearFiltersButton,
  DirectoryListCard,
  LockIcon,
  NoMatches,
  RouteLink,
  SearchBox,
  openableRow,
  useLastPageInRange,
} from '../../components/directory-ui'

/**
 * Users: every user the SCIM server holds, one server-side page at a time (a 100k-user workspace
 * costs the same as a 100-user one), searched by name or email, filtered by status, CAL and
 * group. Refreshes itself as provisioning changes users.
 */
export function UsersPage(): React.JSX.Element {
  const view = useUsersView()
  const navigate = useRouter((s) => s.navigate)
  const portal = useConsoleQuery('portal.get', undefined, { live: true })
  const cals = portal.data?.settings.cals ?? []

  const { data, error, loading, reload } = useConsoleQuery(
    'users.list',
    {
      offset: view.offset,
      limit: USERS_PAGE_SIZE,
      search: view.search.trim() || undefined,
      status: view.status,
      cal: view.cal || undefined,
      groupId: view.group?.id,
    },
    { live: true },
  )

  const { setOffset } = view
  useLastPageInRange(data?.total, view.offset, USERS_PAGE_SIZE, setOffset)

  const filtered = hasUserFilters(view)
  const open = (row: UserRow): void => navigate(`/users/${encodeURIComponent(row.id)}`)

  return (
    <>
      <PageHeader
        title="Users"
        description="Users provisioned into this portal by SCIM. Users are never deleted: a deprovisioned user stays here as inactive."
      />
      <DirectoryListCard
        noun={{ one: 'user', many: 'users' }}
        total={data?.total}
        loading={loading}
        description={filtered ? 'Matching the search and filters.' : 'Sorted by user name.'}
        actions={filtered && <ClearFiltersButton onClear={view.clearFilters} />}
        filtersLabel="Search and filter users"
        filters={
          <>
            <SearchBox
              value={view.search}
              onSearch={(search) => view.setFilters({ search })}
              label="Search users by name or email"
              placeholder="Search by name or email…"
            />
            <select aria-label="Status" value={view.status} onChange={(e) => view.setFilters({ status: e.currentTarget.value as UserStatusFilter })}>
              <option value="all">All statuses</option>
              <option value="active">Active</option>
              <option value="inactive">Inactive</option>
            </select>
            <select aria-label="CAL" value={view.cal} onChange={(e) => view.setFilters({ cal: e.currentTarget.value })}>
              <option value="">All CALs</option>
              {/* a CAL removed from the catalogue may still be the filter: keep it selectable */}
              {(view.cal && !cals.includes(view.cal) ? [...cals, view.cal] : cals).map((cal) => (
                <option key={cal} value={cal}>
                  {cal}
                </option>
              ))}
            </select>
            <GroupPicker value={view.group} onChange={(group) => view.setFilters({ group })} />
          </>
        }
        error={error}
        onRetry={reload}
      >
        {data && data.total === 0 && (
          <EmptyState>
            {filtered ? (
              <NoMatches message="No users match these filters." onClear={view.clearFilters} />
            ) : (
              <div className="stack">
                <strong className="empty-title">No users yet</strong>
                <span>
                  Point Entra ID at the BASE URI with an API token (
                  <RouteLink to="/settings/provisioning" navigate={navigate}>
                    Portal Settings › Apps › Provisioning
                  </RouteLink>
                  ), or run the simulator (<code>scim-harness simulate</code>). Users appear here as they are provisioned.
                </span>
              </div>
            )}
          </EmptyState>
        )}
        {data && data.items.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table directory-table" aria-label="Users" aria-busy={loading || undefined}>
                <thead>
                  <tr>
                    <th scope="col">User name</th>
                    <th scope="col">Display name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Status</th>
                    <th scope="col">CAL</th>
                    <th scope="col" className="num">
                      Groups
                    </th>
                    <th scope="col">Last modified</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => (
                    <tr key={u.id} {...openableRow(() => open(u), `Open user ${u.userName}`)}>
                      <td className="cell-strong cell-clip" title={u.userName}>
                        <span className="user-name-cell">
                          <FederatedLabel federated={u.federated} compact />
                          <RouteLink to={`/users/${encodeURIComponent(u.id)}`} navigate={navigate} inRow>
                            {u.userName}
                          </RouteLink>
                          {u.nameWarnings && (
                            <span title={u.nameWarnings.join(' ')} aria-label={`Check this name: ${u.nameWarnings.join(' ')}`}>
                              <Badge tone="warn">Look-alike?</Badge>
                            </span>
                          )}
                        </span>
                      </td>
                      <td className="cell-clip" title={u.displayName}>
                        {u.displayName || <span className="muted">—</span>}
                      </td>
                      <td className="cell-clip" title={u.email}>
                        {u.email || <span className="muted">—</span>}
                      </td>
                      <td>
                        <ActiveBadge active={u.active} />
                      </td>
                      <td>
                        <Badge tone="accent">{u.cal}</Badge>
                      </td>
                      <td className="num">{u.groupCount.toLocaleString()}</td>
                      <td className="muted" title={formatDate(u.lastModified)}>
                        {formatDate(u.lastModified, 'short')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination offset={view.offset} limit={USERS_PAGE_SIZE} total={data.total} onChange={setOffset} />
          </>
        )}
      </DirectoryListCard>
    </>
  )
}

/** The federated lock: a labelled icon, or (compact, in table rows) the icon with the label for screen readers and as a tooltip. */
export function FederatedLabel({ federated, compact = false }: { federated: boolean; compact?: boolean }): React.JSX.Element {
  if (compact) {
    return federated ? (
      <span className="federated" title="Federated: provisioned by SCIM, the profile is managed by Entra ID">
        <LockIcon />
        <span className="visually-hidden">Federated</span>
      </span>
    ) : (
      <span className="lock-placeholder" aria-hidden="true" />
    )
  }
  return federated ? (
    <span className="federated" title="Provisioned by SCIM: the profile is managed by Entra ID">
      <LockIcon /> Federated
    </span>
  ) : (
    <span className="muted">Local</span>
  )
}
