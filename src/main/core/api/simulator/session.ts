import type { ConsoleMethod } from '../../../../shared/console/api'
import type { ScenarioStep } from '../../azure/scenarios'
import type { SimulatorSession } from '../../simulator/simulator-session'
import { ConsoleRefusal } from '../console-error'
import type { ConsoleContext, ConsoleHandlers } from '../console-handlers'

/*
 * What every sim.* namespace shares: the workspace's simulator session, the refusals for an
 * objectId the tenant does not hold, and the row context the Users and Groups lists are built with.
 */

export type SimulatorMethod = Extract<ConsoleMethod, `sim.${string}`>
export type SimulatorHandlers = Pick<ConsoleHandlers, SimulatorMethod>
/** The handlers of the named sim.* methods, as one namespace file builds them. */
export type SimulatorHandlersOf<M extends SimulatorMethod> = Pick<SimulatorHandlers, M>

/** A namespace's view of the console: the context, and the session once it is loaded. */
export interface SimulatorScope {
  ctx: ConsoleContext
  /** The session once simulator.json is loaded (it loads after the server starts listening). */
  session(): Promise<SimulatorSession>
}

export function simulatorScope(ctx: ConsoleContext): SimulatorScope {
  return {
    ctx,
    session: async () => {
      if (!ctx.simulator) throw new ConsoleRefusal('not-supported', 'The simulated Entra ID is not available in this host.')
      await ctx.simulator.ready()
      return ctx.simulator
    },
  }
}

export function requireUser(session: SimulatorSession, objectId: string) {
  const user = session.directory.getUser(objectId)
  if (!user) throw new ConsoleRefusal('not-found', `There is no user with objectId '${objectId}' in the simulated tenant; refresh the list.`, 'objectId')
  return user
}

export function requireGroup(session: SimulatorSession, objectId: string) {
  const group = session.directory.getGroup(objectId)
  if (!group) throw new ConsoleRefusal('not-found', `There is no group with objectId '${objectId}' in the simulated tenant; refresh the list.`, 'objectId')
  return group
}

/** What the source user and group rows are computed from. */
export const rowContext = (s: SimulatorSession) => ({ directory: s.directory, config: s.engine.config, targetIdOf: s.targetIdOf })

/** Runs steps one after another as console actions (each recorded). */
export async function performAll(s: SimulatorSession, steps: ScenarioStep[]): Promise<void> {
  for (const step of steps) await s.perform(step)
}
