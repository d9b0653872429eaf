/**
 * The console's building blocks. Screens compose these instead of styling their own, so the app
 * looks like one product: same buttons, cards, notices, focus rings and keyboard behaviour.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }): React.JSX.Element {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p>{description}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  )
}

export function Card({
  title,
  description,
  actions,
  footer,
  children,
  id,
}: {
  title?: ReactNode
  description?: ReactNode
  actions?: ReactNode
  footer?: ReactNode
  children?: ReactNode
  id?: string
}): React.JSX.Element {
  const headingId = useId()
  return (
    <section className="card" aria-labelledby={title ? headingId : undefined} id={id}>
      {title && (
        <div className="card-header">
          <div>
            <h2 id={headingId}>{title}</h2>
            {description && <p>{description}</p>}
          </div>
          {actions && <div className="actions">{actions}</div>}
        </div>
      )}
      {children !== undefined && <div className="card-body">{children}</div>}
      {footer && <div className="card-footer">{footer}</div>}
    </section>
  )
}

type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger'
  size?: 'sm' | 'md'
  busy?: boolean
}

export function Button({ variant = 'primary', size = 'md', busy = false, className, children, disabled, ...rest }: ButtonProps): React.JSX.Element {
  const classes = ['btn', variant !== 'primary' ? `btn-${variant}` : '', size === 'sm' ? 'btn-sm' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <button type="button" className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  )
}

export function Badge({
  tone = 'neutral',
  children,
  dot = false,
}: {
  tone?: 'neutral' | 'ok' | 'warn' | 'danger' | 'accent'
  children: ReactNode
  dot?: boolean
}): React.JSX.Element {
  return (
    <span className={`badge${tone === 'neutral' ? '' : ` badge-${tone}`}`}>
      {dot && <span className="dot" aria-hidden="true" />}
      {children}
    </span>
  )
}

/** A message in place: what happened and what to do. Errors are announced to screen readers. */
export function Notice({
  tone = 'info',
  title,
  children,
  action,
}: {
  tone?: 'info' | 'ok' | 'warn' | 'error'
  title?: ReactNode
  children?: ReactNode
  action?: ReactNode
}): React.JSX.Element {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div style={{ flex: 1 }}>
        {title && <strong>{title}</strong>}
        {children}
      </div>
      {action}
    </div>
  )
}

export function Spinner({ label = 'Loading' }: { label?: string }): React.JSX.Element {
  return (
    <span className="row muted" role="status">
      <span className="spinner" aria-hidden="true" /> {label}…
    </span>
  )
}

/**
 * A screen whose data has not arrived: a spinner while it loads, or what failed with Retry.
 * `what` completes "Loading …" and "… could not be loaded" ("the portal settings").
 */
export function ScreenNotLoaded({
  title,
  what,
  error,
  onRetry,
}: {
  title: string
  what: string
  error: { message: string } | undefined
  onRetry: () => void
}): React.JSX.Element {
  return (
    <>
      <PageHeader title={title} />
      {error ? (
        <Notice
          tone="error"
          title={`${what[0].toUpperCase()}${what.slice(1)} could not be loaded`}
          action={
            <Button variant="secondary" onClick={onRetry}>
              Retry
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : (
        <Spinner label={`Loading ${what}`} />
      )}
    </>
  )
}

export function EmptyState({ children }: { children: ReactNode }): React.JSX.Element {
  return <div className="empty">{children}</div>
}

/** A read-only value with a Copy button; falls back to selecting the text when the clipboard is refused. */
export function CopyField({ value, label, id }: { value: string; label: string; id?: string }): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle')
  const field = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
    } catch {
      field.current?.select()
      setState('select')
    }
  }
  return (
    <div className="copy-field">
      <input id={id} ref={field} type="text" readOnly value={value} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      <Button variant="secondary" onClick={copy} aria-label={`Copy ${label}`}>
        {state === 'copied' ? 'Copied' : state === 'select' ? 'Press Ctrl+C' : 'Copy'}
      </Button>
    </div>
  )
}

export function Switch({
  checked,
  onChange,
  label,
  disabled,
  id,
}: {
  checked: boolean
  onChange: (checked: boolean) => void
  label: ReactNode
  disabled?: boolean
  id?: string
}): React.JSX.Element {
  return (
    <label className="switch">
      <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />
      {label}
    </label>
  )
}

/** A labelled form field with its hint and its error, wired for screen readers. */
export function Field({
  label,
  hint,
  error,
  children,
  htmlFor,
}: {
  label: ReactNode
  hint?: ReactNode
  error?: string
  children: ReactNode
  htmlFor: string
}): React.JSX.Element {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && !error && (
        <span className="hint" id={`${htmlFor}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${htmlFor}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

export function Pagination({
  offset,
  limit,
  total,
  onChange,
}: {
  offset: number
  limit: number
  total: number
  onChange: (offset: number) => void
}): React.JSX.Element {
  const from = total === 0 ? 0 : offset + 1
  const to = Math.min(offset + limit, total)
  return (
    <nav className="pagination" aria-label="Pages">
      <span>
        {from.toLocaleString()}–{to.toLocaleString()} of {total.toLocaleString()}
      </span>
      <span className="spacer" />
      <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => onChange(0)}>
        First
      </Button>
      <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </Button>
      <Button variant="secondary" size="sm" disabled={to >= total} onClick={() => onChange(offset + limit)}>
        Next
      </Button>
    </nav>
  )
}

/** A modal dialog: focus moves in, Escape closes, the backdrop click closes. */
export function Dialog({
  title,
  onClose,
  children,
  footer,
}: {
  title: string
  onClose: () => void
  children: ReactNode
  footer?: ReactNode
}): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null)
  const headingId = useId()
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    ref.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus()
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      previous?.focus()
    }
  }, [onClose])
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={headingId} ref={ref}>
        <div className="card-header">
          <h2 id={headingId}>{title}</h2>
        </div>
        <div className="card-body">{children}</div>
        {footer && <div className="card-footer">{footer}</div>}
      </div>
    </div>
  )
}

/**
 * A tab list as WAI-ARIA describes it: one tab stop (the selected tab), arrow keys, Home and End
 * move between tabs and select them. Panels may point back with `aria-labelledby={tabId(id)}`.
 */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
  idPrefix = 'tab',
}: {
  tabs: { id: T; label: string }[]
  value: T
  onChange: (id: T) => void
  label: string
  idPrefix?: string
}): React.JSX.Element {
  const list = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: React.KeyboardEvent): void => {
    const index = tabs.findIndex((t) => t.id === value)
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null
    if (next === null) return
    e.preventDefault()
    const target = tabs[(next + tabs.length) % tabs.length]
    onChange(target.id)
    list.current?.querySelector<HTMLElement>(`[data-tab="${target.id}"]`)?.focus()
  }
  return (
    <div className="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`${idPrefix}-${tab.id}`}
          data-tab={tab.id}
          className="tab"
          aria-selected={tab.id === value}
          tabIndex={tab.id === value ? 0 : -1}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}
