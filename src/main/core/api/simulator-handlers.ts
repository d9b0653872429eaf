import type { ConsoleMethod } from '../../../shared/console/api'
import { simulatorMethods } from '../../../shared/console/simulator-api'
import { ConsoleRefusal } from './console-error'
import type { ConsoleContext, ConsoleHandlers } from './console-handlers'

type SimulatorMethod = Extract<ConsoleMethod, `sim.${string}`>
export type SimulatorHandlers = Pick<ConsoleHandlers, SimulatorMethod>

// TEMPORARY (session 2, being replaced by the simulator session work in progress): every sim.*
// method answers "not built yet" so the table type-checks while the backend is written.
export function createSimulatorHandlers(_ctx: ConsoleContext): SimulatorHandlers {
  const notBuilt = async (): Promise<never> => {
    throw new ConsoleRefusal('not-built', 'The simulated Entra ID is not available in this build yet.')
  }
  return Object.fromEntries(Object.keys(simulatorMethods).map((m) => [m, notBuilt])) as unknown as SimulatorHandlers
}
