import { useState } from 'react'
import { Badge, Button, Card, EmptyState, Notice, PageHeader, Tabs } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useUsersView } from '../../stores/users-store'
import { ActiveBadge, DetailNotLoaded, LockIcon, RouteLink, ScimResourceCard, openableRow } from '../../components/directory-ui'

type TabId = 'members' | 'resource'

/** One group: its members (linking to each user) and its SCIM resource. */
export function GroupDetailPage({ id }: { id: string }): React.JSX.Element {
  return <GroupDetail key={id} id={id} />
}

function GroupDetail({ id }: { id: string }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery('groups.get', { id }, { live: true })
  const [tab, setTab] = useState<TabId>('members')

  const back = (
    <Button variant="secondary" onClick={() => navigate('/groups')}>
      ← All groups
    </Button>
  )

  if (!data) return <DetailNotLoaded noun="group" back={back} error={error} loading={loading} onRetry={reload} />

  const { row, members } = data
  const showInUsers = (): void => {
    useUsersView.getState().setFilters({ search: '', status: 'all', cal: '', group: { id: row.id, displayName: row.displayName } })
    navigate('/users')
  }

  return (
    <>
      <PageHeader
        title={row.displayName || row.id}
        description={
          <span className="row detail-badges">
            <Badge>
              {row.memberCount.toLocaleString()} {row.memberCount === 1 ? 'member' : 'members'}
            </Badge>
            <Badge>
              <LockIcon /> Managed by Entra ID
            </Badge>
            <span className="muted">Last modified {formatDate(row.lastModified)}</span>
          </span>
        }
        actions={
          <>
            {back}
            <Button variant="secondary" onClick={showInUsers}>
              Filter users by this group
            </Button>
          </>
        }
      />
      {error && (
        <Notice
          tone="error"
          title="Could not refresh this group"
          action={
            <Button variant="secondary" size="sm" onClick={reload}>
              Retry
            </Button>
          }
        >
          {error.message} What is shown may be out of date.
        </Notice>
      )}
      <Card title="Details">
        <dl className="kv">
          <dt>Display name</dt>
          <dd>{row.displayName || '—'}</dd>
          <dt>External ID</dt>
          <dd className="mono">{row.externalId || '—'}</dd>
          <dt>ID</dt>
          <dd className="mono">{row.id}</dd>
        </dl>
      </Card>
      <Tabs<TabId>
        label="Group details"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'members', label: `Members (${row.memberCount.toLocaleString()})` },
          { id: 'resource', label: 'SCIM resource' },
        ]}
      />
      <div role="tabpanel" aria-label={tab}>
        {tab === 'members' && (
          <div className="directory-card">
            <Card
              title="Members"
              description={
                row.memberCount > members.length
                  ? `Showing the first ${members.length.toLocaleString()} of ${row.memberCount.toLocaleString()}. Filter users by this group to page through all of them.`
                  : 'Managed by Entra ID: membership changes arrive by SCIM.'
              }
            >
              {members.length === 0 ? (
                <EmptyState>This group has no members.</EmptyState>
              ) : (
                <div className="table-wrap">
                  <table className="table directory-table" aria-label="Members">
                    <thead>
                      <tr>
                        <th scope="col">User name</th>
                        <th scope="col">Display name</th>
                        <th scope="col">Status</th>
                        <th scope="col">CAL</th>
                      </tr>
                    </thead>
                    <tbody>
                      {members.map((m) => (
                        <tr key={m.id} {...openableRow(() => navigate(`/users/${encodeURIComponent(m.id)}`), `Open user ${m.userName}`)}>
                          <td className="cell-strong">
                            <RouteLink to={`/users/${encodeURIComponent(m.id)}`} navigate={navigate} inRow>
                              {m.userName}
                            </RouteLink>
                          </td>
                          <td>{m.displayName || <span className="muted">—</span>}</td>
                          <td>
                            <ActiveBadge active={m.active} />
                          </td>
                          <td>
                            <Badge tone="accent">{m.cal}</Badge>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          </div>
        )}
        {tab === 'resource' && <ScimResourceCard resource={data.resource} kind="group" />}
      </div>
    </>
  )
}
