import { useEffect, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { SOURCE_USER_FIELDS, type SourceUserInput } from '@shared/console/simulator-api'
import { SOURCE_USER_FIELD_LABELS } from '@shared/console/vocabulary'
import { Button, Dialog, Field, Spinner, Switch } from '../../components/ui'
import { api } from '../../lib/api'
import { DirectoryPicker, type PickedObject } from './directory-parts'
import { SimErrorNotice } from '../../components/sim-ui'

type UserField = (typeof SOURCE_USER_FIELDS)[number]

/** The fields with Entra's labels (the contract's, vocabulary.ts). */
const labelled = (...fields: UserField[]): [UserField, string][] => fields.map((f) => [f, SOURCE_USER_FIELD_LABELS[f]])

/** The user attributes, grouped as the "New user" blade groups them. */
const SECTIONS: { title: string; fields: [UserField, string][] }[] = [
  {
    title: 'Identity',
    fields: labelled('userPrincipalName', 'mailNickname', 'displayName', 'givenName', 'surname'),
  },
  {
    title: 'Job information',
    fields: labelled('jobTitle', 'department', 'employeeId', 'physicalDeliveryOfficeName'),
  },
  {
    title: 'Contact information',
    fields: labelled(
      'mail',
      'telephoneNumber',
      'mobile',
      'facsimileTelephoneNumber',
      'streetAddress',
      'city',
      'state',
      'postalCode',
      'country',
      'preferredLanguage',
    ),
  },
]

type Draft = Record<UserField, string>

const emptyDraft = (): Draft => Object.fromEntries(SOURCE_USER_FIELDS.map((f) => [f, ''])) as Draft

/** The field a refusal names (`user.mail`, `patch.mail` or `mail`), when it is one of the form's. */
function fieldOf(error: ConsoleError | undefined): string | undefined {
  return error?.field?.replace(/^(user|patch)\./, '')
}

/**
 * Add user / Edit user: every attribute the mappings can read, the manager (searched in the
 * tenant) and "Account enabled" (block sign-in). Edit sends only what changed; a cleared field is
 * sent as '' so it is cleared, not kept.
 */
export function UserDialog({ objectId, onClose, onSaved }: { objectId?: string; onClose: () => void; onSaved: (objectId: string) => void }): React.JSX.Element {
  const editing = objectId !== undefined
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [original, setOriginal] = useState<Draft>(emptyDraft)
  const [enabled, setEnabled] = useState(true)
  const [originalEnabled, setOriginalEnabled] = useState(true)
  const [manager, setManager] = useState<PickedObject | null>(null)
  const [originalManager, setOriginalManager] = useState<string>('')
  const [loadError, setLoadError] = useState<ConsoleError>()
  const [loaded, setLoaded] = useState(!editing)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ConsoleError>()

  useEffect(() => {
    if (!objectId) return
    void api.call('sim.users.get', { objectId }).then((result) => {
      if (!result.ok) {
        setLoadError(result.error)
        return
      }
      const { user, manager: m } = result.value
      const values = Object.fromEntries(SOURCE_USER_FIELDS.map((f) => [f, typeof user[f] === 'string' ? (user[f] as string) : ''])) as Draft
      setDraft(values)
      setOriginal(values)
      setEnabled(user.accountEnabled)
      setOriginalEnabled(user.accountEnabled)
      setManager(m ? { objectId: m.objectId, displayName: m.displayName } : null)
      setOriginalManager(m?.objectId ?? '')
      setLoaded(true)
    })
  }, [objectId])

  const save = async (): Promise<void> => {
    setSaving(true)
    setError(undefined)
    const managerId = manager?.objectId ?? ''
    let result
    if (editing) {
      const patch: Partial<SourceUserInput> = {}
      for (const f of SOURCE_USER_FIELDS) if (draft[f] !== original[f]) patch[f] = draft[f].trim()
      if (managerId !== originalManager) patch.managerId = managerId
      if (enabled !== originalEnabled) patch.accountEnabled = enabled
      if (Object.keys(patch).length === 0) {
        setSaving(false)
        onClose()
        return
      }
      result = await api.call('sim.users.update', { objectId, patch })
    } else {
      const user: SourceUserInput = { userPrincipalName: draft.userPrincipalName.trim(), accountEnabled: enabled }
      for (const f of SOURCE_USER_FIELDS) if (f !== 'userPrincipalName' && draft[f].trim() !== '') user[f] = draft[f].trim()
      if (managerId) user.managerId = managerId
      result = await api.call('sim.users.create', { user })
    }
    setSaving(false)
    if (result.ok) onSaved(result.value.objectId)
    else setError(result.error)
  }

  const errorField = fieldOf(error)
  const canSave = loaded && draft.userPrincipalName.trim().length >= 3

  return (
    <Dialog
      title={editing ? 'Edit user' : 'New user'}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button onClick={() => void save()} busy={saving} disabled={!canSave}>
            {editing ? 'Save' : 'Create'}
          </Button>
        </>
      }
    >
      {loadError ? (
        <SimErrorNotice error={loadError} title="Could not load this user" />
      ) : !loaded ? (
        <Spinner label="Loading the user" />
      ) : (
        <form
          className="sim-user-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (canSave) void save()
          }}
        >
          {error && !SOURCE_USER_FIELDS.includes(errorField as UserField) && (
            <SimErrorNotice error={error} title={editing ? 'The user was not saved' : 'The user was not created'} />
          )}
          {SECTIONS.map((section) => (
            <fieldset key={section.title} className="sim-fieldset">
              <legend>{section.title}</legend>
              <div className="sim-form-grid">
                {section.fields.map(([f, label]) => (
                  <Field
                    key={f}
                    label={f === 'userPrincipalName' ? `${label} (required)` : label}
                    htmlFor={`sim-user-${f}`}
                    error={errorField === f ? error?.message : undefined}
                    hint={f === 'userPrincipalName' ? 'name@domain; the default matching attribute (userName).' : undefined}
                  >
                    <input
                      id={`sim-user-${f}`}
                      type="text"
                      value={draft[f]}
                      required={f === 'userPrincipalName'}
                      aria-invalid={errorField === f || undefined}
                      onChange={(e) => {
                        const value = e.currentTarget.value
                        setDraft((d) => ({ ...d, [f]: value }))
                      }}
                    />
                  </Field>
                ))}
              </div>
            </fieldset>
          ))}
          <fieldset className="sim-fieldset">
            <legend>Manager and sign-in</legend>
            <div className="field">
              <span className="label" id="sim-user-manager-label">
                Manager
              </span>
              {manager ? (
                <span className="group-chip">
                  <strong>{manager.displayName}</strong>
                  <button type="button" className="chip-clear" aria-label={`Remove manager ${manager.displayName}`} onClick={() => setManager(null)}>
                    ×
                  </button>
                </span>
              ) : (
                <DirectoryPicker
                  kind="user"
                  label="Manager"
                  placeholder="Search for the manager"
                  onPick={setManager}
                  exclude={objectId ? new Set([objectId]) : undefined}
                />
              )}
              {errorField === 'managerId' && (
                <span className="field-error" role="alert">
                  {error?.message}
                </span>
              )}
              <span className="hint">Sent as the enterprise extension's manager in a second request, once both users exist in the target.</span>
            </div>
            <Switch checked={enabled} onChange={setEnabled} label="Account enabled" />
            {!enabled && <span className="hint muted">Sign-in blocked: the job treats a disabled user as out of scope and disables it in the target.</span>}
          </fieldset>
          {/* Enter in any field submits */}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </form>
      )}
    </Dialog>
  )
}
