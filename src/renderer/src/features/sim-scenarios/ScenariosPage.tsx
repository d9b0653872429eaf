import { useRef, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Badge, Button, Card, EmptyState, Field, Notice, PageHeader, Spinner } from '../../components/ui'
import { api, uploadFile, type UploadProgress } from '../../lib/api'
import { UploadProgressView } from '../../components/upload-progress'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useToasts } from '../../stores/toast-store'
import { downloadText } from '../../lib/download'
import { useSimRefresh } from '../../lib/use-sim-refresh'
import { SimErrorNotice, StatusIcon } from '../../components/sim-ui'
import type { ScenarioReportView, TimelineStep } from '../../lib/sim-types'
import { SimUserPicker, type PickedSource } from '../../components/source-picker'
import { ScenarioReport } from './ScenarioReport'
import { FAMILY_GLYPH, describeStep, stepFamily } from './timeline-steps'

/**
 * Scenarios: a support case as one file (directory, app configuration, the timeline of changes,
 * cycles and expectations). Save and open files, open the shipped examples, replay the timeline
 * all at once or one step at a time against the Tenant URL, add expectations from a user's
 * current state ("Expect this"), and read the report, expected against actual.
 */
export function ScenariosPage(): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const show = useToasts((s) => s.show)
  const timeline = useConsoleQuery('sim.scenario.timeline', undefined, { live: true })
  const state = useConsoleQuery('sim.state', undefined, { live: true })
  useSimRefresh(() => {
    timeline.reload()
    state.reload()
  })
  const [replaying, setReplaying] = useState<'all' | 'next' | null>(null)
  const [replayError, setReplayError] = useState<ConsoleError>()
  const [lastReport, setLastReport] = useState<ScenarioReportView | null>(null)

  const steps: TimelineStep[] = timeline.data?.steps ?? []
  const cursor = timeline.data?.cursor ?? 0
  const report = lastReport ?? timeline.data?.report ?? null

  const replay = async (mode: 'all' | 'next'): Promise<void> => {
    setReplaying(mode)
    setReplayError(undefined)
    const answer = await api.call('sim.scenario.replay', { mode })
    setReplaying(null)
    if (answer.ok) setLastReport(answer.value)
    else setReplayError(answer.error)
    timeline.reload()
    state.reload()
  }

  const opened = (name: string, stepCount: number, users: number, groups: number): void => {
    setLastReport(null)
    setReplayError(undefined)
    show(`Opened scenario “${name}”: ${stepCount} step${stepCount === 1 ? '' : 's'}, ${users} users, ${groups} groups`)
    timeline.reload()
    state.reload()
  }

  /** Resulting user state of a step's user, named by objectId or userPrincipalName. */
  const openUser = async (ref: string): Promise<void> => {
    if (!ref.includes('@')) return navigate(`/sim/compare/${encodeURIComponent(ref)}`)
    const answer = await api.call('sim.users.list', { offset: 0, limit: 10, search: ref, filter: 'all' })
    const match = answer.ok ? answer.value.items.find((u) => u.userPrincipalName.toLowerCase() === ref.toLowerCase()) : undefined
    if (match) navigate(`/sim/compare/${encodeURIComponent(match.objectId)}`)
    else show(`No user ${ref} in the simulated tenant: open the scenario that names it first.`, 'error')
  }

  const scenario = state.data?.scenario
  return (
    <>
      <PageHeader
        title="Scenarios"
        description="Record a support case as one file, replay it here or on another machine, and check the target against what it should hold."
      />
      <div className="simx-scenario-top">
        <ScenarioFileCard onOpened={opened} />
        <ExamplesCard onOpened={opened} />
      </div>
      <Card
        title={
          <span className="row">
            Timeline
            {scenario && <Badge tone="accent">{scenario.name}</Badge>}
            {steps.length > 0 && (
              <span className="muted small">
                {Math.min(cursor, steps.length)} of {steps.length} replayed
              </span>
            )}
          </span>
        }
        description={
          scenario
            ? 'The opened scenario’s steps. The highlighted step is the next one to replay.'
            : 'The steps recorded since the directory was generated or a scenario opened.'
        }
        actions={
          <>
            <Button
              variant="secondary"
              busy={replaying === 'next'}
              disabled={replaying !== null || steps.length === 0 || cursor >= steps.length}
              onClick={() => void replay('next')}
            >
              Next step
            </Button>
            <Button busy={replaying === 'all'} disabled={replaying !== null || steps.length === 0} onClick={() => void replay('all')}>
              {replaying === 'all' ? 'Replaying…' : 'Replay all'}
            </Button>
          </>
        }
      >
        {timeline.error && <SimErrorNotice error={timeline.error} doing="load the timeline" onRetry={timeline.reload} />}
        {replayError && <SimErrorNotice error={replayError} doing="replay the scenario" />}
        {!timeline.data && timeline.loading && !timeline.error && <Spinner label="Loading the timeline" />}
        {timeline.data && steps.length === 0 && (
          <EmptyState>No steps yet. Open a scenario or an example, or change the directory and assignments: each change is recorded here.</EmptyState>
        )}
        {steps.length > 0 && (
          <p className="muted small">
            {cursor >= steps.length
              ? 'Every step has been replayed or recorded. Replay all starts over from where the recording began; the target keeps what earlier runs left in it.'
              : cursor === 0
                ? `Replay all applies the ${steps.length} steps in order; Next step applies one.`
                : `Replay all applies the remaining ${steps.length - cursor} steps; Next step applies step ${cursor + 1}.`}
          </p>
        )}
        {steps.length > 0 && <Timeline steps={steps} cursor={cursor} report={report} />}
      </Card>
      <ExpectThisCard onAdded={() => timeline.reload()} />
      {report && <ScenarioReport report={report} timeline={steps} onOpenUser={(ref) => void openUser(ref)} />}
    </>
  )
}

