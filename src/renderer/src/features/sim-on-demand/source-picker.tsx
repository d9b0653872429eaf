import { useEffect, useId, useState } from 'react'
import type { SourceGroupRow, SourceUserRow } from '@shared/console/simulator-api'
import { useConsoleQuery } from '../../lib/use-console'
import { SEARCH_DEBOUNCE_MS } from '../users/directory-ui'
import { describeSimError } from '../sim-logs/sim-ui'

const SUGGESTIONS = 10

export interface PickedSource {
  objectId: string
  displayName: string
  /** userPrincipalName for a user, mailNickname for a group. */
  secondary: string
}

interface Option extends PickedSource {
  note: string
}

/**
 * The combobox both pickers share: searches the simulated tenant on the server (a generated
 * directory may hold 100,000 users), arrow keys and Enter choose, Escape closes. Once chosen it
 * shows as a chip with a clear button, as the Users screen's group filter does.
 */
function SourceCombobox({
  label,
  placeholder,
  noun,
  value,
  onChange,
  options,
  total,
  loading,
  errorText,
  onSearch,
  onOpen,
}: {
  label: string
  placeholder: string
  noun: { one: string; many: string }
  value: PickedSource | undefined
  onChange: (picked: PickedSource | undefined) => void
  options: Option[]
  total: number | undefined
  loading: boolean
  errorText: string | undefined
  onSearch: (text: string) => void
  onOpen: (open: boolean) => void
}): React.JSX.Element {
  const [text, setText] = useState('')
  const [open, setOpenState] = useState(false)
  const [active, setActive] = useState(0)
  const listId = useId()
  const setOpen = (next: boolean): void => {
    setOpenState(next)
    onOpen(next)
  }

  useEffect(() => {
    const timer = setTimeout(() => onSearch(text.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
    // onSearch is a state setter of the parent: stable
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text])
  useEffect(() => setActive(0), [options.length])

  if (value) {
    return (
      <span className="group-chip simx-chip">
        <span className="muted">{noun.one.charAt(0).toUpperCase() + noun.one.slice(1)}</span> <strong>{value.displayName}</strong>
        {value.secondary && value.secondary !== value.displayName && <span className="muted small">{value.secondary}</span>}
        <button type="button" className="chip-clear" aria-label={`Clear ${noun.one} ${value.displayName}`} onClick={() => onChange(undefined)}>
          ×
        </button>
      </span>
    )
  }

  const choose = (index: number): void => {
    const option = options[index]
    if (!option) return
    onChange({ objectId: option.objectId, displayName: option.displayName, secondary: option.secondary })
    setText('')
    setOpen(false)
  }

  return (
    <div className="combobox simx-combobox">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        placeholder={placeholder}
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
        <ul className="combobox-list" role="listbox" id={listId} aria-label={noun.many.charAt(0).toUpperCase() + noun.many.slice(1)}>
          {errorText && <li className="combobox-note">{errorText}</li>}
          {!errorText && options.length === 0 && <li className="combobox-note">{loading ? 'Searching…' : text.trim() ? `No ${noun.one} matches “${text.trim()}”.` : `No ${noun.many} in the simulated tenant yet.`}</li>}
          {options.map((o, i) => (
            <li
              key={o.objectId}
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
              <span className="simx-option-main">
                <span>{o.displayName}</span>
                {o.secondary !== o.displayName && <span className="muted small">{o.secondary}</span>}
              </span>
              <span className="muted small">{o.note}</span>
            </li>
          ))}
          {total !== undefined && total > options.length && (
            <li className="combobox-note">
              Type to narrow {total.toLocaleString()} {noun.many}.
            </li>
          )}
        </ul>
      )}
    </div>
  )
}

function userNote(u: SourceUserRow): string {
  if (u.softDeleted) return 'Deleted'
  if (!u.accountEnabled) return 'Sign-in blocked'
  return u.assignment === 'none' ? 'Not assigned' : u.assignment === 'group' ? 'Assigned via group' : 'Assigned'
}

/** Picks a user of the simulated tenant (sim.users.list, searched on the server). */
export function SimUserPicker({ value, onChange, label = 'User' }: { value: PickedSource | undefined; onChange: (picked: PickedSource | undefined) => void; label?: string }): React.JSX.Element {
  const [search, setSearch] = useState('')
  const [open, setOpen] = useState(false)
  const { data, loading, error } = useConsoleQuery('sim.users.list', { offset: 0, limit: SUGGESTIONS, search: search || undefined, filter: 'all' }, { enabled: open && value === undefined })
  const options = (data?.items ?? []).map((u) => ({ objectId: u.objectId, displayName: u.displayName || u.userPrincipalName, secondary: u.userPrincipalName, note: userNote(u) }))
  return (
    <SourceCombobox
      label={label}
      placeholder="Search users by name or UPN…"
      noun={{ one: 'user', many: 'users' }}
      value={value}
      onChange={onChange}
      options={options}
      total={data?.total}
      loading={loading}
      errorText={error ? describeSimError(error, 'search users').title : undefined}
      onSearch={setSearch}
      onOpen={setOpen}
    />
  )
}

function groupNote(g: SourceGroupRow): string {
  return `${g.memberCount.toLocaleString()} member${g.memberCount === 1 ? '' : 's'}${g.assigned ? ' · assigned' : ''}`
}

/** Picks a group of the simulated tenant (sim.groups.list). */
export function SimGroupPicker({ value, onChange, label = 'Group' }: { value: PickedSource | undefined; onChange: (picked: PickedSource | undefined) => void; label?: string }): React.JSX.Element {
  const [search, setSearch] = useState('')
  const [open, setOpen] = useState(false)
  const { data, loading, error } = useConsoleQuery('sim.groups.list', { offset: 0, limit: SUGGESTIONS, search: search || undefined }, { enabled: open && value === undefined })
  const options = (data?.items ?? []).map((g) => ({ objectId: g.objectId, displayName: g.displayName, secondary: g.mailNickname, note: groupNote(g) }))
  return (
    <SourceCombobox
      label={label}
      placeholder="Search groups by name…"
      noun={{ one: 'group', many: 'groups' }}
      value={value}
      onChange={onChange}
      options={options}
      total={data?.total}
      loading={loading}
      errorText={error ? describeSimError(error, 'search groups').title : undefined}
      onSearch={setSearch}
      onOpen={setOpen}
    />
  )
}
