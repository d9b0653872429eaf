import { useMemo, useState } from 'react'
import { MAX_CAL_NAME_LENGTH } from '@shared/console/portal-schemas'
import { Badge, Button, Card, Field, Notice, PageHeader, ScreenNotLoaded } from '../../components/ui'
import { fieldRoot, usePortal, type CatalogueEntry, type PortalSettings, type SettingsChange } from '../../stores/portal-store'
import { useRouter } from '../../stores/router'
import { catalogueChange, catalogueOf, catalogueProblems, newCatalogueEntry } from './catalogue-draft'
import { moveItem, RefusalSummary, revealElement, SaveBar, usePortalSettingsForm } from '../../components/settings-form'

/*
 * Portal Settings > General: the portal's name, its domain policy and the CAL catalogue (the
 * order is the rank, highest first). Edited as a draft, sent by Save Changes; refusals such as
 * "this CAL is still the default CAL" (calInUse) are shown beside the part they are about.
 */

type DomainPolicy = PortalSettings['domainPolicy']

const DOMAIN_POLICIES: { id: DomainPolicy; label: string; example: string; explain: string }[] = [
  { id: 'subdomain', label: 'Subdomain', example: 'yourname.vidizmo.com', explain: 'The portal has its own subdomain. Required for SCIM provisioning.' },
  { id: 'directory', label: 'Directory', example: 'vidizmo.com/yourname', explain: 'A path under the primary domain; suits many department portals.' },
  { id: 'custom', label: 'Custom domain', example: 'media.yourcompany.com', explain: 'Your own domain, with your SSL certificate and DNS set-up.' },
]

/** Which part of this screen a refusal's field belongs to. */
function sectionOf(field: string | undefined): 'name' | 'domainPolicy' | 'catalogue' | undefined {
  const root = fieldRoot(field)
  if (root === 'name' || root === 'domainPolicy') return root
  if (root === 'cals' || root === 'defaultCal' || root === 'calRules') return 'catalogue'
  return undefined
}

