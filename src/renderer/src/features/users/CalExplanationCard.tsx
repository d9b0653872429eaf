import type { CalExplanationView } from '@shared/console/api'
import { Badge, Button, Card, EmptyState } from '../../components/ui'

type Outcome = CalExplanationView['rules'][number]['outcome']

const CONDITION_LABELS: Record<string, string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  contains: 'contains',
  startsWith: 'starts with',
  endsWith: 'ends with',
  matchesRegex: 'matches regex',
}

const OUTCOMES: Record<Outcome, { label: string; tone: 'ok' | 'neutral' | 'warn' | 'danger' }> = {
  matched: { label: 'Matched', tone: 'ok' },
  notMatched: { label: 'No match', tone: 'neutral' },
  disabled: { label: 'Disabled', tone: 'neutral' },
  unknownCal: { label: 'Unknown CAL', tone: 'warn' },
  invalid: { label: 'Invalid', tone: 'danger' },
}

/**
 * Why a user holds its CAL: the summary sentence, then every rule in list order with what it made
 * of this user, the winning rule highlighted, so an admin can see which rule to change.
 */
export function CalExplanationCard({ explanation, onOpenRules }: { explanation: CalExplanationView; onOpenRules: () => void }): React.JSX.Element {
  const { reason } = explanation
  return (
    <Card
      title={
        <span className="row">
          CAL <Badge tone="accent">{explanation.cal}</Badge>
        </span>
      }
      description={
        explanation.policy === 'highestCal' ? 'When several rules match, the highest CAL wins.' : 'When several rules match, the first rule in list order wins.'
      }
      actions={
        <Button variant="secondary" size="sm" onClick={onOpenRules}>
          Edit CAL rules
        </Button>
      }
    >
      <div className="cal-summary" data-testid="cal-summary">
        <p>{explanation.summary}</p>
        <p className="muted small">
          {reason.kind === 'default' ? (
            'Source: the default CAL (no rule matched).'
          ) : (
            <>
              Source: rule {reason.ruleIndex + 1} on <code>{reason.attributePath}</code>, matched by “{reason.matchedValue}”
              {reason.groupDisplayName || reason.groupId ? ` through group ${reason.groupDisplayName ?? reason.groupId}` : ''}.
            </>
          )}
        </p>
      </div>
      {explanation.rules.length === 0 ? (
        <EmptyState>No CAL assignment rules: every user gets the default CAL. Add rules under Portal Settings › Apps › Provisioning.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table cal-rules" aria-label="CAL rules, in list order">
            <colgroup>
              <col style={{ width: '44px' }} />
              <col style={{ width: '38%' }} />
              <col style={{ width: '190px' }} />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Rule</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {explanation.rules.map((r) => {
                const outcome = OUTCOMES[r.outcome]
                return (
                  <tr key={`${r.rule.id}-${r.ruleIndex}`} className={r.winner ? 'cal-winner' : undefined} aria-current={r.winner ? 'true' : undefined}>
                    <td className="muted">{r.ruleIndex + 1}</td>
                    <td>
                      <code>{r.rule.attributePath}</code> {CONDITION_LABELS[r.rule.condition] ?? r.rule.condition} “{r.rule.matchingText}” →{' '}
                      <strong>{r.rule.targetCal}</strong>
                    </td>
                    <td>
                      <span className="row">
                        <Badge tone={outcome.tone}>{outcome.label}</Badge>
                        {r.winner && (
                          <Badge tone="accent" dot>
                            Winner
                          </Badge>
                        )}
                      </span>
                    </td>
                    <td>{r.why}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  )
}
