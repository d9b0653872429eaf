/**
 * Pieces the directory screens share (Users, Groups, the simulator's Directory, Users and groups
 * and Provisioning logs): the debounced search box, keyboard-driven table rows, links inside a
 * routed screen, the list card, the SCIM resource viewer, the federated lock.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { CopyButton } from './copy-button'
import { SEARCH_DEBOUNCE_MS } from './search-picker'
import { Badge, Button, Card, Notice, PageHeader, Spinner } from './ui'

/**
 * A search field that reports its text after the typing pauses (Enter reports at once, Escape
 * clears). `value` is the search currently applied; when it changes from outside (Clear filters),
 * the field follows.
 */
export function SearchBox({
  value,
  onSearch,
  label,
  placeholder,
}: {
  value: string
  onSearch: (search: string) => void
  label: string
  placeholder: string
}): React.JSX.Element {
  const [draft, setDraft] = useState(value)
  const sent = useRef(value)
  const latest = useRef(onSearch)
  latest.current = onSearch

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value
      setDraft(value)
    }
  }, [value])

  useEffect(() => {
    if (draft === sent.current) return
    const timer = setTimeout(() => {
      sent.current = draft
      latest.current(draft)
    }, SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [draft])

  const applyNow = (text: string): void => {
    setDraft(text)
    if (text !== sent.current) {
      sent.current = text
      latest.current(text)
    }
  }

  return (
    <input
      type="search"
      className="directory-search"
      aria-label={label}
      placeholder={placeholder}
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') applyNow(e.currentTarget.value)
        else if (e.key === 'Escape' && draft !== '') {
          e.preventDefault()
          applyNow('')
        }
      }}
    />
  )
}

/**
 * Props for a table row that opens something: focusable, Enter or Space opens it, arrow keys
 * move between rows (one tab stop per row, not one per cell link).
 */
export function openableRow(open: () => void, label: string): React.HTMLAttributes<HTMLTableRowElement> {
  return {
    className: 'clickable',
    tabIndex: 0,
    'aria-label': label,
    onClick: (e) => {
      // a click on the row's own link is handled by the link (middle click, open in a new tab)
      if ((e.target as HTMLElement).closest('a')) return
      open()
    },
    onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => {
      if (e.target !== e.currentTarget) return
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        open()
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
        if (next instanceof HTMLElement) next.focus()
      }
    },
  }
}