export function GeneralSettingsPage(): React.JSX.Element {
  const draft = usePortal((s) => s.generalDraft)
  const editGeneral = usePortal((s) => s.editGeneral)
  const { view, loadError, reload, saving, refusal, setRefusal, saveChanges: send, discardChanges } = usePortalSettingsForm(usePortal((s) => s.discardGeneral))
  const navigate = useRouter((s) => s.navigate)
  const [newCal, setNewCal] = useState('')
  const [newCalError, setNewCalError] = useState<string>()

  const savedCalsKey = JSON.stringify(view?.settings.cals ?? [])
  // stable row keys while the saved catalogue is unchanged, so an input keeps focus on the first keystroke
  const savedCatalogue = useMemo(() => catalogueOf(JSON.parse(savedCalsKey) as string[]), [savedCalsKey])

  if (!view) return <ScreenNotLoaded title="General" what="the portal settings" error={loadError} onRetry={reload} />

  const saved = view.settings
  const name = draft.name ?? saved.name
  const domainPolicy = draft.domainPolicy ?? saved.domainPolicy
  const entries = draft.catalogue ?? savedCatalogue
  const change: SettingsChange = {
    ...(name !== saved.name ? { name } : {}),
    ...(domainPolicy !== saved.domainPolicy ? { domainPolicy } : {}),
    ...catalogueChange(saved, entries),
  }
  const dirty = Object.keys(change).length > 0
  const problems = catalogueProblems(entries)
  const section = sectionOf(refusal?.field)
  const errorIn = (s: ReturnType<typeof sectionOf>): string | undefined => (refusal && section === s ? refusal.message : undefined)

  const clearRefusalFor = (s: ReturnType<typeof sectionOf>): void => {
    if (section === s) setRefusal(undefined)
  }
  const setEntries = (next: CatalogueEntry[]): void => {
    editGeneral({ catalogue: next })
    clearRefusalFor('catalogue')
  }

  const addCal = (): void => {
    const trimmed = newCal.trim()
    if (trimmed === '') return setNewCalError('Enter the new CAL’s name.')
    if (entries.some((e) => e.name.trim().toLowerCase() === trimmed.toLowerCase())) return setNewCalError(`“${trimmed}” is already in the catalogue.`)
    setEntries([...entries, newCatalogueEntry(trimmed)])
    setNewCal('')
    setNewCalError(undefined)
  }

  const saveChanges = async (): Promise<void> => {
    if (problems.size > 0) {
      setRefusal({ code: 'invalidCatalogue', message: `The CAL catalogue needs fixing before it can be saved: ${[...problems.values()][0]}`, field: 'cals' })
      return
    }
    await send(change)
  }

  const target = section === 'name' ? 'gen-name' : section === 'domainPolicy' ? 'gen-domain-policy' : section === 'catalogue' ? 'gen-catalogue' : undefined
  const ruleCount = (entry: CatalogueEntry): number =>
    entry.original === null ? 0 : saved.calRules.filter((r) => r.targetCal.toLowerCase() === entry.original!.toLowerCase()).length

  return (
    <>
      <PageHeader title="General" description="The portal’s name, domain policy and the CALs its users can hold." />

      {refusal && <RefusalSummary error={refusal} onShow={target ? () => revealElement(target) : undefined} />}

      <Card title="Portal">
        <Field label="Portal name" htmlFor="gen-name" error={errorIn('name')}>
          <input
            id="gen-name"
            type="text"
            maxLength={200}
            value={name}
            onChange={(e) => {
              editGeneral({ name: e.currentTarget.value })
              clearRefusalFor('name')
            }}
            aria-invalid={errorIn('name') ? true : undefined}
          />
        </Field>
        <fieldset className="choice-group" id="gen-domain-policy" tabIndex={-1}>
          <legend>Domain policy</legend>
          {DOMAIN_POLICIES.map((p) => (
            <label key={p.id} className={`choice${domainPolicy === p.id ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="domainPolicy"
                value={p.id}
                checked={domainPolicy === p.id}
                onChange={() => {
                  editGeneral({ domainPolicy: p.id })
                  clearRefusalFor('domainPolicy')
                }}
              />
              <span>
                <strong>
                  {p.label} <code className="small">{p.example}</code>
                </strong>
                <span className="muted small">{p.explain}</span>
              </span>
            </label>
          ))}
          {errorIn('domainPolicy') ? (
            <span className="field-error" role="alert">
              {errorIn('domainPolicy')}
            </span>
          ) : saved.scimEnabled && domainPolicy !== 'subdomain' ? (
            <Notice tone="warn" title="SCIM provisioning is enabled">
              It works only on a subdomain portal. Disable it on the{' '}
              <a
                href="#/settings/provisioning"
                onClick={(e) => {
                  e.preventDefault()
                  navigate('/settings/provisioning')
                }}
              >
                Provisioning
              </a>{' '}
              screen before changing the domain policy.
            </Notice>
          ) : (
            <span className="hint muted small">SCIM provisioning can be enabled only on a portal created under the subdomain policy.</span>
          )}
        </fieldset>
      </Card>

      <Card
        id="gen-catalogue-card"
        title="CAL catalogue"
        description="Client Access Licenses, highest first: the order is the rank. When several CAL rules match a user, the highest CAL wins. Every provisioned user holds exactly one CAL."
      >
        {errorIn('catalogue') && (
          <span className="field-error" role="alert">
            {errorIn('catalogue')}
          </span>
        )}
        <ol className="gen-cal-list" id="gen-catalogue" tabIndex={-1} aria-label="CAL catalogue, highest first">
          {entries.map((entry, i) => {
            const rules = ruleCount(entry)
            const isDefault = entry.original !== null && saved.defaultCal !== null && saved.defaultCal.toLowerCase() === entry.original.toLowerCase()
            const problem = problems.get(entry.key)
            const renamed = entry.original !== null && entry.name.trim() !== entry.original
            const inputId = `gen-cal-${entry.key}`
            return (
              <li key={entry.key} className={problem ? 'is-invalid' : undefined}>
                <span className="gen-cal-rank" aria-hidden="true">
                  {i + 1}
                </span>
                <div className="gen-cal-name">
                  <input
                    id={inputId}
                    type="text"
                    maxLength={MAX_CAL_NAME_LENGTH}
                    value={entry.name}
                    aria-label={`Name of CAL ${i + 1}`}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${inputId}-error` : undefined}
                    onChange={(e) => {
                      const value = e.currentTarget.value
                      setEntries(entries.map((x) => (x.key === entry.key ? { ...x, name: value } : x)))
                    }}
                  />
                  {problem && (
                    <span className="field-error" id={`${inputId}-error`}>
                      {problem}
                    </span>
                  )}
                </div>
                <div className="gen-cal-usage">
                  {entry.original === null && <Badge tone="accent">New</Badge>}
                  {renamed && <Badge tone="accent">Renamed from {entry.original}</Badge>}
                  {isDefault && <Badge tone="ok">Default CAL</Badge>}
                  {rules > 0 && <Badge>{rules === 1 ? '1 rule' : `${rules} rules`}</Badge>}
                </div>
                <div className="row gen-cal-actions">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${entry.name || `CAL ${i + 1}`} up`}
                    disabled={i === 0}
                    onClick={() => setEntries(moveItem(entries, i, -1))}
                  >
                    ↑
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${entry.name || `CAL ${i + 1}`} down`}
                    disabled={i === entries.length - 1}
                    onClick={() => setEntries(moveItem(entries, i, 1))}
                  >
                    ↓
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="btn-danger-text"
                    aria-label={`Remove ${entry.name || `CAL ${i + 1}`}`}
                    disabled={entries.length === 1}
                    title={entries.length === 1 ? 'The catalogue needs at least one CAL' : undefined}
                    onClick={() => setEntries(entries.filter((x) => x.key !== entry.key))}
                  >
                    Remove
                  </Button>
                </div>
              </li>
            )
          })}
        </ol>
        <form
          className="gen-cal-add"
          onSubmit={(e) => {
            e.preventDefault()
            addCal()
          }}
        >
          <Field label="Add a CAL" htmlFor="gen-new-cal" hint="Added at the bottom (lowest rank); move it to its place." error={newCalError}>
            <div className="row">
              <input
                id="gen-new-cal"
                type="text"
                maxLength={MAX_CAL_NAME_LENGTH}
                value={newCal}
                placeholder="e.g. Manager-123DE"
                onChange={(e) => {
                  setNewCal(e.currentTarget.value)
                  setNewCalError(undefined)
                }}
                aria-invalid={newCalError ? true : undefined}
              />
              <Button type="submit" variant="secondary">
                Add CAL
              </Button>
            </div>
          </Field>
        </form>
        <p className="muted small">
          Renaming a CAL renames it everywhere: the default CAL, the rules that target it and the users who hold it (their CALs are re-evaluated when you save).
          A CAL that is the default CAL or targeted by a rule can’t be removed; change those first.
        </p>
      </Card>

      <SaveBar dirty={dirty} saving={saving} count={Object.keys(change).length} onSave={() => void saveChanges()} onDiscard={discardChanges} />
    </>
  )
}
