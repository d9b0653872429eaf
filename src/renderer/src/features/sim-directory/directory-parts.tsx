/**
 * Pieces of the Directory screens (the list, a user's page, a group's page, the user dialog): the
 * way back to the list, a page before its first answer, the directory picker, and actions that
 * report their error in place.
 */
import type { ConsoleError } from '@shared/console/api'
import { SearchPicker, narrowHint, useSearchPicker } from '../../components/search-picker'
import { SimErrorNotice } from '../../components/sim-ui'
import { Button, PageHeader, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { memberWords } from '../../lib/format'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'

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
