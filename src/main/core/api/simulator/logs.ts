import { logsToCsv, logsToJson, type ProvisioningLogEntry } from '../../azure/engine'
import { logRowOf } from '../../../../shared/console/simulator-api'
import { ConsoleRefusal } from '../console-error'
import type { SimulatorHandlersOf, SimulatorMethod, SimulatorScope } from './session'

/* sim.logs.*, sim.outbox: what the job left behind, its provisioning logs (listed, read, downloaded) and the emails it would have sent. */

/** The log filters of the list and the downloads: action and status exact, search over both identities. */
function logMatcher(filters: {
  search?: string
  action?: string
  status?: string
  identityType?: string
  cycleId?: string
}): (e: ProvisioningLogEntry) => boolean {
  const needle = filters.search?.trim().toLowerCase()
  const wantedAction = filters.action?.toLowerCase()
  return (e) =>
    (!wantedAction || e.action.toLowerCase() === wantedAction) &&
    (!filters.status || e.status === filters.status) &&
    (!filters.identityType || e.sourceIdentity.type === filters.identityType) &&
    (!filters.cycleId || e.cycleId === filters.cycleId) &&
    (!needle ||
      `${e.sourceIdentity.displayName}\n${e.sourceIdentity.id}\n${e.targetIdentity.id}\n${e.targetIdentity.displayName}`.toLowerCase().includes(needle))
}

export function logHandlers({ session }: SimulatorScope): SimulatorHandlersOf<Extract<SimulatorMethod, `sim.logs.${string}`> | 'sim.outbox'> {
  return {
    'sim.logs.list': async ({ offset, limit, ...filters }) => {
      const matched = (await session()).logs().reverse().filter(logMatcher(filters))
      return { total: matched.length, items: matched.slice(offset, offset + limit).map(logRowOf) }
    },
    'sim.logs.get': async ({ id }) => {
      const entry = (await session()).logs().find((e) => e.id === id)
      if (!entry) throw new ConsoleRefusal('not-found', `There is no provisioning log entry '${id}'; the logs start over with a new directory.`, 'id')
      return entry
    },
    'sim.logs.export': async ({ format, neutraliseFormulas, ...filters }) => {
      // the portal downloads the current view: the same filters as the list, oldest first
      const logs = (await session()).logs().filter(logMatcher(filters))
      if (format === 'json') return { files: [{ name: 'ProvisioningLogs.json', text: logsToJson(logs) }] }
      const csv = logsToCsv(logs, { neutraliseFormulas })
      return {
        files: [
          { name: 'ProvisioningLogs.csv', text: csv.summary },
          { name: 'ProvisioningLogs_ProvisioningSteps.csv', text: csv.steps },
          { name: 'ProvisioningLogs_ModifiedProperties.csv', text: csv.modifiedProperties },
        ],
      }
    },
    'sim.outbox': async () => (await session()).outbox(),
  }
}
