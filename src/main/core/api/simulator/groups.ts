import type { ScenarioStep } from '../../azure/scenarios'
import { UserRows, groupRow } from '../../simulator/directory-rows'
import { ConsoleRefusal } from '../console-error'
import { performAll, requireGroup, rowContext, type SimulatorHandlersOf, type SimulatorMethod, type SimulatorScope } from './session'

/* sim.groups.*: the simulated tenant's groups, with their members. */

export function groupHandlers({ session }: SimulatorScope): SimulatorHandlersOf<Extract<SimulatorMethod, `sim.groups.${string}`>> {
  return {
    'sim.groups.list': async (query) => {
      const s = await session()
      return s.rows.listGroups(rowContext(s), query)
    },
    'sim.groups.get': async ({ objectId }) => {
      const s = await session()
      const group = requireGroup(s, objectId)
      const rows = new UserRows(rowContext(s))
      return {
        group: groupRow(rowContext(s), group),
        members: group.memberIds
          .slice(0, 500)
          .map((id) => s.directory.getUser(id))
          .filter((u) => u !== undefined)
          .map((u) => rows.row(u)),
      }
    },
    'sim.groups.create': async ({ displayName, mailNickname }) => {
      const s = await session()
      const group = s.directory.addGroup({ displayName, ...(mailNickname ? { mailNickname } : {}) })
      s.recording.addGroup(group)
      s.changed()
      return groupRow(rowContext(s), group)
    },
    'sim.groups.update': async ({ objectId, displayName, addMemberIds, removeMemberIds }) => {
      const s = await session()
      const group = requireGroup(s, objectId)
      if (displayName !== undefined) {
        const renamed = s.directory.renameGroup(group.objectId, displayName)
        s.recording.renameGroup(group.objectId, renamed.displayName)
        s.changed()
      }
      for (const id of addMemberIds ?? [])
        if (!s.directory.kindOf(id))
          throw new ConsoleRefusal('not-found', `There is no user or group with objectId '${id}' in the simulated tenant.`, 'addMemberIds')
      await performAll(s, [
        ...(addMemberIds ?? []).map((member): ScenarioStep => ({ action: 'addMember', group: group.objectId, member: member.toLowerCase() })),
        ...(removeMemberIds ?? []).map((member): ScenarioStep => ({ action: 'removeMember', group: group.objectId, member: member.toLowerCase() })),
      ])
      return groupRow(rowContext(s), requireGroup(s, group.objectId))
    },
    'sim.groups.delete': async ({ objectId }) => {
      const s = await session()
      const group = requireGroup(s, objectId)
      s.directory.deleteGroup(group.objectId)
      s.recording.dropGroup(group.objectId)
      s.changed()
      return { deleted: true as const }
    },
  }
}
