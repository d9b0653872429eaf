// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installSimFake, user } from './sim-screens-fake'
import type { ScenarioReportSummary } from '../../src/shared/console/provisioning-log-schema'

const fake = installSimFake()
const { ScenariosPage } = await import('../../src/renderer/src/features/sim-scenarios/ScenariosPage')
const { diffJson } = await import('../../src/renderer/src/features/sim-scenarios/json-diff')
const { describeStep } = await import('../../src/renderer/src/features/sim-scenarios/timeline-steps')
const { useRouter } = await import('../../src/renderer/src/stores/router')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')

configure({ asyncUtilTimeout: 5000 })

const adele = user(1)
const alex = user(2)

const SCENARIO = {
  format: 'scim-harness-scenario',
  version: 1,
  name: 'Contoso: manager not synced',
  steps: [
    { action: 'assignGroup', group: 'Sales' },
    { action: 'runCycle', kind: 'initial' },
    { action: 'expect', user: adele.userPrincipalName, active: true, attributes: { title: 'Director' }, manager: alex.userPrincipalName },
    { action: 'unassignUser', user: alex.userPrincipalName, note: 'the customer removed Alex from the app' },
    { action: 'runCycle', kind: 'incremental' },
  ],
}

/** The report run-scenario.ts gives: step results up to `upTo`; Adele's title and manager checks fail. */
function report(steps: Record<string, unknown>[], upTo: number, allPass = false): ScenarioReportSummary {
  const replayed = steps.slice(0, upTo)
  const expectations = replayed.flatMap((s, index) =>
    s.action !== 'expect'
      ? []
      : [
          { index, description: `user ${adele.userPrincipalName} is active`, passed: true, expected: true, actual: true },
          {
            index,
            description: `user ${adele.userPrincipalName} has title = "Director"`,
            passed: allPass,
            expected: 'Director',
            actual: allPass ? 'Director' : 'Account Manager',
          },
          {
            index,
            description: `user ${adele.userPrincipalName} has manager ${alex.userPrincipalName} as { value }`,
            passed: allPass,
            expected: { value: 't-2', display: 'Alex Wilber' },
            actual: allPass ? { value: 't-2', display: 'Alex Wilber' } : { value: 'alex@contoso.onmicrosoft.com', display: 'Alex Wilber' },
          },
        ],
  )
  const stepResults = replayed.map((s, index) => ({
    index,
    kind: String(s.action),
    status: 'ok' as const,
    detail: s.action === 'runCycle' ? 'initial cycle: 2 Create' : s.action === 'expect' ? '1 of 3 expectations held' : `applied ${String(s.action)}`,
  }))
  return { scenario: SCENARIO.name, passed: expectations.every((e) => e.passed), cancelled: false, steps: stepResults, expectations }
}

beforeEach(() => {
  fake.calls.length = 0
  fake.failures.clear()
  fake.offline = false
  fake.users = [adele, alex]
  fake.scenarioName = null
  fake.timeline = { steps: [], cursor: 0, report: null }
  fake.report = (steps, upTo) => report(steps, upTo)
  fake.examples = [
    {
      name: 'unassign-disables',
      title: 'Unassigning a user disables it',
      description: 'Assign a group, run a cycle, remove one user, run the next cycle: the user is inactive.',
    },
    { name: 'manager-reference', title: 'Manager as a reference', description: 'The manager attribute arrives as { value } once both users exist.' },
  ]
  useToasts.setState({ toasts: [] })
})
afterEach(cleanup)

const timelineItems = () => within(screen.getByRole('list', { name: 'Scenario timeline' })).getAllByRole('listitem')

async function openFile(): Promise<void> {
  const input = screen.getByLabelText('Scenario file to open') as HTMLInputElement
  const file = new File([JSON.stringify(SCENARIO)], 'contoso.scenario.json', { type: 'application/json' })
  fireEvent.change(input, { target: { files: [file] } })
  await waitFor(() => expect(timelineItems()).toHaveLength(5))
}