function Timeline({ steps, cursor, report }: { steps: TimelineStep[]; cursor: number; report: ScenarioReportView | null }): React.JSX.Element {
  const results = new Map((report?.steps ?? []).map((s) => [s.index, s]))
  return (
    <ol className="simx-timeline" aria-label="Scenario timeline">
      {steps.map((step, i) => {
        const result = results.get(i)
        const isNext = i === cursor
        const family = stepFamily(step)
        return (
          <li key={i} className={`simx-timeline-step${isNext ? ' is-next' : ''}${i < cursor ? ' is-done' : ''}`} aria-current={isNext ? 'step' : undefined}>
            <span className="simx-timeline-index">{i + 1}</span>
            <span className={`simx-family simx-family-${family}`} aria-hidden="true">
              {FAMILY_GLYPH[family]}
            </span>
            <span className="simx-timeline-text">
              <span>{describeStep(step)}</span>
              {typeof step.note === 'string' && <span className="muted small">{step.note}</span>}
              {result && result.status !== 'ok' && <span className="small simx-timeline-detail">{result.detail}</span>}
            </span>
            {isNext && <Badge tone="accent">Next</Badge>}
            {result && <StatusIcon status={result.status} label={result.status === 'ok' ? 'Applied' : result.status === 'error' ? 'Error' : 'Skipped'} />}
          </li>
        )
      })}
    </ol>
  )
}

