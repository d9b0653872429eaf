/**
 * Pieces the Simulated Entra ID screens share (Directory, Enterprise app, Users and groups): the
 * throttled refetch on `sim` events, the error notice that says what to do, the confirmation
 * dialog, the directory picker and the assignment badge.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { ConsoleError } from '@shared/console/api'
import type { SourceUserRow } from '@shared/console/simulator-api'
import { SearchPicker, narrowHint, useSearchPicker } from '../../components/search-picker'
import { Badge, Button, Dialog, Notice, PageHeader, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleEvent, useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'

/** How often at most a table refetches while a cycle streams `sim` events. */
export const SIM_REFRESH_MS = 1000

/**
 * Calls `refresh` when the simulator reports a change, at most once per `ms` (the last event in a
 * burst still gets its refetch): a running cycle sends progress many times a second, and a
 * 10,000-user page should not be asked for at that rate. Used by every Simulated Entra ID screen.
 */
export function useSimRefresh(refresh: () => void, ms = SIM_REFRESH_MS): void {
  // the refresh of the view shown when the timer fires, not of the one shown when it was set
  const latest = useRef(refresh)
  latest.current = refresh
  const last = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  useConsoleEvent('sim', () => {
    const wait = last.current + ms - Date.now()
    if (wait <= 0) {
      last.current = Date.now()
      latest.current()
    } else if (timer.current === undefined) {
      timer.current = setTimeout(() => {
        timer.current = undefined
        last.current = Date.now()
        latest.current()
      }, wait)
    }
  })
}

/** A failed call on these screens: what happened, and a Retry when there is something to retry. */
export function SimErrorNotice({ error, title, onRetry }: { error: ConsoleError; title: string; onRetry?: () => void }): React.JSX.Element {
  return (
    <Notice
      tone="error"
      title={title}
      action={
        onRetry && (
          <Button variant="secondary" size="sm" onClick={onRetry}>
            Retry
          </Button>
        )
      }
    >
      {error.message}
    </Notice>
  )
}

/** The way back from a user's or a group's page to the Directory. */
export function BackToDirectory(): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  return (
    <Button variant="secondary" onClick={() => navigate('/sim/directory')}>
      ← Directory
    </Button>
  )
}

/** A user's or a group's page before its first answer: the spinner, or why it failed with Retry. */
export function SimDetailNotLoaded({
  noun,
  error,
  loading,
  onRetry,
}: {
  noun: 'user' | 'group'
  error: ConsoleError | undefined
  loading: boolean
  onRetry: () => void
}): React.JSX.Element {
  const title = noun === 'user' ? 'User' : 'Group'
  return (
    <>
      <PageHeader title={title} actions={<BackToDirectory />} />
      {error ? (
        <SimErrorNotice error={error} title={error.code === 'not-found' ? `${title} not found` : `Could not load this ${noun}`} onRetry={onRetry} />
      ) : (
        loading && <Spinner label={`Loading the ${noun}`} />
      )}
    </>
  )
}

/** "Are you sure?" for what cannot be undone: the consequence in words, the action named on the button. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  onConfirm,
  onClose,
}: {
  title: string
  children: ReactNode
  confirmLabel: string
  danger?: boolean
  /** Resolves to an error to show in the dialog, or undefined when done (the dialog then closes). */
  onConfirm: () => Promise<ConsoleError | undefined>
  onClose: () => void
}): React.JSX.Element {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError>()
  const confirm = async (): Promise<void> => {
    setBusy(true)
    const failure = await onConfirm()
    setBusy(false)
    if (failure) setError(failure)
    else onClose()
  }
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={() => void confirm()} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="stack">
        {children}
        {error && <SimErrorNotice error={error} title={`${confirmLabel} failed`} />}
      </div>
    </Dialog>
  )
}

/** How a user is assigned to the app, in Entra's words. */
export function AssignmentBadge({ assignment }: { assignment: SourceUserRow['assignment'] }): React.JSX.Element {
  if (assignment === 'direct') return <Badge tone="accent">Assigned directly</Badge>
  if (assignment === 'group') return <Badge tone="accent">Assigned via group</Badge>
  return <Badge>Not assigned</Badge>
}

/** "1 member", "12 members". */
export function memberWords(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'member' : 'members'}`
}

export interface PickedObject {
  objectId: string
  displayName: string
  detail?: string
}

const SUGGESTIONS = 8

/**
 * A combobox that searches the simulated tenant's users or groups on the server (a generated
 * tenant may hold 100,000 users): type, arrow keys, Enter to pick, Escape to close.
 */
export function DirectoryPicker({
  kind,
  label,
  placeholder,
  onPick,
  exclude,
  id,
}: {
  kind: 'user' | 'group'
  label: string
  placeholder?: string
  onPick: (picked: PickedObject) => void
  /** objectIds not to offer (already members, the user itself). */
  exclude?: ReadonlySet<string>
  id?: string
}): React.JSX.Element {
  const picker = useSearchPicker()
  const { search, open } = picker
  const query = { offset: 0, limit: SUGGESTIONS, search: search || undefined }
  const users = useConsoleQuery('sim.users.list', { ...query, filter: 'all' }, { enabled: open && kind === 'user' })
  const groups = useConsoleQuery('sim.groups.list', query, { enabled: open && kind === 'group' })
  const result = kind === 'user' ? users : groups
  const options: PickedObject[] =
    kind === 'user'
      ? (users.data?.items ?? []).map((u) => ({ objectId: u.objectId, displayName: u.displayName || u.userPrincipalName, detail: u.userPrincipalName }))
      : (groups.data?.items ?? []).map((g) => ({ objectId: g.objectId, displayName: g.displayName, detail: memberWords(g.memberCount) }))

  return (
    <SearchPicker
      picker={picker}
      id={id}
      className="sim-picker"
      label={label}
      listLabel={kind === 'user' ? 'Users' : 'Groups'}
      placeholder={placeholder ?? (kind === 'user' ? 'Search users by name or UPN' : 'Search groups by name')}
      options={options.filter((o) => !exclude?.has(o.objectId))}
      optionKey={(o) => o.objectId}
      renderOption={(o) => (
        <>
          <span>{o.displayName}</span>
          {o.detail && <span className="muted small">{o.detail}</span>}
        </>
      )}
      onPick={onPick}
      loading={result.loading}
      error={result.error?.message}
      empty={search ? `Nothing matches “${search}”.` : kind === 'user' ? 'No users to pick.' : 'No groups to pick.'}
      hint={narrowHint(result.data?.total, options.length)}
    />
  )
}

/** Calls a sim.* method and hands back its error (or undefined): for actions that report in place. */
export async function simAction<M extends Parameters<typeof api.call>[0]>(
  method: M,
  input: Parameters<typeof api.call<M>>[1],
): Promise<ConsoleError | undefined> {
  const result = await api.call(method, input)
  return result.ok ? undefined : result.error
}
