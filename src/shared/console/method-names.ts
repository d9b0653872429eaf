/**
 * The console API's method names and IPC channel names as plain data, for the preload (issue 17,
 * item 4). The preload needs only these names; importing them from the zod table (./api.ts)
 * bundled every schema and zod itself into it (215 KB, evaluated on every page load). The table
 * stays the source of truth: the type check below fails when a method is added to or removed from
 * it without this list, and test/unit/console-method-names.test.ts compares the two at run time.
 * Only `import type` from ./api, so nothing of zod reaches a bundle through this module.
 */
import type { ConsoleMethod } from './api'

export const CONSOLE_METHOD_NAMES = [
  'status.get',
  'dashboard.get',
  'portal.get',
  'portal.update',
  'tokens.create',
  'tokens.revoke',
  'cal.checkRule',
  'cal.preview',
  'users.list',
  'users.get',
  'users.setActive',
  'groups.list',
  'groups.get',
  'traffic.recent',
  'traffic.unauthenticated',
  'vocabulary.get',
  'workspace.list',
  'workspace.open',
  'workspace.create',
  'workspace.pick',
  'tunnel.detect',
  'tunnel.status',
  'tunnel.goPublic',
  'tunnel.stop',
  'tunnel.setAuthtoken',
  'sim.state',
  'sim.setupBuiltIn',
  'sim.config.get',
  'sim.config.update',
  'sim.testConnection',
  'sim.users.list',
  'sim.users.get',
  'sim.users.create',
  'sim.users.update',
  'sim.users.lifecycle',
  'sim.groups.list',
  'sim.groups.get',
  'sim.groups.create',
  'sim.groups.update',
  'sim.groups.delete',
  'sim.directory.generate',
  'sim.directory.importCsv',
  'sim.assignments.list',
  'sim.assign',
  'sim.unassign',
  'sim.provisioning',
  'sim.clock',
  'sim.provisionOnDemand',
  'sim.logs.list',
  'sim.logs.get',
  'sim.logs.export',
  'sim.outbox',
  'sim.compare',
  'sim.scenario.examples',
  'sim.scenario.open',
  'sim.scenario.save',
  'sim.scenario.timeline',
  'sim.scenario.replay',
  'sim.scenario.expectThis',
] as const satisfies readonly ConsoleMethod[]

export type ConsoleMethodName = (typeof CONSOLE_METHOD_NAMES)[number]

/** Methods of the table missing from the list above: `never` when the list is complete. */
type MissingFromList = Exclude<ConsoleMethod, ConsoleMethodName>
// A type error here names the method to add to CONSOLE_METHOD_NAMES.
const listIsComplete: [MissingFromList] extends [never] ? true : MissingFromList = true
void listIsComplete

const NAMES: ReadonlySet<string> = new Set(CONSOLE_METHOD_NAMES)

/** Whether `name` is a console method, without loading the table. */
export function isConsoleMethodName(name: unknown): name is ConsoleMethodName {
  return typeof name === 'string' && NAMES.has(name)
}

/** IPC channel names: one per method, plus the event channel main sends on. */
export const ipcChannelOf = (method: ConsoleMethodName): string => `console:${method}`
export const IPC_EVENT_CHANNEL = 'console:event'
