import type { ConsoleContext } from '../console-handlers'
import { appHandlers } from './app'
import { assignmentHandlers } from './assignments'
import { compareHandlers } from './compare'
import { directoryHandlers } from './directory'
import { groupHandlers } from './groups'
import { logHandlers } from './logs'
import { onDemandHandlers } from './on-demand'
import { provisioningHandlers } from './provisioning'
import { scenarioHandlers } from './scenario'
import { simulatorScope, type SimulatorHandlers } from './session'
import { userHandlers } from './users'

/*
 * The sim.* console methods: the simulated Entra ID of this workspace (issue 5), one file per
 * namespace. Thin: each handler checks what the console sent against the session's directory
 * and hands over to the session (src/main/core/simulator), which owns the directory, the job and
 * the recording.
 */

export type { SimulatorHandlers } from './session'

export function createSimulatorHandlers(ctx: ConsoleContext): SimulatorHandlers {
  const scope = simulatorScope(ctx)
  return {
    ...provisioningHandlers(scope),
    ...appHandlers(scope),
    ...userHandlers(scope),
    ...groupHandlers(scope),
    ...directoryHandlers(scope),
    ...assignmentHandlers(scope),
    ...onDemandHandlers(scope),
    ...logHandlers(scope),
    ...compareHandlers(scope),
    ...scenarioHandlers(scope),
  }
}