/** A link inside a routed screen: a real href (new tab, copy link) that navigates in place on click. */
export function RouteLink({
  to,
  navigate,
  children,
  className,
  inRow = false,
}: {
  to: string
  navigate: (path: string) => void
  children: React.ReactNode
  className?: string
  inRow?: boolean
}): React.JSX.Element {
  return (
    <a
      href={`#${to}`}
      className={className}
      // in a table row the row itself is the tab stop
      tabIndex={inRow ? -1 : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
        e.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}

export function LockIcon(): React.JSX.Element {
  return (
    <svg className="lock-icon" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z"
      />
    </svg>
  )
}

/** A SCIM user's `active`, as the Users and Groups screens show it. */
export function ActiveBadge({ active }: { active: boolean }): React.JSX.Element {
  return (
    <Badge tone={active ? 'ok' : 'neutral'} dot>
      {active ? 'Active' : 'Inactive'}
    </Badge>
  )
}

/** The resource exactly as a SCIM GET returns it, pretty-printed, with a copy button. */
export function ScimResourceCard({ resource, kind }: { resource: Record<string, unknown>; kind: 'user' | 'group' }): React.JSX.Element {
  const json = JSON.stringify(resource, null, 2)
  return (
    <Card
      title="SCIM resource"
      description={`What GET /${kind === 'user' ? 'Users' : 'Groups'}/{id} returns to Entra ID.`}
      actions={<CopyButton text={json} label="Copy SCIM resource JSON" />}
    >
      <pre className="scim-json" tabIndex={0} aria-label="SCIM resource JSON">
        {json}
      </pre>
    </Card>
  )
}

/**
 * The frame of the Users and Groups lists: the count as the title (with a spinner while a live
 * refresh runs), the filter bar, a failed load with Retry, the first-load spinner. The table or
 * the empty state goes inside.
 */
export function DirectoryListCard({
  noun,
  total,
  loading,
  description,
  actions,
  filters,
  filtersLabel,
  error,
  onRetry,
  children,
}: {
  noun: { one: string; many: string }
  total: number | undefined
  loading: boolean
  description: string
  actions?: React.ReactNode
  filters: React.ReactNode
  filtersLabel: string
  error: ConsoleError | undefined
  onRetry: () => void
  children: React.ReactNode
}): React.JSX.Element {
  const title = noun.many.charAt(0).toUpperCase() + noun.many.slice(1)
  return (
    <div className="directory-card">
      <Card
        title={
          <span className="row">
            {total === undefined ? title : `${total.toLocaleString()} ${total === 1 ? noun.one : noun.many}`}
            {loading && total !== undefined && <span className="spinner" aria-label="Refreshing" />}
          </span>
        }
        description={description}
        actions={actions}
      >
        <div className="directory-filters" role="search" aria-label={filtersLabel}>
          {filters}
        </div>
        {error && (
          <div className="directory-notice">
            <Notice
              tone="error"
              title={`Could not load ${noun.many}`}
              action={
                <Button variant="secondary" size="sm" onClick={onRetry}>
                  Retry
                </Button>
              }
            >
              {error.message}
            </Notice>
          </div>
        )}
        {total === undefined && loading && (
          <div className="empty">
            <Spinner label={`Loading ${noun.many}`} />
          </div>
        )}
        {children}
      </Card>
    </div>
  )
}

/**
 * Rows left (a hard delete, a narrower filter elsewhere) and the page shown is past the end:
 * steps back to the last page that exists.
 */
export function useLastPageInRange(total: number | undefined, offset: number, pageSize: number, setOffset: (offset: number) => void): void {
  const latest = useRef(setOffset)
  latest.current = setOffset
  useEffect(() => {
    if (total !== undefined && total > 0 && offset >= total) latest.current(Math.floor((total - 1) / pageSize) * pageSize)
  }, [total, offset, pageSize])
}

/** The list card's "Clear filters" while any filter narrows the list. */
export function ClearFiltersButton({ onClear }: { onClear: () => void }): React.JSX.Element {
  return (
    <Button variant="ghost" size="sm" onClick={onClear}>
      Clear filters
    </Button>
  )
}

/** The empty state of a narrowed list: says nothing matches, and offers to widen it again. */
export function NoMatches({
  message,
  clearLabel = 'Clear filters',
  onClear,
}: {
  message: React.ReactNode
  clearLabel?: string
  onClear: () => void
}): React.JSX.Element {
  return (
    <div className="stack">
      <span>{message}</span>
      <span>
        <Button variant="secondary" size="sm" onClick={onClear}>
          {clearLabel}
        </Button>
      </span>
    </div>
  )
}

/** A detail screen before its first answer: the spinner, or why it failed (not found, offline) with Retry. */
export function DetailNotLoaded({
  noun,
  back,
  error,
  loading,
  onRetry,
}: {
  noun: string
  back: React.ReactNode
  error: ConsoleError | undefined
  loading: boolean
  onRetry: () => void
}): React.JSX.Element {
  const title = noun.charAt(0).toUpperCase() + noun.slice(1)
  return (
    <>
      <PageHeader title={title} actions={back} />
      {error ? (
        <Notice
          tone="error"
          title={error.code === 'not-found' ? `${title} not found` : `Could not load this ${noun}`}
          action={
            <Button variant="secondary" size="sm" onClick={onRetry}>
              Retry
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : (
        loading && <Spinner label={`Loading ${noun}`} />
      )}
    </>
  )
}
