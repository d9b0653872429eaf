import { useId, useState } from 'react'
import { Button, Dialog, Field, Switch } from '../../components/ui'
import { api } from '../../lib/api'
import { CONDITION_LABELS, CONDITIONS, knownPath, newRuleId, RULE_PATH_GROUPS, type CalRule, type CalRuleCondition } from './rule-vocabulary'

const CUSTOM = '__custom__'

/**
 * "Add New Rule" (and Edit): Attribute Path, Condition, Matching text, Targeted CAL. Add Rule
 * asks the server to check the rule on its own (attribute path, matching text, regular
 * expression) and shows a refusal beside its field; the rule then goes into the unsaved rules,
 * which Save Changes checks again as a whole (CAL catalogue, duplicate ids).
 */
export function RuleDialog({
  rule,
  cals,
  onSubmit,
  onClose,
}: {
  rule?: CalRule
  cals: string[]
  onSubmit: (rule: CalRule) => void
  onClose: () => void
}): React.JSX.Element {
  const id = useId()
  const initialKnown = rule ? knownPath(rule.attributePath) : RULE_PATH_GROUPS[0].paths[0]
  const [pathChoice, setPathChoice] = useState(initialKnown ? initialKnown.path : CUSTOM)
  const [customPath, setCustomPath] = useState(rule && !initialKnown ? rule.attributePath : '')
  const [condition, setCondition] = useState<CalRuleCondition>(rule?.condition ?? 'equals')
  const [matchingText, setMatchingText] = useState(rule?.matchingText ?? '')
  const [targetCal, setTargetCal] = useState(rule?.targetCal ?? cals[0] ?? '')
  const [enabled, setEnabled] = useState(rule?.enabled ?? true)
  const [errors, setErrors] = useState<{ path?: string; text?: string; cal?: string }>({})
  const [checking, setChecking] = useState(false)

  const submit = async (): Promise<void> => {
    const attributePath = pathChoice === CUSTOM ? customPath.trim() : pathChoice
    const problems = {
      path: attributePath === '' ? 'Enter the attribute path the rule tests, for example title or groups.displayName.' : undefined,
      text: matchingText.trim() === '' ? 'Enter the text the attribute is compared with.' : undefined,
      cal: targetCal === '' ? 'Choose the CAL this rule gives.' : undefined,
    }
    setErrors(problems)
    if (problems.path || problems.text || problems.cal) return
    const next: CalRule = { id: rule?.id ?? newRuleId(), attributePath, condition, matchingText, targetCal, enabled }
    setChecking(true)
    const answer = await api.call('cal.checkRule', { rule: next })
    setChecking(false)
    if (!answer.ok) {
      const { field, message } = answer.error
      setErrors(field === 'attributePath' ? { path: message } : field === 'targetCal' ? { cal: message } : { text: message })
      return
    }
    onSubmit(next)
  }

  return (
    <Dialog
      title={rule ? 'Edit Rule' : 'Add New Rule'}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} busy={checking}>
            {rule ? 'Update Rule' : 'Add Rule'}
          </Button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Field
          label="Attribute Path"
          htmlFor={`${id}-path`}
          hint="A group path matches when any group the user belongs to qualifies."
          error={pathChoice !== CUSTOM ? errors.path : undefined}
        >
          <select id={`${id}-path`} value={pathChoice} onChange={(e) => setPathChoice(e.currentTarget.value)}>
            {RULE_PATH_GROUPS.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.paths.map((p) => (
                  <option key={p.path} value={p.path}>
                    {p.label} ({p.path.replace(/^urn:.*:User:/, 'enterprise:')})
                  </option>
                ))}
              </optgroup>
            ))}
            <option value={CUSTOM}>Other attribute path…</option>
          </select>
        </Field>
        {pathChoice === CUSTOM && (
          <Field
            label="Custom attribute path"
            htmlFor={`${id}-custom`}
            hint="Any SCIM user attribute, e.g. name.familyName or addresses.country."
            error={errors.path}
          >
            <input
              id={`${id}-custom`}
              type="text"
              value={customPath}
              onChange={(e) => setCustomPath(e.currentTarget.value)}
              aria-invalid={errors.path ? true : undefined}
              aria-describedby={errors.path ? `${id}-custom-error` : `${id}-custom-hint`}
            />
          </Field>
        )}
        <div className="grid-2 rule-dialog-grid">
          <Field label="Condition" htmlFor={`${id}-condition`}>
            <select id={`${id}-condition`} value={condition} onChange={(e) => setCondition(e.currentTarget.value as CalRuleCondition)}>
              {CONDITIONS.map((c) => (
                <option key={c} value={c}>
                  {CONDITION_LABELS[c]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Targeted CAL" htmlFor={`${id}-cal`} error={errors.cal}>
            <select id={`${id}-cal`} value={targetCal} onChange={(e) => setTargetCal(e.currentTarget.value)} aria-invalid={errors.cal ? true : undefined}>
              {cals.map((cal) => (
                <option key={cal} value={cal}>
                  {cal}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field
          label="Matching text"
          htmlFor={`${id}-text`}
          hint={
            condition === 'matchesRegex'
              ? 'A regular expression, e.g. ^(Sales|Marketing)$, matched ignoring case on a linear-time engine (RE2 syntax, close to .NET’s): no lookarounds or backreferences.'
              : 'Compared ignoring case.'
          }
          error={errors.text}
        >
          <input
            id={`${id}-text`}
            type="text"
            value={matchingText}
            onChange={(e) => setMatchingText(e.currentTarget.value)}
            aria-invalid={errors.text ? true : undefined}
            aria-describedby={errors.text ? `${id}-text-error` : `${id}-text-hint`}
          />
        </Field>
        <Switch checked={enabled} onChange={setEnabled} label="Rule enabled" />
        {/* Enter in a field submits, like the footer button */}
        <button type="submit" hidden tabIndex={-1} />
      </form>
    </Dialog>
  )
}
