import { useEffect, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Badge, Button, Card, EmptyState, Switch } from '../../components/ui'
import { ruleField, type PortalSettings } from '../../stores/portal-store'
import { moveItem } from '../../components/settings-form'
import { RuleDialog } from './RuleDialog'
import { CONDITION_LABELS, isGroupPath, pathLabel, type CalRule } from './rule-vocabulary'

type Policy = PortalSettings['calConflictPolicy']

const POLICIES: { id: Policy; label: string; explain: string }[] = [
  {
    id: 'highestCal',
    label: 'Highest CAL wins',
    explain: 'When several rules match, the user gets the highest of their CALs (catalogue order), whatever the rule order.',
  },
  {
    id: 'firstRule',
    label: 'First matching rule wins',
    explain: 'Rules are tried from the top; the first enabled rule that matches decides. Reorder the rules to set their priority.',
  },
]

/**
 * CAL assignment rules: the ordered table (reorder, enable, edit, delete), "Add New Rule" and
 * the conflict policy. Every change goes into the unsaved settings; a refusal of Save Changes
 * that names a rule (`calRules[2].matchingText`) is shown on that rule's row, and so is what is
 * wrong with a saved rule the server cannot run (`savedProblems`, by rule id).
 */
export function CalRulesCard({
  rules,
  cals,
  defaultCal,
  policy,
  error,
  savedProblems,
  onRulesChange,
  onPolicyChange,
}: {
  rules: CalRule[]
  cals: string[]
  defaultCal: string | null
  policy: Policy
  error: ConsoleError | undefined
  savedProblems: Readonly<Record<string, string>>
  onRulesChange: (rules: CalRule[]) => void
  onPolicyChange: (policy: Policy) => void
}): React.JSX.Element {
  const [dialog, setDialog] = useState<{ rule?: CalRule } | null>(null)
  // after a move the button the admin pressed keeps the focus, even at the new position
  const [refocus, setRefocus] = useState<{ id: string; dir: 'up' | 'down' } | null>(null)
  useEffect(() => {
    if (!refocus) return
    const button = document.querySelector<HTMLButtonElement>(`[data-rule-move="${refocus.dir}:${refocus.id}"]`)
    const other = document.querySelector<HTMLButtonElement>(`[data-rule-move="${refocus.dir === 'up' ? 'down' : 'up'}:${refocus.id}"]`)
    ;(button && !button.disabled ? button : other)?.focus()
    setRefocus(null)
  }, [refocus])

  const refused = ruleField(error?.field)
  const policyError = error?.field === 'calConflictPolicy' ? error.message : undefined

  const upsert = (rule: CalRule): void => {
    const index = rules.findIndex((r) => r.id === rule.id)
    onRulesChange(index < 0 ? [...rules, rule] : rules.map((r, i) => (i === index ? rule : r)))
    setDialog(null)
  }

  return (
    <Card
      id="prov-rules"
      title="CAL assignment rules"
      description="Give users a CAL from their attributes or the groups they belong to. Users no rule matches get the default CAL. Rules are re-evaluated on every user or membership change."
      actions={<Button onClick={() => setDialog({})}>Add New Rule</Button>}
    >
      {rules.length === 0 ? (
        <EmptyState>
          No rules yet: every provisioned user gets the default CAL{defaultCal ? ` (${defaultCal})` : ''}. Add a rule to give, say, members of the “Sales
          Managers” group the Manager CAL.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table rules-table">
            <caption className="visually-hidden">CAL assignment rules, in evaluation order</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Attribute Path</th>
                <th scope="col">Condition</th>
                <th scope="col">Matching text</th>
                <th scope="col">Targeted CAL</th>
                <th scope="col">Enabled</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule, i) => {
                const rowError = (refused?.index === i ? error?.message : undefined) ?? savedProblems[rule.id]
                const n = i + 1
                return (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    n={n}
                    last={i === rules.length - 1}
                    unknownCal={!cals.some((c) => c.toLowerCase() === rule.targetCal.toLowerCase())}
                    error={rowError}
                    onToggle={(enabled) => onRulesChange(rules.map((r) => (r.id === rule.id ? { ...r, enabled } : r)))}
                    onMove={(dir) => {
                      onRulesChange(moveItem(rules, i, dir === 'up' ? -1 : 1))
                      setRefocus({ id: rule.id, dir })
                    }}
                    onEdit={() => setDialog({ rule })}
                    onDelete={() => onRulesChange(rules.filter((r) => r.id !== rule.id))}
                  />
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {error && refused === undefined && error.field === 'calRules' && (
        <span className="field-error" role="alert">
          {error.message}
        </span>
      )}

      <fieldset className="choice-group" id="prov-conflict" tabIndex={-1}>
        <legend>When several rules match</legend>
        {POLICIES.map((p) => (
          <label key={p.id} className={`choice${policy === p.id ? ' is-selected' : ''}`}>
            <input type="radio" name="calConflictPolicy" value={p.id} checked={policy === p.id} onChange={() => onPolicyChange(p.id)} />
            <span>
              <strong>{p.label}</strong>
              <span className="muted small">{p.explain}</span>
            </span>
          </label>
        ))}
        {policyError && (
          <span className="field-error" role="alert">
            {policyError}
          </span>
        )}
      </fieldset>

      {dialog && <RuleDialog rule={dialog.rule} cals={cals} onSubmit={upsert} onClose={() => setDialog(null)} />}
    </Card>
  )
}

function RuleRow({
  rule,
  n,
  last,
  unknownCal,
  error,
  onToggle,
  onMove,
  onEdit,
  onDelete,
}: {
  rule: CalRule
  n: number
  last: boolean
  unknownCal: boolean
  error: string | undefined
  onToggle: (enabled: boolean) => void
  onMove: (dir: 'up' | 'down') => void
  onEdit: () => void
  onDelete: () => void
}): React.JSX.Element {
  return (
    <>
      <tr className={`${rule.enabled ? '' : 'rule-disabled'}${error ? ' row-refused' : ''}`} aria-invalid={error ? true : undefined} data-rule-row={n}>
        <td className="muted">{n}</td>
        <td>
          <span className="rule-path">
            {isGroupPath(rule.attributePath) && <Badge tone="accent">Group</Badge>}
            <span title={rule.attributePath}>{pathLabel(rule.attributePath)}</span>
          </span>
        </td>
        <td>{CONDITION_LABELS[rule.condition]}</td>
        <td>
          <code>{rule.matchingText}</code>
        </td>
        <td>
          <Badge tone={unknownCal ? 'warn' : 'neutral'}>{rule.targetCal}</Badge>
          {unknownCal && <span className="small muted"> not in the catalogue</span>}
        </td>
        <td>
          <Switch checked={rule.enabled} onChange={onToggle} label={<span className="visually-hidden">Rule {n} enabled</span>} />
        </td>
        <td>
          <div className="row rule-actions">
            <Button variant="ghost" size="sm" aria-label={`Move rule ${n} up`} data-rule-move={`up:${rule.id}`} disabled={n === 1} onClick={() => onMove('up')}>
              ↑
            </Button>
            <Button
              variant="ghost"
              size="sm"
              aria-label={`Move rule ${n} down`}
              data-rule-move={`down:${rule.id}`}
              disabled={last}
              onClick={() => onMove('down')}
            >
              ↓
            </Button>
            <Button variant="secondary" size="sm" aria-label={`Edit rule ${n}`} id={`prov-rule-${n - 1}`} onClick={onEdit}>
              Edit
            </Button>
            <Button variant="ghost" size="sm" aria-label={`Delete rule ${n}`} className="btn-danger-text" onClick={onDelete}>
              Delete
            </Button>
          </div>
        </td>
      </tr>
      {error && (
        <tr className="row-refused-message">
          <td />
          <td colSpan={6}>
            <span className="field-error" role="alert">
              {error}
            </span>
          </td>
        </tr>
      )}
    </>
  )
}
