/**
 * Pieces the Simulated Entra ID screens share (Directory, Enterprise app, Users and groups,
 * Provision on demand, Provisioning logs, Scenarios, Resulting user state): errors worded for a
 * person, the confirmation dialog, the account, scope and assignment badges, Entra's status
 * icons, "View details" key/value lists and collapsible sections.
 */
import { useId, useState, type ReactNode } from 'react'
import type { ConsoleError } from '@shared/console/api'
import type { SourceUserRow } from '@shared/console/simulator-api'
import { Badge, Button, Dialog, Notice } from './ui'

/** A console error as a title and a sentence saying what to do; `offline` is the harness not answering at all. */
export function describeSimError(error: ConsoleError, doing: string): { title: string; message: string } {
  if (error.code === 'offline') return { title: 'The harness does not answer', message: error.message }
  return { title: `Could not ${doing}`, message: error.message }
}

/**
 * A failed sim.* call: what happened, and a Retry when the call can simply be made again. The
 * title is either given outright (`title`), or built from what was being done (`doing`: "Could
 * not load the logs"), which also names the harness not answering at all.
 */
export function SimErrorNotice({
  error,
  onRetry,
  ...heading
}: { error: ConsoleError; onRetry?: () => void } & ({ title: string } | { doing: string })): React.JSX.Element {
  const { title, message } = 'title' in heading ? { title: heading.title, message: error.message } : describeSimError(error, heading.doing)
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
      {message}
    </Notice>
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

/** Account enabled, sign-in blocked, or soft deleted. */
export function AccountBadge({ user }: { user: Pick<SourceUserRow, 'accountEnabled' | 'softDeleted'> }): React.JSX.Element {
  if (user.softDeleted) return <Badge tone="danger">Soft deleted</Badge>
  return user.accountEnabled ? (
    <Badge tone="ok" dot>
      Enabled
    </Badge>
  ) : (
    <Badge tone="warn" dot>
      Sign-in blocked
    </Badge>
  )
}

/** In scope of the job or not, and whether the job has linked a target user. */
export function ScopeBadge({ user }: { user: Pick<SourceUserRow, 'inScope' | 'targetId'> }): React.JSX.Element {
  return (
    <span className="row sim-badges">
      <Badge tone={user.inScope ? 'ok' : 'neutral'}>{user.inScope ? 'In scope' : 'Out of scope'}</Badge>
      {user.targetId && (
        <span title={`Target id ${user.targetId}`}>
          <Badge tone="accent">Provisioned</Badge>
        </span>
      )}
    </span>
  )
}

type Tone = 'ok' | 'danger' | 'warn' | 'neutral'

/** success/Success/ok → ok, failure/error → danger, warning → warn, skipped and the rest → neutral. */
export function statusTone(status: string): Tone {
  const s = status.toLowerCase()
  if (s === 'success' || s === 'ok' || s === 'passed') return 'ok'
  if (s === 'failure' || s === 'error' || s === 'failed') return 'danger'
  if (s === 'warning') return 'warn'
  return 'neutral'
}

const GLYPH: Record<Tone, string> = { ok: '✓', danger: '✕', warn: '!', neutral: '–' }

/** Entra's round status icon; the status is spoken, the glyph is not. */
export function StatusIcon({ status, label }: { status: string; label?: string }): React.JSX.Element {
  const tone = statusTone(status)
  return (
    <span className={`simx-status-icon simx-tone-${tone}`} role="img" aria-label={label ?? status} title={label ?? status}>
      <span aria-hidden="true">{GLYPH[tone]}</span>
    </span>
  )
}

/** A status as a badge with its dot: Success, Failure, Skipped, Warning. */
export function StatusBadge({ status }: { status: string }): React.JSX.Element {
  const tone = statusTone(status)
  return (
    <Badge tone={tone === 'neutral' ? 'neutral' : tone} dot>
      {status}
    </Badge>
  )
}

/** What "View details" lists: names and values, long values wrapping. */
export function DetailsList({
  details,
  label,
  empty = 'No details.',
}: {
  details: Record<string, string> | undefined
  label: string
  empty?: string
}): React.JSX.Element {
  const entries = Object.entries(details ?? {})
  if (entries.length === 0) return <p className="muted small">{empty}</p>
  return (
    <dl className="kv simx-details" aria-label={label}>
      {entries.map(([name, value]) => (
        <div key={name} className="simx-detail-row">
          <dt>{name}</dt>
          <dd>{value === '' ? <span className="muted">(empty)</span> : value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** A collapsible section of a card (the exchanges behind a result): closed by default, keyboard-operable. */
export function Disclosure({
  summary,
  children,
  defaultOpen = false,
}: {
  summary: React.ReactNode
  children: React.ReactNode
  defaultOpen?: boolean
}): React.JSX.Element {
  const [open, setOpen] = useState(defaultOpen)
  const id = useId()
  return (
    <div className="simx-disclosure">
      <button type="button" className="simx-disclosure-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span className="simx-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {summary}
      </button>
      {open && (
        <div id={id} className="simx-disclosure-body">
          {children}
        </div>
      )}
    </div>
  )
}
