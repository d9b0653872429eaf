import { useEffect, useId, useState } from 'react'
import { useConsoleQuery } from '../../lib/use-console'
import { SEARCH_DEBOUNCE_MS } from './directory-ui'

const SUGGESTIONS = 8

/**
 * The "Group" filter: a combobox that searches groups by name on the server (a workspace may hold
 * thousands), arrow keys and Enter to choose, Escape to close. Once chosen it shows as a chip
 * with a clear button.
 */
export function GroupPicker({ value, onChange }: { value: { id: string; displayName: string } | undefined; onChange: (group: { id: string; displayName: string } | undefined) => void }): React.JSX.Element {
  const [text, setText] = useState('')
  const [search, setSearch] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const listId = useId()

  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])

  const { data, loading, error } = useConsoleQuery('groups.list', { offset: 0, limit: SUGGESTIONS, search: search || undefined }, { enabled: open && value === undefined })
  const options = data?.items ?? []

  useEffect(() => setActive(0), [search])

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

  const choose = (index: number): void => {
    const group = options[index]
    if (!group) return
    onChange({ id: group.id, displayName: group.displayName })
    setText('')
    setOpen(false)
  }

  return (
    <div className="combobox">
      <input
        type="text"
        role="combobox"
        aria-label="Filter by group"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        placeholder="Any group"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
            setActive((i) => Math.min(i + 1, Math.max(options.length - 1, 0)))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((i) => Math.max(i - 1, 0))
          } else if (e.key === 'Enter' && open) {
            e.preventDefault()
            choose(active)
          } else if (e.key === 'Escape') setOpen(false)
        }}
      />
      {open && (
        <ul className="combobox-list" role="listbox" id={listId} aria-label="Groups">
          {error && <li className="combobox-note">{error.message}</li>}
          {!error && options.length === 0 && <li className="combobox-note">{loading ? 'Searching…' : search ? `No group matches “${search}”.` : 'No groups yet.'}</li>}
          {options.map((g, i) => (
            <li
              key={g.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // mousedown, not click: the input's blur would close the list first
              onMouseDown={(e) => {
                e.preventDefault()
                choose(i)
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span>{g.displayName || g.id}</span>
              <span className="muted small">{g.memberCount.toLocaleString()} members</span>
            </li>
          ))}
          {data && data.total > options.length && <li className="combobox-note">Type to narrow {data.total.toLocaleString()} groups.</li>}
        </ul>
      )}
    </div>
  )
}
