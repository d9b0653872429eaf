import { Badge, Card, Notice } from '../../components/ui'
import { StatusIcon } from '../../components/sim-ui'
import type { ExpectationView, ScenarioReportView, TimelineStep } from '../../lib/sim-types'
import { diffJson, prettyJson } from './json-diff'
import { describeStep, stepUserRef } from './timeline-steps'

const STEP_STATUS: Record<string, string> = { ok: 'Applied', error: 'Error', skipped: 'Skipped' }

/** The banner's verdict: every step applied and every expectation held, or what did not. */
export function reportVerdict(report: ScenarioReportView): { passed: boolean; title: string; detail: string } {
  const failed = report.expectations.filter((e) => !e.passed).length
  const errors = report.steps.filter((s) => s.status === 'error').length
  const total = report.expectations.length
  if (report.passed) {
    return {
      passed: true,
      title: total === 0 ? 'Every step applied' : `All ${total} expectation${total === 1 ? '' : 's'} passed`,
      detail: `${report.steps.length} step${report.steps.length === 1 ? '' : 's'} replayed without an error.`,
    }
  }
  const parts = [
    failed > 0 ? `${failed} of ${total} expectation${total === 1 ? '' : 's'} failed` : '',
    errors > 0 ? `${errors} step${errors === 1 ? '' : 's'} could not be applied` : '',
    report.cancelled ? 'the replay was stopped' : '',
  ].filter(Boolean)
  const title = failed > 0 ? `${failed} failed` : errors > 0 ? `${errors} step error${errors === 1 ? '' : 's'}` : 'Stopped'
  return { passed: false, title, detail: `${parts.join('; ')}.` }
}

/** The last replay's report: the verdict, each step's status and detail, each expectation with expected against actual. */
export function ScenarioReport({
  report,
  timeline,
  onOpenUser,
}: {
  report: ScenarioReportView
  timeline: TimelineStep[]
  onOpenUser: (ref: string) => void
}): React.JSX.Element {
  const verdict = reportVerdict(report)
  return (
    <Card title="Report" description="The last replay: each step as it was applied, and each expectation checked against the target.">
      <div data-testid="scenario-verdict">
        <Notice tone={verdict.passed ? 'ok' : 'error'} title={verdict.title}>
          {verdict.detail}
        </Notice>
      </div>
      {report.expectations.length > 0 && (
        <section className="stack" aria-label="Expectations">
          <h3 className="simx-subheading">Expectations</h3>
          <ul className="simx-expectations">
            {report.expectations.map((e, i) => (
              <ExpectationItem key={i} expectation={e} userRef={e.index !== undefined ? stepUserRef(timeline[e.index]) : undefined} onOpenUser={onOpenUser} />
            ))}
          </ul>
        </section>
      )}
      <section className="stack" aria-label="Steps replayed">
        <h3 className="simx-subheading">Steps</h3>
        <div className="table-wrap">
          <table className="table simx-report-steps" aria-label="Replayed steps">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Step</th>
                <th scope="col">Status</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {report.steps.map((s) => (
                <tr key={s.index} className={s.status === 'error' ? 'simx-row-failure' : undefined}>
                  <td className="num">{s.index + 1}</td>
                  <td>{timeline[s.index] ? describeStep(timeline[s.index]) : s.kind}</td>
                  <td>
                    <span className="row">
                      <StatusIcon status={s.status} label={STEP_STATUS[s.status] ?? s.status} />
                      {STEP_STATUS[s.status] ?? s.status}
                    </span>
                  </td>
                  <td className="small">{s.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Card>
  )
}

function ExpectationItem({
  expectation,
  userRef,
  onOpenUser,
}: {
  expectation: ExpectationView
  userRef: string | undefined
  onOpenUser: (ref: string) => void
}): React.JSX.Element {
  const { passed } = expectation
  return (
    <li className={`simx-expectation ${passed ? 'is-passed' : 'is-failed'}`}>
      <div className="simx-step-head">
        <StatusIcon status={passed ? 'passed' : 'failed'} label={passed ? 'Passed' : 'Failed'} />
        <div className="simx-step-title">
          <strong>{expectation.description}</strong>
          {expectation.index !== undefined && <span className="muted small">Step {expectation.index + 1}</span>}
        </div>
        <Badge tone={passed ? 'ok' : 'danger'}>{passed ? 'Passed' : 'Failed'}</Badge>
        {userRef && (
          <button type="button" className="link-button small" onClick={() => onOpenUser(userRef)}>
            Resulting user state
          </button>
        )}
      </div>
      {passed ? (
        <p className="small muted">
          Value: <code>{prettyJson(expectation.actual)}</code>
        </p>
      ) : (
        <ExpectationDiff expected={expectation.expected} actual={expectation.actual} />
      )}
    </li>
  )
}

/** Expected against actual as a unified diff: lines only in expected marked "−", only in actual "+". */
export function ExpectationDiff({ expected, actual }: { expected: unknown; actual: unknown }): React.JSX.Element {
  const lines = diffJson(expected, actual)
  return (
    <div className="simx-diff" role="group" aria-label="Expected and actual">
      <div className="simx-diff-legend small">
        <span className="simx-diff-expected">− expected</span>
        <span className="simx-diff-actual">+ actual</span>
      </div>
      <pre className="simx-diff-lines" tabIndex={0}>
        {lines.map((line, i) => (
          <span key={i} className={`simx-diff-line simx-diff-${line.kind}`} data-kind={line.kind}>
            <span className="simx-diff-mark" aria-hidden="true">
              {line.kind === 'expected' ? '−' : line.kind === 'actual' ? '+' : ' '}
            </span>
            {line.kind !== 'same' && <span className="visually-hidden">{line.kind === 'expected' ? 'expected: ' : 'actual: '}</span>}
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  )
}
