import { useId, useMemo, useState } from 'react'
import type { CalExplanationView, ConsoleError } from '@shared/console/api'
import { Badge, Button, Card, Field, Notice } from '../../components/ui'
import { api } from '../../lib/api'
import type { PortalSettings } from '../../stores/portal-store'
import { CONDITION_LABELS, ENTERPRISE, isGroupPath, pathLabel } from './rule-vocabulary'

/** The attributes the preview always asks for; paths that the rules test are added after them. */
const BASE_FIELDS = [
  { path: 'title', label: 'Job title', placeholder: 'Sales Manager' },
  { path: `${ENTERPRISE}department`, label: 'Department', placeholder: 'Sales' },
  { path: 'userType', label: 'User type', placeholder: 'Member' },
  { path: 'emails', label: 'Email', placeholder: 'ada@contoso.com' },
]

const OUTCOME: Record<CalExplanationView['rules'][number]['outcome'], { label: string; tone: 'ok' | 'neutral' | 'warn' | 'danger' }> = {
  matched: { label: 'Matched', tone: 'ok' },
  notMatched: { label: 'Not matched', tone: 'neutral' },
  disabled: { label: 'Disabled', tone: 'neutral' },
  unknownCal: { label: 'CAL not in catalogue', tone: 'warn' },
  invalid: { label: 'Invalid rule', tone: 'danger' },
}

/**
 * "Which CAL would this user get, and why": the admin describes a hypothetical user and the
 * server runs the rules on it, the unsaved ones included, rule by rule.
 */
export function CalPreviewCard({
  settings,
  unsaved,
}: {
  settings: Pick<PortalSettings, 'cals' | 'defaultCal' | 'calRules' | 'calConflictPolicy'>
  unsaved: boolean
}): React.JSX.Element {
  const id = useId()
  const [values, setValues] = useState<Record<string, string>>({})
  const [groups, setGroups] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ explanation: CalExplanationView } | { error: ConsoleError } | null>(null)

  // every user attribute a rule tests gets a field, so the admin can exercise each rule
  const fields = useMemo(() => {
    const out = [...BASE_FIELDS]
    for (const rule of settings.calRules) {
      const path = rule.attributePath.trim()
      if (path === '' || isGroupPath(path) || out.some((f) => f.path.toLowerCase() === path.toLowerCase())) continue
      out.push({ path, label: pathLabel(path), placeholder: '' })
    }
    return out
  }, [settings.calRules])

  const run = async (): Promise<void> => {
    setBusy(true)
    const attributes = Object.fromEntries(fields.map((f) => [f.path, values[f.path]?.trim() ?? '']).filter(([, v]) => v !== ''))
    const groupNames = groups
      .split(/[\n,]/)
      .map((g) => g.trim())
      .filter(Boolean)
    const response = await api.call('cal.preview', {
      attributes,
      groups: groupNames,
      settings: { cals: settings.cals, defaultCal: settings.defaultCal, calRules: settings.calRules, calConflictPolicy: settings.calConflictPolicy },
    })
    setBusy(false)
    setResult(response.ok ? { explanation: response.value } : { error: response.error })
  }

  return (
    <Card
      id="prov-preview"
      title="CAL preview"
      description={
        <>
          Describe a user as Entra ID would send them and see which CAL they would get, and why.
          {unsaved && ' Uses your unsaved rules.'}
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <div className="grid-2 preview-fields">
          {fields.map((f, i) => (
            <Field key={f.path} label={f.label} htmlFor={`${id}-a${i}`} hint={<code className="small">{f.path.replace(ENTERPRISE, 'enterprise:')}</code>}>
              <input
                id={`${id}-a${i}`}
                type="text"
                value={values[f.path] ?? ''}
                placeholder={f.placeholder}
                onChange={(e) => setValues({ ...values, [f.path]: e.currentTarget.value })}
              />
            </Field>
          ))}
        </div>
        <Field
          label="Groups"
          htmlFor={`${id}-groups`}
          hint="Group display names, one per line or separated by commas. Existing groups are looked up, so their external id and id count too."
        >
          <textarea id={`${id}-groups`} rows={2} value={groups} placeholder="Sales Managers" onChange={(e) => setGroups(e.currentTarget.value)} />
        </Field>
        <div className="row">
          <Button type="submit" busy={busy}>
            Preview CAL
          </Button>
          {result && (
            <Button variant="ghost" onClick={() => setResult(null)}>
              Clear result
            </Button>
          )}
        </div>
      </form>
      {result && 'error' in result && (
        <Notice tone="error" title="The preview could not run">
          {result.error.message}
        </Notice>
      )}
      {result && 'explanation' in result && <PreviewResult explanation={result.explanation} />}
    </Card>
  )
}

function PreviewResult({ explanation }: { explanation: CalExplanationView }): React.JSX.Element {
  return (
    <div className="preview-result" aria-live="polite">
      <div className="preview-verdict">
        <span className="muted">This user would get</span>
        <span className="preview-cal" data-testid="preview-cal">
          {explanation.cal}
        </span>
        <Badge tone={explanation.reason.kind === 'rule' ? 'accent' : 'neutral'}>
          {explanation.reason.kind === 'rule' ? `from rule ${explanation.reason.ruleIndex + 1}` : 'default CAL'}
        </Badge>
      </div>
      <p>{explanation.summary}</p>
      <p className="muted small">
        {explanation.policy === 'highestCal'
          ? 'Conflict policy: the highest CAL among matching rules wins.'
          : 'Conflict policy: the first matching rule in list order wins.'}
      </p>
      {explanation.rules.length > 0 && (
        <ol className="preview-rules">
          {explanation.rules.map((r) => (
            <li key={r.rule.id} className={r.winner ? 'is-winner' : undefined}>
              <div className="row">
                <strong>Rule {r.ruleIndex + 1}</strong>
                <span>
                  {pathLabel(r.rule.attributePath)} {CONDITION_LABELS[r.rule.condition].toLowerCase()} <code>{r.rule.matchingText}</code> → {r.rule.targetCal}
                </span>
                <span className="spacer" />
                <Badge tone={OUTCOME[r.outcome].tone}>{OUTCOME[r.outcome].label}</Badge>
                {r.winner && <Badge tone="accent">Decides the CAL</Badge>}
              </div>
              <span className="muted small">{r.why}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
