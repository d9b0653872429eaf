import { useCallback, useEffect, useRef, useState } from 'react'
import type { UserRow } from '@shared/console/api'
import { Badge, Button, Card, Dialog, Notice, PageHeader, Tabs } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useToasts } from '../../stores/toast-store'
import { CalExplanationCard } from './CalExplanationCard'
import { ProvisioningHistory } from './ProvisioningHistory'
import { FederatedLabel } from './UsersPage'
import { ActiveBadge, DetailNotLoaded, LockIcon, RouteLink, ScimResourceCard } from '../../components/directory-ui'

type TabId = 'overview' | 'cal' | 'resource' | 'history'

/** One user: profile, CAL and why, the SCIM resource, the requests that shaped it; deactivate or reactivate. */
export function UserDetailPage({ id }: { id: string }): React.JSX.Element {
  // a new id is a new screen: tab, dialog and pending state start over
  return <UserDetail key={id} id={id} />
}

function UserDetail({ id }: { id: string }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const { data, error, loading, reload } = useConsoleQuery('users.get', { id }, { live: true })
  const [tab, setTab] = useState<TabId>('overview')
  const [confirming, setConfirming] = useState(false)
  // the row setActive returned, shown until the next load catches up
  const [updated, setUpdated] = useState<UserRow>()
  useEffect(() => setUpdated(undefined), [data])
  const closeDialog = useCallback(() => setConfirming(false), [])

  const back = (
    <Button variant="secondary" onClick={() => navigate('/users')}>
      ← All users
    </Button>
  )

  if (!data) return <DetailNotLoaded noun="user" back={back} error={error} loading={loading} onRetry={reload} />

  const row = updated ?? data.row
  const meta = (data.resource.meta ?? {}) as { created?: string; lastModified?: string }

  return (
    <>
      <PageHeader
        title={row.userName}
        description={
          <span className="row detail-badges">
            <ActiveBadge active={row.active} />
            <Badge tone="accent">CAL: {row.cal}</Badge>
            {row.federated && (
              <Badge>
                <LockIcon /> Federated
              </Badge>
            )}
            {row.displayName && <span className="muted">{row.displayName}</span>}
          </span>
        }
        actions={
          <>
            {back}
            <Button variant={row.active ? 'danger' : 'primary'} onClick={() => setConfirming(true)}>
              {row.active ? 'Deactivate' : 'Reactivate'}
            </Button>
          </>
        }
      />
      {error && (
        <Notice
          tone="error"
          title="Could not refresh this user"
          action={
            <Button variant="secondary" size="sm" onClick={reload}>
              Retry
            </Button>
          }
        >
          {error.message} What is shown may be out of date.
        </Notice>
      )}
      {row.nameWarnings && (
        <Notice tone="warn" title="Check this name">
          {row.nameWarnings.join(' ')} Compare it with the user you expect before trusting it, and check the source in Entra ID.
        </Notice>
      )}
      {!row.active && (
        <Notice tone="warn" title="Inactive">
          This user's access is revoked. Users are never deleted: it stays here, findable as inactive, until Entra ID or you reactivate it.
        </Notice>
      )}
      {row.federated && (
        <Notice tone="info" title="Federated user">
          Provisioned by SCIM: the profile is managed by Entra ID and cannot be edited here. Change it in Entra ID (or the simulator's directory) and the next
          provisioning cycle brings it over.
        </Notice>
      )}

      <Tabs<TabId>
        label="User details"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: 'overview', label: 'Overview' },
          { id: 'cal', label: 'CAL' },
          { id: 'resource', label: 'SCIM resource' },
          { id: 'history', label: `History (${data.history.length})` },
        ]}
      />
      <div role="tabpanel" aria-label={tab}>
        {tab === 'overview' && (
          <Card title="Profile">
            <dl className="kv">
              <dt>User name</dt>
              <dd>{row.userName}</dd>
              <dt>Display name</dt>
              <dd>{row.displayName || '—'}</dd>
              <dt>Email</dt>
              <dd>{row.email || '—'}</dd>
              <dt>External ID</dt>
              <dd className="mono">{row.externalId || '—'}</dd>
              <dt>ID</dt>
              <dd className="mono">{row.id}</dd>
              <dt>Status</dt>
              <dd>
                <ActiveBadge active={row.active} />
              </dd>
              <dt>CAL</dt>
              <dd>
                {row.cal}{' '}
                <button type="button" className="link-button" onClick={() => setTab('cal')}>
                  Why?
                </button>
              </dd>
              <dt>Source</dt>
              <dd>
                <FederatedLabel federated={row.federated} />
              </dd>
              <dt>Created</dt>
              <dd>{formatDate(meta.created)}</dd>
              <dt>Last modified</dt>
              <dd>{formatDate(row.lastModified || meta.lastModified)}</dd>
              <dt>Groups</dt>
              <dd>
                {data.groups.length === 0 ? (
                  <span className="muted">Not a member of any group.</span>
                ) : (
                  <ul className="group-links">
                    {data.groups.map((g) => (
                      <li key={g.id}>
                        <RouteLink to={`/groups/${encodeURIComponent(g.id)}`} navigate={navigate}>
                          {g.displayName || g.id}
                        </RouteLink>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
          </Card>
        )}
        {tab === 'cal' && <CalExplanationCard explanation={data.calExplanation} onOpenRules={() => navigate('/settings/provisioning')} />}
        {tab === 'resource' && <ScimResourceCard resource={data.resource} kind="user" />}
        {tab === 'history' && <ProvisioningHistory entries={data.history} />}
      </div>

      {confirming && (
        <ConfirmActiveDialog
          row={row}
          onClose={closeDialog}
          onDone={(next) => {
            setUpdated(next)
            setConfirming(false)
            reload()
          }}
        />
      )}
    </>
  )
}

function ConfirmActiveDialog({ row, onClose, onDone }: { row: UserRow; onClose: () => void; onDone: (row: UserRow) => void }): React.JSX.Element {
  const show = useToasts((s) => s.show)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string>()
  const deactivate = row.active
  // one identity for the dialog's whole life: Dialog moves focus whenever onClose changes
  const busyRef = useRef(false)
  busyRef.current = busy
  const close = useCallback(() => {
    if (!busyRef.current) onClose()
  }, [onClose])

  const confirm = async (): Promise<void> => {
    setBusy(true)
    setFailure(undefined)
    const result = await api.call('users.setActive', { id: row.id, active: !deactivate })
    setBusy(false)
    if (!result.ok) {
      setFailure(result.error.message)
      return
    }
    show(deactivate ? `${row.userName} deactivated` : `${row.userName} reactivated`)
    onDone(result.value)
  }

  return (
    <Dialog
      title={deactivate ? `Deactivate ${row.userName}?` : `Reactivate ${row.userName}?`}
      onClose={close}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={deactivate ? 'danger' : 'primary'} busy={busy} onClick={() => void confirm()}>
            {deactivate ? 'Deactivate user' : 'Reactivate user'}
          </Button>
        </>
      }
    >
      {deactivate ? (
        <p>
          The user's access is revoked at once (<code>active: false</code>, as when Entra ID sends <code>DELETE /Users/{'{id}'}</code>). Users are never
          deleted: the user stays in the list as inactive and can be reactivated at any time.
        </p>
      ) : (
        <p>
          The user's access is restored (<code>active: true</code>) with the same profile, groups and CAL rules.
        </p>
      )}
      {row.federated && <p className="muted small">Entra ID stays the source of truth: its next provisioning change to this user may set the status again.</p>}
      {failure && (
        <Notice tone="error" title={deactivate ? 'Could not deactivate' : 'Could not reactivate'}>
          {failure}
        </Notice>
      )}
    </Dialog>
  )
}
