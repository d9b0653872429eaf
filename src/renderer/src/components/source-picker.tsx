import type { SourceGroupRow, SourceUserRow } from '@shared/console/simulator-api'
import { SearchPicker, narrowHint, useSearchPicker, type SearchPickerState } from './search-picker'
import { useConsoleQuery } from '../lib/use-console'
import { memberWords } from '../lib/format'
import { describeSimError } from './sim-ui'

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
 * What both pickers share around the search combobox: once chosen, the pick shows as a chip with
 * a clear button, as the Users screen's group filter does.
 */
function SourceCombobox({
  picker,
  label,
  placeholder,
  noun,
  value,
  onChange,
  options,
  total,
  loading,
  errorText,
}: {
  picker: SearchPickerState
  label: string
  placeholder: string
  noun: { one: string; many: string }
  value: PickedSource | undefined
  onChange: (picked: PickedSource | undefined) => void
  options: Option[]
  total: number | undefined
  loading: boolean
  errorText: string | undefined
}): React.JSX.Element {
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

  return (
    <SearchPicker
      picker={picker}
      className="simx-combobox"
      label={label}
      listLabel={noun.many.charAt(0).toUpperCase() + noun.many.slice(1)}
      placeholder={placeholder}
      options={options}
      optionKey={(o) => o.objectId}
      renderOption={(o) => (
        <>
          <span className="simx-option-main">
            <span>{o.displayName}</span>
            {o.secondary !== o.displayName && <span className="muted small">{o.secondary}</span>}
          </span>
          <span className="muted small">{o.note}</span>
        </>
      )}
      onPick={(o) => onChange({ objectId: o.objectId, displayName: o.displayName, secondary: o.secondary })}
      loading={loading}
      error={errorText}
      empty={picker.search ? `No ${noun.one} matches “${picker.search}”.` : `No ${noun.many} in the simulated tenant yet.`}
      hint={narrowHint(total, options.length, noun.many)}
    />
  )
}

function userNote(u: SourceUserRow): string {
  if (u.softDeleted) return 'Deleted'
  if (!u.accountEnabled) return 'Sign-in blocked'
  return u.assignment === 'none' ? 'Not assigned' : u.assignment === 'group' ? 'Assigned via group' : 'Assigned'
}

/** Picks a user of the simulated tenant (sim.users.list, searched on the server). */
export function SimUserPicker({
  value,
  onChange,
  label = 'User',
}: {
  value: PickedSource | undefined
  onChange: (picked: PickedSource | undefined) => void
  label?: string
}): React.JSX.Element {
  const picker = useSearchPicker()
  const { data, loading, error } = useConsoleQuery(
    'sim.users.list',
    { offset: 0, limit: SUGGESTIONS, search: picker.search || undefined, filter: 'all' },
    { enabled: picker.open && value === undefined },
  )
  const options = (data?.items ?? []).map((u) => ({
    objectId: u.objectId,
    displayName: u.displayName || u.userPrincipalName,
    secondary: u.userPrincipalName,
    note: userNote(u),
  }))
  return (
    <SourceCombobox
      picker={picker}
      label={label}
      placeholder="Search users by name or UPN…"
      noun={{ one: 'user', many: 'users' }}
      value={value}
      onChange={onChange}
      options={options}
      total={data?.total}
      loading={loading}
      errorText={error ? describeSimError(error, 'search users').title : undefined}
    />
  )
}

function groupNote(g: SourceGroupRow): string {
  return `${memberWords(g.memberCount)}${g.assigned ? ' · assigned' : ''}`
}

/** Picks a group of the simulated tenant (sim.groups.list). */
export function SimGroupPicker({
  value,
  onChange,
  label = 'Group',
}: {
  value: PickedSource | undefined
  onChange: (picked: PickedSource | undefined) => void
  label?: string
}): React.JSX.Element {
  const picker = useSearchPicker()
  const { data, loading, error } = useConsoleQuery(
    'sim.groups.list',
    { offset: 0, limit: SUGGESTIONS, search: picker.search || undefined },
    { enabled: picker.open && value === undefined },
  )
  const options = (data?.items ?? []).map((g) => ({ objectId: g.objectId, displayName: g.displayName, secondary: g.mailNickname, note: groupNote(g) }))
  return (
    <SourceCombobox
      picker={picker}
      label={label}
      placeholder="Search groups by name…"
      noun={{ one: 'group', many: 'groups' }}
      value={value}
      onChange={onChange}
      options={options}
      total={data?.total}
      loading={loading}
      errorText={error ? describeSimError(error, 'search groups').title : undefined}
    />
  )
}
