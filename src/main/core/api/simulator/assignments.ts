import type { ScenarioStep } from '../../azure/scenarios'
import type { SimulatorSession } from '../../simulator/simulator-session'
import { performAll, requireGroup, requireUser, type SimulatorHandlersOf, type SimulatorScope } from './session'

/* sim.assignments.list, sim.assign, sim.unassign: who is assigned to the enterprise app (Users and groups). */

const assignmentCounts = (s: SimulatorSession) => {
  const { assignments } = s.engine.config
  return { users: assignments.userIds.length, groups: assignments.groupIds.length }
}

export function assignmentHandlers({ session }: SimulatorScope): SimulatorHandlersOf<'sim.assignments.list' | 'sim.assign' | 'sim.unassign'> {
  return {
    'sim.assignments.list': async () => {
      const s = await session()
      const { assignments } = s.engine.config
      return {
        users: assignments.userIds.flatMap((id) => {
          const u = s.directory.getUser(id)
          return u ? [{ objectId: u.objectId, displayName: u.displayName ?? u.userPrincipalName, userPrincipalName: u.userPrincipalName }] : []
        }),
        groups: assignments.groupIds.flatMap((id) => {
          const g = s.directory.getGroup(id)
          return g ? [{ objectId: g.objectId, displayName: g.displayName, memberCount: g.memberIds.length }] : []
        }),
      }
    },
    'sim.assign': async ({ userIds, groupIds }) => {
      const s = await session()
      const users = userIds.map((id) => requireUser(s, id).objectId)
      const groups = groupIds.map((id) => requireGroup(s, id).objectId)
      const { assignments } = s.engine.config
      await performAll(s, [
        ...users.filter((id) => !assignments.userIds.includes(id)).map((user): ScenarioStep => ({ action: 'assignUser', user })),
        ...groups.filter((id) => !assignments.groupIds.includes(id)).map((group): ScenarioStep => ({ action: 'assignGroup', group })),
      ])
      return assignmentCounts(s)
    },
    'sim.unassign': async ({ userIds, groupIds }) => {
      const s = await session()
      const users = userIds.map((id) => requireUser(s, id).objectId)
      const groups = groupIds.map((id) => requireGroup(s, id).objectId)
      const { assignments } = s.engine.config
      await performAll(s, [
        ...users.filter((id) => assignments.userIds.includes(id)).map((user): ScenarioStep => ({ action: 'unassignUser', user })),
        ...groups.filter((id) => assignments.groupIds.includes(id)).map((group): ScenarioStep => ({ action: 'unassignGroup', group })),
      ])
      return assignmentCounts(s)
    },
  }
}