describe('Scenarios: files and examples', () => {
  it('opens a scenario file: its text goes to sim.scenario.open and its timeline is listed, the first step next', async () => {
    render(<ScenariosPage />)
    await screen.findByText(/No steps yet/)
    await openFile()
    expect(fake.callsOf('sim.scenario.open')).toEqual([{ text: JSON.stringify(SCENARIO) }])
    expect(useToasts.getState().toasts.at(-1)?.text).toBe('Opened scenario “Contoso: manager not synced”: 5 steps, 7 users, 1 groups')
    const items = timelineItems()
    expect(items.map((li) => li.querySelector('.simx-timeline-text > span')!.textContent)).toEqual([
      'Assign group Sales to the app',
      'Run an initial cycle',
      `Expect user ${adele.userPrincipalName}: active, title, manager ${alex.userPrincipalName}`,
      `Remove user ${alex.userPrincipalName} from the app`,
      'Run an incremental cycle',
    ])
    expect(items[3].textContent).toContain('the customer removed Alex from the app')
    expect(items[0].getAttribute('aria-current')).toBe('step')
    expect(within(items[0]).getByText('Next')).toBeTruthy()
    expect(await screen.findByText('Contoso: manager not synced')).toBeTruthy()
    expect(screen.getByText('0 of 5 replayed')).toBeTruthy()
  })

  it('lists the shipped examples and opens one', async () => {
    render(<ScenariosPage />)
    const list = await screen.findByRole('list', { name: 'Example scenarios' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(2)
    expect(list.textContent).toContain('the user is inactive')
    fireEvent.click(within(list).getByRole('button', { name: 'Open example Unassigning a user disables it' }))
    await waitFor(() => expect(timelineItems()).toHaveLength(2))
    expect(fake.callsOf('sim.scenario.open')).toEqual([{ example: 'unassign-disables' }])
  })

  it('shows why a file was refused', async () => {
    fake.failures.set('sim.scenario.open', {
      code: 'invalidScenario',
      message: "The scenario is not valid: steps[3].user: No user 'zoe@contoso.com' in the directory (name a user by objectId or userPrincipalName).",
    })
    render(<ScenariosPage />)
    const input = screen.getByLabelText('Scenario file to open') as HTMLInputElement
    fireEvent.change(input, { target: { files: [new File(['{}'], 'broken.json')] } })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not open broken.json')
    expect(alert.textContent).toContain("No user 'zoe@contoso.com' in the directory")
  })

  it('refuses a file over the 50 MB limit before sending it, saying its size and the limit', async () => {
    render(<ScenariosPage />)
    const file = new File(['{}'], 'tenant.scenario.json')
    Object.defineProperty(file, 'size', { value: 62 * 1024 * 1024 })
    fireEvent.change(screen.getByLabelText('Scenario file to open'), { target: { files: [file] } })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not open tenant.scenario.json')
    expect(alert.textContent).toContain('The scenario file is 62 MB; the limit is 50 MB.')
    expect(fake.callsOf('sim.scenario.open')).toEqual([])
  })

  it('saves the scenario under the name given and downloads the .json', async () => {
    const blobs: Blob[] = []
    Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), 'blob:1')), revokeObjectURL: vi.fn() })
    const names: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    try {
      fake.timeline = { steps: SCENARIO.steps, cursor: 0, report: null }
      render(<ScenariosPage />)
      fireEvent.change(screen.getByLabelText('Scenario name'), { target: { value: 'Contoso case 4711' } })
      fireEvent.click(screen.getByRole('button', { name: 'Save scenario' }))
      await waitFor(() => expect(names).toEqual(['contoso-case-4711.scenario.json']))
      expect(fake.callsOf('sim.scenario.save')).toEqual([{ name: 'Contoso case 4711' }])
      const saved = JSON.parse(await blobs[0].text()) as { name: string; steps: unknown[] }
      expect(saved.name).toBe('Contoso case 4711')
      expect(saved.steps).toHaveLength(5)
    } finally {
      click.mockRestore()
    }
  })
})

