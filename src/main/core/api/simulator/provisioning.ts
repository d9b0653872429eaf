import type { ScenarioStep } from '../../azure/scenarios'
import type { SimulatorHandlersOf, SimulatorScope } from './session'

/* sim.state, sim.provisioning, sim.clock: the provisioning job at a glance, started, stopped and run, and its clock. */

export function provisioningHandlers({ session }: SimulatorScope): SimulatorHandlersOf<'sim.state' | 'sim.provisioning' | 'sim.clock'> {
  return {
    'sim.state': async () => (await session()).state(),
    'sim.provisioning': async ({ action }) => {
      const s = await session()
      const steps: Record<typeof action, ScenarioStep> = {
        start: { action: 'startProvisioning' },
        stop: { action: 'stopProvisioning' },
        restart: { action: 'runCycle', kind: 'initial', note: 'Restart provisioning' },
        runNow: { action: 'runCycle', kind: 'incremental' },
        allowDeletes: { action: 'allowDeletes' },
      }
      await s.perform(steps[action])
      return s.state()
    },
    'sim.clock': async ({ speed }) => {
      const s = await session()
      s.setSpeed(speed)
      return s.state()
    },
  }
}
