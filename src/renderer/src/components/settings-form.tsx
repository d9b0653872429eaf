import { useEffect, useState, type Dispatch, type SetStateAction } from 'react'
import type { ConsoleError, PortalView } from '@shared/console/api'
import { Button, Notice } from './ui'
import { useConsoleEvent } from '../lib/use-console'
import { usePortal, type SettingsChange } from '../stores/portal-store'
import { useToasts } from '../stores/toast-store'

/*
 * Pieces both Portal Settings screens share: loading the settings, Save Changes and Discard
 * around the screen's draft, and the summary of a refusal shown at the top while the message
 * itself sits beside its field.
 */

/** The toast VIDIZMO shows after Save Changes (seed, step 9). */
export const SAVED_MESSAGE = 'Portal Information Updated Successfully'

export interface PortalSettingsForm {
  view: PortalView | undefined
  loadError: ConsoleError | undefined
  reload(): void
  saving: boolean
  /** Why the last Save Changes was refused, until the admin edits what it is about. */
  refusal: ConsoleError | undefined
  setRefusal: Dispatch<SetStateAction<ConsoleError | undefined>>
  /** Sends the change; on success the draft is dropped and the toast shown, otherwise the refusal kept. */
  saveChanges(change: SettingsChange): Promise<void>
  /** Discard: the draft and any refusal go. */
  discardChanges(): void
}

/**
 * A settings screen around its draft in the portal store (`discardDraft` drops it): loads the
 * portal and reloads it when it changes elsewhere (the CLI, the other settings screen, a token
 * created), so token times and settings stay fresh under the draft.
 */
export function usePortalSettingsForm(discardDraft: () => void): PortalSettingsForm {
  const view = usePortal((s) => s.view)
  const loadError = usePortal((s) => s.loadError)
  const load = usePortal((s) => s.load)
  const save = usePortal((s) => s.save)
  const [saving, setSaving] = useState(false)
  const [refusal, setRefusal] = useState<ConsoleError>()

  useEffect(() => {
    void load()
  }, [load])
  useConsoleEvent('changed', () => void load())

  const saveChanges = async (change: SettingsChange): Promise<void> => {
    setSaving(true)
    const result = await save(change)
    setSaving(false)
    if (result.ok) {
      discardDraft()
      setRefusal(undefined)
      useToasts.getState().show(SAVED_MESSAGE)
    } else {
      setRefusal(result.error)
    }
  }
  const discardChanges = (): void => {
    discardDraft()
    setRefusal(undefined)
  }
  return { view, loadError, reload: () => void load(), saving, refusal, setRefusal, saveChanges, discardChanges }
}

export function SaveBar({
  dirty,
  saving,
  onSave,
  onDiscard,
  count,
}: {
  dirty: boolean
  saving: boolean
  onSave: () => void
  onDiscard: () => void
  count?: number
}): React.JSX.Element {
  return (
    <div className={`settings-savebar${dirty ? ' is-dirty' : ''}`} role="region" aria-label="Save changes">
      <span className="settings-savebar-state" aria-live="polite">
        {dirty ? (
          <>
            <span className="dot" aria-hidden="true" /> Unsaved changes{count && count > 1 ? ` (${count} settings)` : ''}
          </>
        ) : (
          'All changes saved'
        )}
      </span>
      <span className="spacer" />
      <Button variant="secondary" onClick={onDiscard} disabled={!dirty || saving}>
        Discard
      </Button>
      <Button onClick={onSave} disabled={!dirty} busy={saving}>
        Save Changes
      </Button>
    </div>
  )
}

/** "The changes were not saved", with the reason and a way to the field it is about. */
export function RefusalSummary({ error, onShow }: { error: ConsoleError; onShow?: () => void }): React.JSX.Element {
  return (
    <Notice
      tone="error"
      title="Your changes were not saved"
      action={
        onShow && (
          <Button variant="secondary" size="sm" onClick={onShow}>
            Show me
          </Button>
        )
      }
    >
      {error.message}
    </Notice>
  )
}

/** Moves the item at `index` by `delta` places; the list is returned unchanged at either end. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list]
  const next = [...list]
  ;[next[index], next[target]] = [next[target], next[index]]
  return next
}

/** Scrolls an element into view and focuses it (the "Show me" of a refusal or an enable reason). */
export function revealElement(id: string): void {
  const element = document.getElementById(id)
  if (!element) return
  element.scrollIntoView?.({ block: 'center', behavior: 'smooth' })
  element.focus({ preventScroll: true })
}
