import { parseScenarioText } from '../../azure/scenarios'
import { examplesFolder, listExamples, readExample } from '../../simulator/examples'
import { expectThis, openScenario, replay, saveScenario } from '../../simulator/scenario-ops'
import { ConsoleRefusal } from '../console-error'
import { requireUser, type SimulatorHandlersOf, type SimulatorMethod, type SimulatorScope } from './session'

/* sim.scenario.*: the recording as a scenario file, opened, saved, shown as a timeline, replayed and given expectations. */

export function scenarioHandlers({ session }: SimulatorScope): SimulatorHandlersOf<Extract<SimulatorMethod, `sim.scenario.${string}`>> {
  return {
    'sim.scenario.examples': async () => listExamples(examplesFolder()),
    'sim.scenario.open': async ({ text, example }) => {
      const s = await session()
      if ((text === undefined) === (example === undefined))
        throw new ConsoleRefusal('invalid-input', 'Open either a scenario file (its text) or one of the examples (its name).', 'text')
      const scenario = text !== undefined ? parseScenarioText(text) : await readExample(examplesFolder(), example!)
      if (!scenario) throw new ConsoleRefusal('not-found', `There is no example scenario '${example}'.`, 'example')
      openScenario(s, scenario)
      return { name: scenario.name, steps: scenario.steps, users: scenario.directory.users.length, groups: scenario.directory.groups.length }
    },
    'sim.scenario.save': async ({ name }) => saveScenario(await session(), name),
    'sim.scenario.timeline': async () => {
      const { recording } = await session()
      return { steps: recording.readableSteps(), cursor: recording.cursor, report: recording.report }
    },
    'sim.scenario.replay': async ({ mode }) => replay(await session(), mode),
    'sim.scenario.expectThis': async ({ objectId }) => {
      const s = await session()
      requireUser(s, objectId)
      return (await expectThis(s, objectId)) as { action: 'expect' }
    },
  }
}
