import { Directory, importUsersCsv } from '../../azure/directory'
import { ConsoleRefusal } from '../console-error'
import type { SimulatorHandlersOf, SimulatorMethod, SimulatorScope } from './session'

/* sim.directory.*: the simulated tenant's directory as a whole, generated from a seed or filled from a CSV. */

export function directoryHandlers({ session }: SimulatorScope): SimulatorHandlersOf<Extract<SimulatorMethod, `sim.directory.${string}`>> {
  return {
    'sim.directory.generate': async ({ users, groups, seed }) => {
      const s = await session()
      if (s.busyWith) throw new ConsoleRefusal('busy', `${s.busyWith}: wait for it to finish.`)
      let directory: Directory
      const steps = Directory.generateInSteps({ users, groups, seed })
      try {
        for (;;) {
          const next = steps.next()
          if (next.done) {
            directory = next.value
            break
          }
          s.setActivity({ label: `Generating the sample directory: ${next.value.phase.toLowerCase()}`, done: next.value.done, total: next.value.total })
          // let the progress event go out before the next phase takes the event loop
          await new Promise((resolve) => setImmediate(resolve))
        }
      } finally {
        s.setActivity(null)
      }
      s.replaceDirectory(directory, { ...s.appSettings(), assignments: { userIds: [], groupIds: [] } })
      s.recording.name = `Generated directory (${users} users, ${groups} groups, seed ${seed})`
      return { users: directory.userCount, groups: directory.groupCount }
    },
    'sim.directory.importCsv': async ({ csv }) => {
      const s = await session()
      const result = importUsersCsv(csv, { directory: s.directory })
      if (result.users.length > 0) s.addUsers(result.users)
      return { added: result.users.length, problems: result.errors }
    },
  }
}
