import { useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Button, Dialog, Tabs } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { SearchBox } from '../../components/directory-ui'
import { SimErrorNotice } from '../../components/sim-ui'
import { memberWords } from '../../lib/format'

interface Picked {
  objectId: string
  displayName: string
  kind: 'user' | 'group'
  detail: string
}

const RESULTS = 50

/**
 * Add Assignment (seed, "Add" steps 1 to 4): search the directory, tick users and groups, see them
 * in Selected items, and Assign. Objects already assigned are shown but cannot be ticked again.
 */
export function AddAssignmentDialog({
  assigned,
  onClose,
  onAssigned,
}: {
  assigned: ReadonlySet<string>
  onClose: () => void
  onAssigned: (counts: { users: number; groups: number }) => void
}): React.JSX.Element {
  const [kind, setKind] = useState<'user' | 'group'>('user')
  const [search, setSearch] = useState('')
  const [selected, setSelected] = useState<Picked[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError>()

  const query = { offset: 0, limit: RESULTS, search: search.trim() || undefined }
  const users = useConsoleQuery('sim.users.list', { ...query, filter: 'all' }, { enabled: kind === 'user' })
  const groups = useConsoleQuery('sim.groups.list', query, { enabled: kind === 'group' })
  const result = kind === 'user' ? users : groups
  const options: Picked[] =
    kind === 'user'
      ? (users.data?.items ?? [])
          .filter((u) => !u.softDeleted)
          .map((u) => ({ objectId: u.objectId, displayName: u.displayName || u.userPrincipalName, kind: 'user', detail: u.userPrincipalName }))
      : (groups.data?.items ?? []).map((g) => ({ objectId: g.objectId, displayName: g.displayName, kind: 'group', detail: memberWords(g.memberCount) }))
  const isSelected = (id: string): boolean => selected.some((s) => s.objectId === id)
  const toggle = (o: Picked): void =>
    setSelected((list) => (list.some((s) => s.objectId === o.objectId) ? list.filter((s) => s.objectId !== o.objectId) : [...list, o]))

  const assign = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const userIds = selected.filter((s) => s.kind === 'user').map((s) => s.objectId)
    const groupIds = selected.filter((s) => s.kind === 'group').map((s) => s.objectId)
    const answer = await api.call('sim.assign', { userIds, groupIds })
    setBusy(false)
    // the answer holds the app's totals afterwards; the notice is about what this click assigned
    if (answer.ok) onAssigned({ users: userIds.length, groups: groupIds.length })
    else setError(answer.error)
  }

  const userCount = selected.filter((s) => s.kind === 'user').length
  const groupCount = selected.length - userCount
  return (
    <Dialog
      title="Add Assignment"
      onClose={() => !busy && onClose()}
      footer={
        <>
          <span className="muted small sim-footer-note">
            Users and groups:{' '}
            {selected.length === 0
              ? 'None Selected'
              : `${userCount} ${userCount === 1 ? 'user' : 'users'}, ${groupCount} ${groupCount === 1 ? 'group' : 'groups'} selected`}
          </span>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button onClick={() => void assign()} busy={busy} disabled={selected.length === 0}>
            Assign
          </Button>
        </>
      }
    >
      <div className="sim-assign">
        <div className="stack">
          <Tabs
            label="Object type"
            value={kind}
            onChange={(k) => {
              // a user's name searched among groups finds nothing: each list starts unfiltered
              setKind(k)
              setSearch('')
            }}
            tabs={[
              { id: 'user', label: 'Users' },
              { id: 'group', label: 'Groups' },
            ]}
          />
          <SearchBox
            value={search}
            onSearch={setSearch}
            label={kind === 'user' ? 'Search users' : 'Search groups'}
            placeholder={kind === 'user' ? 'Search by name or UPN…' : 'Search by name…'}
          />
          {result.error && <SimErrorNotice error={result.error} title="Could not search the directory" onRetry={result.reload} />}
          <ul className="sim-pick-list" aria-label={kind === 'user' ? 'Users' : 'Groups'} aria-busy={result.loading || undefined}>
            {!result.error && options.length === 0 && (
              <li className="muted">
                {result.loading
                  ? 'Searching…'
                  : search
                    ? `Nothing matches “${search}”.`
                    : kind === 'user'
                      ? 'The tenant has no users.'
                      : 'The tenant has no groups.'}
              </li>
            )}
            {options.map((o) => {
              const already = assigned.has(o.objectId)
              return (
                <li key={o.objectId}>
                  <label className={`checkbox sim-pick${already ? ' is-assigned' : ''}`}>
                    <input
                      type="checkbox"
                      checked={already || isSelected(o.objectId)}
                      disabled={already}
                      onChange={() => toggle(o)}
                      aria-label={`${o.displayName}${already ? ' (already assigned)' : ''}`}
                    />
                    <span className="sim-pick-text">
                      <strong>{o.displayName}</strong>
                      <span className="muted small">{already ? 'Already assigned' : o.detail}</span>
                    </span>
                  </label>
                </li>
              )
            })}
            {result.data && result.data.total > RESULTS && (
              <li className="muted small">
                Showing {RESULTS} of {result.data.total.toLocaleString()}: search to narrow.
              </li>
            )}
          </ul>
        </div>
        <div className="sim-selected" aria-label="Selected items" role="region">
          <span className="label">Selected items ({selected.length})</span>
          {selected.length === 0 ? (
            <span className="muted small">No items selected</span>
          ) : (
            <ul>
              {selected.map((s) => (
                <li key={s.objectId}>
                  <span>
                    {s.displayName} <span className="muted small">{s.kind === 'user' ? 'User' : 'Group'}</span>
                  </span>
                  <Button variant="ghost" size="sm" onClick={() => toggle(s)} aria-label={`Remove ${s.displayName} from the selection`}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {error && <SimErrorNotice error={error} title="The assignment failed" />}
      </div>
    </Dialog>
  )
}