function ScenarioFileCard({ onOpened }: { onOpened: (name: string, steps: number, users: number, groups: number) => void }): React.JSX.Element {
  const [name, setName] = useState('')
  const [saving, setSaving] = useState(false)
  const [opening, setOpening] = useState(false)
  const [progress, setProgress] = useState<UploadProgress>()
  const [error, setError] = useState<{ error: ConsoleError; doing: string }>()
  const fileInput = useRef<HTMLInputElement>(null)
  const show = useToasts((s) => s.show)

  const save = async (): Promise<void> => {
    setSaving(true)
    setError(undefined)
    const answer = await api.call('sim.scenario.save', name.trim() ? { name: name.trim() } : {})
    setSaving(false)
    if (!answer.ok) return setError({ error: answer.error, doing: 'save the scenario' })
    downloadText(answer.value.fileName, answer.value.text, 'application/json')
    show(`Saved ${answer.value.fileName}`)
  }

  const open = async (file: File): Promise<void> => {
    setOpening(true)
    setError(undefined)
    setProgress({ sent: 0, total: file.size })
    // a file over the limit is refused before it is sent, with its size and the limit
    const answer = await uploadFile('sim.scenario.open', file, setProgress)
    setOpening(false)
    setProgress(undefined)
    if (!answer.ok) return setError({ error: answer.error, doing: `open ${file.name}` })
    onOpened(answer.value.name, answer.value.steps.length, answer.value.users, answer.value.groups)
  }

  return (
    <Card title="Scenario file" description="The current directory, app configuration and timeline as one JSON file.">
      <form
        className="simx-save-row"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field label="Scenario name" htmlFor="simx-scenario-name" hint="Optional: saved in the file and used for its name.">
          <input
            id="simx-scenario-name"
            type="text"
            value={name}
            maxLength={200}
            placeholder="e.g. Contoso: manager not synced"
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Button type="submit" busy={saving}>
          Save scenario
        </Button>
      </form>
      <div className="row">
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Scenario file to open"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            e.currentTarget.value = ''
            if (file) void open(file)
          }}
        />
        <Button variant="secondary" busy={opening} onClick={() => fileInput.current?.click()}>
          Open scenario…
        </Button>
        <span className="muted small">Opening replaces the simulated directory and app configuration.</span>
      </div>
      {opening && progress && <UploadProgressView progress={progress} then="Opening the scenario" label="Uploading the scenario file" />}
      {error && <SimErrorNotice error={error.error} doing={error.doing} />}
    </Card>
  )
}

function ExamplesCard({ onOpened }: { onOpened: (name: string, steps: number, users: number, groups: number) => void }): React.JSX.Element {
  const examples = useConsoleQuery('sim.scenario.examples', undefined)
  const [opening, setOpening] = useState<string | null>(null)
  const [error, setError] = useState<ConsoleError>()
  const open = async (example: string): Promise<void> => {
    setOpening(example)
    setError(undefined)
    const answer = await api.call('sim.scenario.open', { example })
    setOpening(null)
    if (answer.ok) onOpened(answer.value.name, answer.value.steps.length, answer.value.users, answer.value.groups)
    else setError(answer.error)
  }
  return (
    <Card title="Example scenarios" description="Shipped with the harness: common Entra ID provisioning cases, ready to replay.">
      {examples.error && <SimErrorNotice error={examples.error} doing="list the examples" onRetry={examples.reload} />}
      {!examples.data && examples.loading && !examples.error && <Spinner label="Loading examples" />}
      {examples.data && examples.data.length === 0 && <p className="muted">No example scenarios in this build.</p>}
      {examples.data && examples.data.length > 0 && (
        <ul className="simx-examples" aria-label="Example scenarios">
          {examples.data.map((ex) => (
            <li key={ex.name}>
              <div className="stack simx-example-text">
                <strong>{ex.title}</strong>
                <span className="muted small">{ex.description}</span>
              </div>
              <Button
                variant="secondary"
                size="sm"
                busy={opening === ex.name}
                disabled={opening !== null}
                onClick={() => void open(ex.name)}
                aria-label={`Open example ${ex.title}`}
              >
                Open
              </Button>
            </li>
          ))}
        </ul>
      )}
      {error && <SimErrorNotice error={error} doing="open the example" />}
    </Card>
  )
}

function ExpectThisCard({ onAdded }: { onAdded: () => void }): React.JSX.Element {
  const [user, setUser] = useState<PickedSource>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError>()
  const [added, setAdded] = useState<string>()
  const add = async (): Promise<void> => {
    if (!user) return
    setBusy(true)
    setError(undefined)
    setAdded(undefined)
    const answer = await api.call('sim.scenario.expectThis', { objectId: user.objectId })
    setBusy(false)
    if (!answer.ok) return setError(answer.error)
    setAdded(user.displayName)
    onAdded()
  }
  return (
    <Card
      title="Expect this"
      description="Turn a user's current state in the target (exists, active, userName, CAL, groups) into an expectation step at the replay position: a later replay checks the target still holds it."
    >
      <div className="row">
        <SimUserPicker value={user} onChange={setUser} label="User to expect" />
        <Button variant="secondary" disabled={!user} busy={busy} onClick={() => void add()}>
          Expect this
        </Button>
      </div>
      {added && (
        <Notice tone="ok" title="Expectation added">
          An expectation on {added} was added to the timeline.
        </Notice>
      )}
      {error && <SimErrorNotice error={error} doing="add the expectation" />}
    </Card>
  )
}
