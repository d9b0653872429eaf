/**
 * The search-as-you-type combobox of the console's pickers (the Users screen's group filter, the
 * simulated tenant's user and group pickers): the caller asks the server for `search` while the
 * list is `open` (a tenant may hold 100,000 users, so nothing is filtered in the page), and this
 * draws the input and the list with the keyboard of the ARIA combobox pattern: arrow keys move,
 * Enter picks, Escape closes the list (and only the list, not a dialog around it).
 */
import { useEffect, useId, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react'

/** How long a search waits after the last keystroke: one request per pause, not per letter. */
export const SEARCH_DEBOUNCE_MS = 250

export interface SearchPickerState {
  /** What was typed, trimmed, once the typing paused: what to ask the server for. */
  search: string
  /** Whether the list shows: query only while it does. */
  open: boolean
  text: string
  setText(text: string): void
  setOpen(open: boolean): void
  active: number
  setActive: Dispatch<SetStateAction<number>>
  listId: string
}

/**
 * The state of one picker, kept by the component that queries for it (the query needs `search`
 * and `open` before there are options to show). A new search starts again at the first option.
 */
export function useSearchPicker(): SearchPickerState {
  const [text, setText] = useState('')
  const [search, setSearch] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const listId = useId()

  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])
  useEffect(() => setActive(0), [search])

  return { search, open, text, setText, setOpen, active, setActive, listId }
}

/** "Type to narrow 1,234 groups." when the server holds more matches than the list shows. */
export function narrowHint(total: number | undefined, shown: number, noun?: string): string | undefined {
  if (total === undefined || total <= shown) return undefined
  return `Type to narrow ${total.toLocaleString()}${noun ? ` ${noun}` : ''}.`
}

export function SearchPicker<T>({
  picker,
  id,
  className,
  label,
  listLabel,
  placeholder,
  options,
  optionKey,
  renderOption,
  onPick,
  loading,
  error,
  empty,
  hint,
}: {
  picker: SearchPickerState
  id?: string
  /** Added to `combobox`. */
  className?: string
  /** The input's accessible name. */
  label: string
  /** The list's accessible name. */
  listLabel: string
  placeholder: string
  options: readonly T[]
  optionKey: (option: T) => string
  renderOption: (option: T) => ReactNode
  onPick: (option: T) => void
  loading: boolean
  /** The failed search, worded for a person. */
  error: string | undefined
  /** What the list says when there is nothing to pick (and no search running). */
  empty: string
  /** A last line under the options, such as narrowHint's. */
  hint?: string
}): React.JSX.Element {
  const { text, setText, open, setOpen, active, setActive, listId } = picker

  const choose = (index: number): void => {
    const option = options[index]
    if (!option) return
    onPick(option)
    setText('')
    setOpen(false)
  }

  return (
    <div className={className ? `combobox ${className}` : 'combobox'}>
      <input
        id={id}
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
          } else if (e.key === 'Escape' && open) {
            // the dialog around a picker closes on Escape from the document: close the list only
            e.stopPropagation()
            e.nativeEvent.stopImmediatePropagation()
            setOpen(false)
          }
        }}
      />
      {open && (
        <ul className="combobox-list" role="listbox" id={listId} aria-label={listLabel}>
          {error && <li className="combobox-note">{error}</li>}
          {!error && options.length === 0 && <li className="combobox-note">{loading ? 'Searching…' : empty}</li>}
          {options.map((option, i) => (
            <li
              key={optionKey(option)}
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
              {renderOption(option)}
            </li>
          ))}
          {hint && <li className="combobox-note">{hint}</li>}
        </ul>
      )}
    </div>
  )
}
