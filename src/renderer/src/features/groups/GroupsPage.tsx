import { EmptyState, PageHeader, Pagination } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { GROUPS_PAGE_SIZE, useGroupsView } from '../../stores/users-store'
import { DirectoryListCard, NoMatches, RouteLink, SearchBox, openableRow, useLastPageInRange } from '../../components/directory-ui'

/** Groups: every group the SCIM server holds, paged on the server, searched by name or external id. */
export function GroupsPage(): React.JSX.Element {
  const { offset, search, setOffset, setSearch } = useGroupsView()
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery(
    'groups.list',
    { offset, limit: GROUPS_PAGE_SIZE, search: search.trim() || undefined },
    { live: true },
  )

  useLastPageInRange(data?.total, offset, GROUPS_PAGE_SIZE, setOffset)

  const open = (id: string): void => navigate(`/groups/${encodeURIComponent(id)}`)

  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups provisioned by SCIM, with their members. Group membership can decide a user's CAL through the CAL rules."
      />
      <DirectoryListCard
        noun={{ one: 'group', many: 'groups' }}
        total={data?.total}
        loading={loading}
        description={search.trim() ? 'Matching the search.' : 'Sorted by display name.'}
        filtersLabel="Search groups"
        filters={<SearchBox value={search} onSearch={setSearch} label="Search groups by name or external ID" placeholder="Search by name or external ID…" />}
        error={error}
        onRetry={reload}
      >
        {data && data.total === 0 && (
          <EmptyState>
            {search.trim() ? (
              <NoMatches message={`No group matches “${search.trim()}”.`} clearLabel="Clear search" onClear={() => setSearch('')} />
            ) : (
              <div className="stack">
                <strong className="empty-title">No groups yet</strong>
                <span>
                  Entra ID provisions the groups assigned to the enterprise app, with their members. Assign a group in Entra ID (or in a simulator scenario) and
                  it appears here after the next cycle.
                </span>
              </div>
            )}
          </EmptyState>
        )}
        {data && data.items.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table directory-table" aria-label="Groups" aria-busy={loading || undefined}>
                <thead>
                  <tr>
                    <th scope="col">Display name</th>
                    <th scope="col">External ID</th>
                    <th scope="col" className="num">
                      Members
                    </th>
                    <th scope="col">Last modified</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((g) => (
                    <tr key={g.id} {...openableRow(() => open(g.id), `Open group ${g.displayName || g.id}`)}>
                      <td className="cell-strong cell-clip" title={g.displayName}>
                        <RouteLink to={`/groups/${encodeURIComponent(g.id)}`} navigate={navigate} inRow>
                          {g.displayName || g.id}
                        </RouteLink>
                      </td>
                      <td className="mono cell-clip">{g.externalId || <span className="muted">—</span>}</td>
                      <td className="num">{g.memberCount.toLocaleString()}</td>
                      <td className="muted" title={formatDate(g.lastModified)}>
                        {formatDate(g.lastModified, 'short')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination offset={offset} limit={GROUPS_PAGE_SIZE} total={data.total} onChange={setOffset} />
          </>
        )}
      </DirectoryListCard>
    </>
  )
}