describe('Scenarios: replay and report', () => {
  it('replays one step at a time: busy while it runs, then the cursor moves on and the step shows as applied', async () => {
    fake.timeline = { steps: SCENARIO.steps, cursor: 0, report: null }
    render(<ScenariosPage />)
    await waitFor(() => expect(timelineItems()).toHaveLength(5))
    const next = screen.getByRole('button', { name: 'Next step' })
    fireEvent.click(next)
    expect(next.getAttribute('aria-busy')).toBe('true')
    expect((screen.getByRole('button', { name: 'Replay all' }) as HTMLButtonElement).disabled).toBe(true)
    await waitFor(() => expect(timelineItems()[1].getAttribute('aria-current')).toBe('step'))
    expect(fake.callsOf('sim.scenario.replay')).toEqual([{ mode: 'next' }])
    expect(within(timelineItems()[0]).getByRole('img', { name: 'Applied' })).toBeTruthy()
    expect(timelineItems()[0].className).toContain('is-done')
    expect(screen.getByText('1 of 5 replayed')).toBeTruthy()
    expect(within(screen.getByTestId('scenario-verdict')).getByText('Every step applied')).toBeTruthy()
  })

  it('replays all and reports: the failed expectations counted in the banner, each with expected against actual', async () => {
    fake.timeline = { steps: SCENARIO.steps, cursor: 0, report: null }
    render(<ScenariosPage />)
    await waitFor(() => expect(timelineItems()).toHaveLength(5))
    fireEvent.click(screen.getByRole('button', { name: 'Replay all' }))
    const verdict = await screen.findByTestId('scenario-verdict')
    expect(fake.callsOf('sim.scenario.replay')).toEqual([{ mode: 'all' }])
    expect(within(verdict).getByRole('alert').textContent).toContain('2 failed')
    expect(verdict.textContent).toContain('2 of 3 expectations failed')
    expect((screen.getByRole('button', { name: 'Next step' }) as HTMLButtonElement).disabled).toBe(true)

    const expectations = within(screen.getByRole('region', { name: 'Expectations' })).getAllByRole('listitem')
    expect(expectations).toHaveLength(3)
    expect(within(expectations[0]).getByText('Passed')).toBeTruthy()
    expect(expectations[0].querySelector('.simx-diff')).toBeNull()

    // a scalar: the expected line and the actual line, each marked
    const title = within(expectations[1]).getByRole('group', { name: 'Expected and actual' })
    const titleLines = [...title.querySelectorAll('.simx-diff-line')].map((l) => [
      l.getAttribute('data-kind'),
      l
        .textContent!.replace(/^[−+ ]/, '')
        .replace(/^(expected|actual): /, '')
        .trim(),
    ])
    expect(titleLines).toEqual([
      ['expected', '"Director"'],
      ['actual', '"Account Manager"'],
    ])
    // an object: only the line that differs is marked, the rest shared
    const manager = within(expectations[2]).getByRole('group', { name: 'Expected and actual' })
    const kinds = [...manager.querySelectorAll('.simx-diff-line')].map((l) => l.getAttribute('data-kind'))
    expect(kinds).toEqual(['same', 'expected', 'actual', 'same', 'same'])
    expect(manager.querySelector('[data-kind="expected"]')!.textContent).toContain('"value": "t-2"')
    expect(manager.querySelector('[data-kind="actual"]')!.textContent).toContain('"value": "alex@contoso.onmicrosoft.com"')

    const stepRows = within(screen.getByRole('table', { name: 'Replayed steps' }))
      .getAllByRole('row')
      .slice(1)
    expect(stepRows).toHaveLength(5)
    expect(stepRows[1].textContent).toContain('initial cycle: 2 Create')
  })

  it('says all expectations passed when they did', async () => {
    fake.report = (steps, upTo) => report(steps, upTo, true)
    fake.timeline = { steps: SCENARIO.steps, cursor: 0, report: null }
    render(<ScenariosPage />)
    await waitFor(() => expect(timelineItems()).toHaveLength(5))
    fireEvent.click(screen.getByRole('button', { name: 'Replay all' }))
    const verdict = await screen.findByTestId('scenario-verdict')
    expect(verdict.textContent).toContain('All 3 expectations passed')
    expect(verdict.querySelector('.notice-ok')).toBeTruthy()
  })

  it('opens the resulting user state of an expectation’s user, found by its userPrincipalName', async () => {
    fake.timeline = { steps: SCENARIO.steps, cursor: 5, report: report(SCENARIO.steps, 5) }
    render(<ScenariosPage />)
    const region = await screen.findByRole('region', { name: 'Expectations' })
    fireEvent.click(within(region).getAllByRole('button', { name: 'Resulting user state' })[1])
    await waitFor(() => expect(useRouter.getState().path).toBe(`/sim/compare/${adele.objectId}`))
    expect(fake.callsOf('sim.users.list').at(-1)).toMatchObject({ search: adele.userPrincipalName })
  })

  it('adds an expectation from a user (Expect this) at the replay position', async () => {
    fake.timeline = { steps: SCENARIO.steps, cursor: 0, report: null }
    render(<ScenariosPage />)
    await waitFor(() => expect(timelineItems()).toHaveLength(5))
    const box = screen.getByRole('combobox', { name: 'User to expect' })
    fireEvent.focus(box)
    fireEvent.change(box, { target: { value: 'Alex' } })
    await waitFor(() => expect(fake.callsOf('sim.users.list').at(-1)).toMatchObject({ search: 'Alex' }))
    fireEvent.mouseDown(await screen.findByRole('option', { name: /Alex Wilber/ }))
    const card = screen.getByRole('region', { name: 'Expect this' })
    fireEvent.click(within(card).getByRole('button', { name: 'Expect this' }))
    await waitFor(() => expect(timelineItems()).toHaveLength(6))
    expect(fake.callsOf('sim.scenario.expectThis')).toEqual([{ objectId: alex.objectId }])
    // recorded at the replay position (here the start), which moves past it
    expect(timelineItems()[0].textContent).toContain(`Expect user ${alex.userPrincipalName}: exists, active, title`)
    expect(timelineItems()[1].getAttribute('aria-current')).toBe('step')
    expect(within(card).getByRole('status').textContent).toContain('An expectation on Alex Wilber was added to the timeline.')
  })

  it('reloads the timeline when the simulator reports a change', async () => {
    render(<ScenariosPage />)
    await screen.findByText(/No steps yet/)
    fake.timeline = { steps: SCENARIO.steps.slice(0, 1), cursor: 0, report: null }
    const { simState } = await import('./sim-screens-fake')
    act(() => fake.emit({ type: 'sim', data: simState() }))
    await waitFor(() => expect(timelineItems()).toHaveLength(1))
  })

  it('says so when the harness does not answer', async () => {
    fake.offline = true
    render(<ScenariosPage />)
    await waitFor(() => expect(screen.getAllByRole('alert').length).toBeGreaterThanOrEqual(2))
    expect(screen.getAllByRole('alert').every((a) => a.textContent!.includes('The harness does not answer'))).toBe(true)
  })
})

