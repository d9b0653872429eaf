import { useEffect, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import type { AppConfigView } from '@shared/console/simulator-api'
import { Button, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useSimStore } from '../../stores/sim-store'
import { useToasts } from '../../stores/toast-store'
import { SimErrorNotice } from '../../components/sim-ui'
import { APP_NAME } from './app-tabs'

/*
 * The enterprise app's configuration as the Admin Credentials, Mappings and Settings sections
 * edit it: each keeps a draft of its own part and saves only that part (sim.config.update is
 * partial), so saving Settings never sends a half-edited mapping.
 */

export interface AppConfigEditor<T> {
  config: AppConfigView | undefined
  draft: T | undefined
  setDraft: (update: (draft: T) => T) => void
  dirty: boolean
  saving: boolean
  error: ConsoleError | undefined
  save: () => Promise<boolean>
  discard: () => void
  /** The first load, or why it failed; undefined once the config is here. */
  placeholder: React.JSX.Element | undefined
}

/**
 * Loads the app configuration and edits the part `pick` takes from it; `toPatch` turns the draft
 * into the sim.config.update input. The draft follows the saved config until it is edited.
 */
export function useAppConfigEditor<T>(
  pick: (config: AppConfigView) => T,
  toPatch: (draft: T, config: AppConfigView) => Partial<AppConfigView>,
): AppConfigEditor<T> {
  const { data: config, error: loadError, loading, reload } = useConsoleQuery('sim.config.get', {})
  const [draft, setDraftState] = useState<T>()
  const [dirty, setDirty] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ConsoleError>()
  const toast = useToasts((s) => s.show)

  useEffect(() => {
    if (config && !dirty) setDraftState(pick(config))
    // `pick` is the caller's pure projection (a new function each render): only a new config matters;
    // `dirty` is read, not followed: finishing an edit must not reset the draft to the saved config
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see the lines above
  }, [config])

  const save = async (): Promise<boolean> => {
    if (!config || draft === undefined) return false
    setSaving(true)
    setError(undefined)
    const result = await api.call('sim.config.update', toPatch(draft, config))
    setSaving(false)
    if (!result.ok) {
      setError(result.error)
      return false
    }
    setDirty(false)
    setDraftState(pick(result.value))
    reload()
    void useSimStore.getState().load()
    // the notification Entra shows after Save in the provisioning blade (seed, Azure AD Configuration)
    toast(`Successfully updated ${APP_NAME}`)
    return true
  }

  const placeholder = config ? undefined : loadError ? (
    <SimErrorNotice error={loadError} title="Could not load the app configuration" onRetry={reload} />
  ) : loading ? (
    <Spinner label="Loading the app configuration" />
  ) : undefined

  return {
    config,
    draft,
    setDraft: (update) => {
      setDraftState((d) => (d === undefined ? d : update(d)))
      setDirty(true)
    },
    dirty,
    saving,
    error,
    save,
    discard: () => {
      setDirty(false)
      setError(undefined)
      if (config) setDraftState(pick(config))
    },
    placeholder,
  }
}

/** Save and Discard for a section, as Entra's blade has them ("Save", not VIDIZMO's "Save Changes"). */
export function SectionSaveBar({
  editor,
  note,
}: {
  editor: Pick<AppConfigEditor<unknown>, 'dirty' | 'saving' | 'save' | 'discard'>
  note?: string
}): React.JSX.Element {
  return (
    <div className={`settings-savebar${editor.dirty ? ' is-dirty' : ''}`} role="region" aria-label="Save">
      <span className="settings-savebar-state" aria-live="polite">
        {editor.dirty ? (
          <>
            <span className="dot" aria-hidden="true" /> Unsaved changes{note ? `. ${note}` : ''}
          </>
        ) : (
          'All changes saved'
        )}
      </span>
      <span className="spacer" />
      <Button variant="secondary" onClick={editor.discard} disabled={!editor.dirty || editor.saving}>
        Discard
      </Button>
      <Button onClick={() => void editor.save()} disabled={!editor.dirty} busy={editor.saving}>
        Save
      </Button>
    </div>
  )
}
