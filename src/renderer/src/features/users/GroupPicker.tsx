import { SearchPicker, narrowHint, useSearchPicker } from '../../components/search-picker'
import { useConsoleQuery } from '../../lib/use-console'

const SUGGESTIONS = 8

/**
 * The "Group" filter: a combobox that searches groups by name on the server (a workspace may hold
 * thousands), arrow keys and Enter to choose, Escape to close. Once chosen it shows as a chip
 * with a clear button.
 */
export function GroupPicker({
  value,
  onChange,
}: {
  value: { id: string; displayName: string } | undefined
  onChange: (group: { id: string; displayName: string } | undefined) => void
}): React.JSX.Element {
  const picker = useSearchPicker()
  const { data, loading, error } = useConsoleQuery(
    'groups.list',
    { offset: 0, limit: SUGGESTIONS, search: picker.search || undefined },
    { enabled: picker.open && value === undefined },
  )
  const options = data?.items ?? []

  if (value) {
    return (
      <span className="group-chip">
        <span className="muted">Group</span> <strong>{value.displayName || value.id}</strong>
        <button type="button" className="chip-clear" aria-label={`Clear group filter ${value.displayName}`} onClick={() => onChange(undefined)}>
          ×
        </button>
      </span>
    )
  }

  return (
    <SearchPicker
      picker={picker}
      label="Filter by group"
      listLabel="Groups"
      placeholder="Any group"
      options={options}
      optionKey={(g) => g.id}
      renderOption={(g) => (
        <>
          <span>{g.displayName || g.id}</span>
          <span className="muted small">{g.memberCount.toLocaleString()} members</span>
        </>
      )}
      onPick={(g) => onChange({ id: g.id, displayName: g.displayName })}
      loading={loading}
      error={error?.message}
      empty={picker.search ? `No group matches “${picker.search}”.` : 'No groups yet.'}
      hint={narrowHint(data?.total, options.length, 'groups')}
    />
  )
}