describe('json diff and step wording', () => {
  it('marks only the differing lines of two objects', () => {
    expect(diffJson({ a: 1, b: 2, c: 3 }, { a: 1, b: 5, c: 3 })).toEqual([
      { kind: 'same', text: '{' },
      { kind: 'same', text: '  "a": 1,' },
      { kind: 'expected', text: '  "b": 2,' },
      { kind: 'actual', text: '  "b": 5,' },
      { kind: 'same', text: '  "c": 3' },
      { kind: 'same', text: '}' },
    ])
    expect(diffJson('x', undefined)).toEqual([
      { kind: 'expected', text: '"x"' },
      { kind: 'actual', text: '(absent)' },
    ])
    expect(diffJson([1, 2], [1, 2]).every((l) => l.kind === 'same')).toBe(true)
  })

  it('words the steps of a timeline', () => {
    expect(describeStep({ action: 'provisionOnDemand', group: 'Sales', members: ['adele', 'alex'] })).toBe('Provision on demand: group Sales with adele, alex')
    expect(describeStep({ action: 'advanceClock', minutes: 40 })).toBe('Advance the clock 40 minutes')
    expect(describeStep({ action: 'expect', group: 'Sales', memberCount: 3 })).toBe('Expect group Sales: 3 members')
    expect(describeStep({ action: 'editUser', user: 'adele', set: { jobTitle: 'Director', department: 'Sales' } })).toBe(
      'Edit user adele: jobTitle, department',
    )
  })
})
