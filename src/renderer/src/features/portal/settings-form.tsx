import type { ConsoleError } from '@shared/console/api'
import { Button, Notice } from '../../components/ui'

/*
 * Pieces both Portal Settings screens share: the bar with Save Changes and Discard, and the
 * summary of a refusal shown at the top while the message itself sits beside its field.
 */

/** The toast VIDIZMO shows after Save Changes (seed, step 9). */
export const SAVED_MESSAGE = 'Portal Information Updated Successfully'

export function SaveBar({ dirty, saving, onSave, onDiscard, count }: { dirty: boolean; saving: boolean; onSave: () => void; onDiscard: () => void; count?: number }): React.JSX.Element {
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
