import { useId, useState } from 'react'
import type { AttributeMappingView } from '@shared/console/simulator-api'
import { Button, Dialog, Field, Notice } from '../../components/ui'
import { useVocabulary } from '../../stores/vocabulary-store'

const TYPES: { id: AttributeMappingView['type']; label: string }[] = [
  { id: 'direct', label: 'Direct' },
  { id: 'constant', label: 'Constant' },
  { id: 'expression', label: 'Expression' },
  { id: 'none', label: 'None' },
]

/**
 * Edit attribute / Add New Mapping, with Entra's fields: Mapping type, Source attribute (or
 * Constant value, or Expression), Default value if null, Target attribute, Match objects using
 * this attribute with its Matching precedence, and Apply this mapping.
 */
export function MappingDialog({
  mapping,
  object,
  taken,
  onClose,
  onDone,
}: {
  /** The row to edit; undefined to add one. */
  mapping?: AttributeMappingView
  object: 'user' | 'group'
  /** Target attributes other rows already map (a target is mapped once). */
  taken: ReadonlySet<string>
  onClose: () => void
  onDone: (mapping: AttributeMappingView) => void
}): React.JSX.Element {
  const [draft, setDraft] = useState<AttributeMappingView>(
    mapping ?? { id: `${object}-custom-${Date.now().toString(36)}`, type: 'direct', source: '', target: '', applyOn: 'always' },
  )
  const listId = useId()
  // the source and target attribute lists are the core's (vocabulary.get); until they arrive the
  // source list holds only the mapping's own source and the target field takes any path
  const vocabulary = useVocabulary()
  const sources = vocabulary?.sourceAttributes[object] ?? []
  const targets = vocabulary?.targetAttributes[object] ?? []
  const set = (change: Partial<AttributeMappingView>): void => setDraft((d) => ({ ...d, ...change }))

  const target = draft.target.trim()
  const targetError =
    target === '' ? 'Choose the target attribute.' : taken.has(target) ? `${target} is already mapped by another row; edit that row instead.` : undefined
  const sourceError =
    draft.type === 'none'
      ? undefined
      : draft.source.trim() === ''
        ? draft.type === 'direct'
          ? 'Choose the source attribute.'
          : draft.type === 'constant'
            ? 'Enter the constant value.'
            : 'Enter the expression.'
        : undefined
  const valid = !targetError && !sourceError
  const matching = draft.matchingPrecedence !== undefined

  const done = (): void => {
    const result: AttributeMappingView = { ...draft, target, source: draft.type === 'none' ? '' : draft.source.trim() }
    if (!result.defaultValue) delete result.defaultValue
    if (result.matchingPrecedence === undefined) delete result.matchingPrecedence
    onDone(result)
  }

  return (
    <Dialog
      title={mapping ? 'Edit attribute' : 'Add New Mapping'}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={done} disabled={!valid}>
            Ok
          </Button>
        </>
      }
    >
      <div className="stack sim-mapping-form">
        <Field label="Mapping type" htmlFor="sim-map-type">
          <select id="sim-map-type" value={draft.type} onChange={(e) => set({ type: e.currentTarget.value as AttributeMappingView['type'], source: '' })}>
            {TYPES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        {draft.type === 'direct' && (
          <Field label="Source attribute" htmlFor="sim-map-source" error={sourceError}>
            <select id="sim-map-source" value={draft.source} onChange={(e) => set({ source: e.currentTarget.value })}>
              <option value="">Choose an attribute…</option>
              {/* a source the list does not know (from a scenario file) stays selectable */}
              {(draft.source && !sources.includes(draft.source) ? [...sources, draft.source] : sources).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
        )}
        {draft.type === 'constant' && (
          <Field label="Constant value" htmlFor="sim-map-source" error={sourceError}>
            <input id="sim-map-source" type="text" value={draft.source} onChange={(e) => set({ source: e.currentTarget.value })} />
          </Field>
        )}
        {draft.type === 'expression' && (
          <Field
            label="Expression"
            htmlFor="sim-map-source"
            error={sourceError}
            hint={
              <>
                Entra's expression language, e.g. <code>Join(" ", [givenName], [surname])</code>,{' '}
                <code>Switch([IsSoftDeleted], , "False", "True", "True", "False")</code>, <code>ToLower([userPrincipalName])</code>.
              </>
            }
          >
            <textarea id="sim-map-source" rows={3} value={draft.source} spellCheck={false} onChange={(e) => set({ source: e.currentTarget.value })} />
          </Field>
        )}
        {(draft.type === 'direct' || draft.type === 'expression') && (
          <Field label="Default value if null (optional)" htmlFor="sim-map-default" hint="Sent when the source attribute is empty.">
            <input id="sim-map-default" type="text" value={draft.defaultValue ?? ''} onChange={(e) => set({ defaultValue: e.currentTarget.value })} />
          </Field>
        )}
        <Field label="Target attribute" htmlFor="sim-map-target" error={targetError} hint="A SCIM attribute path; pick a suggestion or type any path.">
          <input
            id="sim-map-target"
            type="text"
            className="mono"
            list={listId}
            value={draft.target}
            spellCheck={false}
            onChange={(e) => set({ target: e.currentTarget.value })}
            aria-invalid={!!targetError && draft.target !== '' ? true : undefined}
          />
        </Field>
        <datalist id={listId}>
          {targets.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <div className="sim-form-grid">
          <Field label="Match objects using this attribute" htmlFor="sim-map-match">
            <select
              id="sim-map-match"
              value={matching ? 'yes' : 'no'}
              onChange={(e) => set({ matchingPrecedence: e.currentTarget.value === 'yes' ? 1 : undefined })}
            >
              <option value="no">No</option>
              <option value="yes">Yes</option>
            </select>
          </Field>
          {matching && (
            <Field label="Matching precedence" htmlFor="sim-map-precedence" hint="1 is tried first; the job stops at the first attribute that finds a match.">
              <input
                id="sim-map-precedence"
                type="number"
                min={1}
                max={10}
                value={draft.matchingPrecedence}
                onChange={(e) => set({ matchingPrecedence: Math.min(10, Math.max(1, Math.round(Number(e.currentTarget.value) || 1))) })}
              />
            </Field>
          )}
        </div>
        <Field label="Apply this mapping" htmlFor="sim-map-apply">
          <select id="sim-map-apply" value={draft.applyOn} onChange={(e) => set({ applyOn: e.currentTarget.value as AttributeMappingView['applyOn'] })}>
            <option value="always">Always</option>
            <option value="createOnly">Only during object creation</option>
          </select>
        </Field>
        {draft.isReference && (
          <Notice tone="info">A reference attribute: the job writes it in a second pass, once the objects it points at exist in the target.</Notice>
        )}
      </div>
    </Dialog>
  )
}
