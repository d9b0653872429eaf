import { useState } from 'react'
import type { AttributeMappingView } from '@shared/console/simulator-api'
import { Badge, Button, Card, EmptyState, Notice } from '../../components/ui'
import { SimErrorNotice } from '../../components/sim-ui'
import { SectionSaveBar, useAppConfigEditor } from './app-config'
import { MappingDialog } from './MappingDialog'

type Mappings = { userMappings: AttributeMappingView[]; groupMappings: AttributeMappingView[] }
type Editing = { object: 'user' | 'group'; index: number | null }

/**
 * Mappings: "Provision Microsoft Entra ID Users" and "... Groups" attribute tables with Edit and
 * Add New Mapping. Saving sends both tables; as in Entra, a mapping change makes the job's next
 * cycle an initial one (azure-ad-provisioning.md 3.1).
 */
export function MappingsTab(): React.JSX.Element {
  const editor = useAppConfigEditor<Mappings>(
    (config) => ({ userMappings: config.userMappings, groupMappings: config.groupMappings }),
    (draft) => draft,
  )
  const [editing, setEditing] = useState<Editing>()

  if (editor.placeholder || !editor.draft) return editor.placeholder ?? <></>
  const draft = editor.draft
  const keyOf = (object: 'user' | 'group'): keyof Mappings => (object === 'user' ? 'userMappings' : 'groupMappings')

  const apply = (object: 'user' | 'group', index: number | null, mapping: AttributeMappingView | null): void => {
    editor.setDraft((d) => {
      const rows = [...d[keyOf(object)]]
      if (mapping === null && index !== null) rows.splice(index, 1)
      else if (mapping && index === null) rows.push(mapping)
      else if (mapping && index !== null) rows[index] = mapping
      return { ...d, [keyOf(object)]: rows }
    })
  }

  const editingRows = editing ? draft[keyOf(editing.object)] : []
  const taken = new Set(editingRows.filter((_, i) => i !== editing?.index).map((m) => m.target))

  return (
    <div className="stack">
      <Notice tone="info" title="Saving mappings restarts the job's state">
        As in Entra, a mapping change makes the next cycle an <span className="sim-strong">initial cycle</span>: every assigned user and group is evaluated and
        matched again.
      </Notice>
      <MappingTable
        title="Provision Microsoft Entra ID Users"
        object="user"
        rows={draft.userMappings}
        onEdit={(index) => setEditing({ object: 'user', index })}
        onDelete={(index) => apply('user', index, null)}
      />
      <MappingTable
        title="Provision Microsoft Entra ID Groups"
        object="group"
        rows={draft.groupMappings}
        onEdit={(index) => setEditing({ object: 'group', index })}
        onDelete={(index) => apply('group', index, null)}
      />
      {editor.error && <SimErrorNotice error={editor.error} title="The mappings were not saved" />}
      <SectionSaveBar editor={editor} note="The next cycle will be an initial cycle" />
      {editing && (
        <MappingDialog
          object={editing.object}
          mapping={editing.index === null ? undefined : editingRows[editing.index]}
          taken={taken}
          onClose={() => setEditing(undefined)}
          onDone={(mapping) => {
            apply(editing.object, editing.index, mapping)
            setEditing(undefined)
          }}
        />
      )}
    </div>
  )
}

function sourceText(m: AttributeMappingView): React.ReactNode {
  if (m.type === 'constant') return <>Constant: “{m.source}”</>
  if (m.type === 'none') return <span className="muted">None</span>
  return <code className="sim-source">{m.source}</code>
}

function MappingTable({
  title,
  object,
  rows,
  onEdit,
  onDelete,
}: {
  title: string
  object: 'user' | 'group'
  rows: AttributeMappingView[]
  onEdit: (index: number | null) => void
  onDelete: (index: number) => void
}): React.JSX.Element {
  const matching = rows.filter((m) => m.matchingPrecedence !== undefined).length
  return (
    <div className="directory-card">
      <Card
        title={title}
        description={
          matching === 0 ? (
            <span className="field-error">No attribute is used for matching: the job cannot find existing {object}s in the target.</span>
          ) : (
            `Attribute mappings from the simulated tenant to the Tenant URL's ${object === 'user' ? 'User' : 'Group'} resource.`
          )
        }
        actions={
          <Button variant="secondary" size="sm" onClick={() => onEdit(null)}>
            Add New Mapping
          </Button>
        }
      >
        {rows.length === 0 ? (
          <EmptyState>No mappings: the job would send {object}s with no attributes.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table sim-mapping-table" aria-label={`${object === 'user' ? 'User' : 'Group'} attribute mappings`}>
              <thead>
                <tr>
                  <th scope="col">Microsoft Entra ID attribute</th>
                  <th scope="col">Target attribute</th>
                  <th scope="col">Mapping type</th>
                  <th scope="col">Matching precedence</th>
                  <th scope="col">Apply this mapping</th>
                  <th scope="col" className="cell-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m, index) => (
                  <tr key={m.id}>
                    <td className="sim-cell-wrap">
                      {sourceText(m)}
                      {m.defaultValue && <span className="muted small"> (default “{m.defaultValue}”)</span>}
                    </td>
                    <td className="sim-cell-wrap">
                      <code>{m.target}</code>
                      {m.isReference && (
                        <>
                          {' '}
                          <Badge>Reference</Badge>
                        </>
                      )}
                    </td>
                    <td>{m.type.charAt(0).toUpperCase() + m.type.slice(1)}</td>
                    <td>{m.matchingPrecedence !== undefined ? <Badge tone="accent">{m.matchingPrecedence}</Badge> : <span className="muted">—</span>}</td>
                    <td>{m.applyOn === 'always' ? 'Always' : 'Only during creation'}</td>
                    <td className="cell-actions">
                      <Button variant="ghost" size="sm" onClick={() => onEdit(index)} aria-label={`Edit ${m.target}`}>
                        Edit
                      </Button>
                      <Button variant="ghost" size="sm" className="btn-danger-text" onClick={() => onDelete(index)} aria-label={`Delete ${m.target}`}>
                        Delete
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  )
}
