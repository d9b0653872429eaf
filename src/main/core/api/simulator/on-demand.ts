import type { ScenarioStep } from '../../azure/scenarios'
import { ConsoleRefusal } from '../console-error'
import { requireGroup, requireUser, type SimulatorHandlersOf, type SimulatorScope } from './session'

/* sim.provisionOnDemand: one user, or one group with up to 5 of its members, provisioned now and recorded. */

export function onDemandHandlers({ session }: SimulatorScope): SimulatorHandlersOf<'sim.provisionOnDemand'> {
  return {
    'sim.provisionOnDemand': async ({ userId, groupId, memberIds }) => {
      const s = await session()
      if ((userId === undefined) === (groupId === undefined))
        throw new ConsoleRefusal('invalid-input', 'Provision on demand takes one user, or one group (with up to 5 of its members).', 'userId')
      let step: ScenarioStep
      let result
      if (userId !== undefined) {
        const user = requireUser(s, userId)
        result = await s.engine.provisionOnDemand({ userId: user.objectId })
        step = { action: 'provisionOnDemand', user: user.objectId }
      } else {
        const group = requireGroup(s, groupId!)
        // no members chosen: the group's direct user members, which Entra allows up to 5 of (section 9)
        const members = (memberIds ?? group.memberIds.filter((id) => s.directory.kindOf(id) === 'user')).map((id) => id.toLowerCase())
        result = await s.engine.provisionOnDemand({ groupId: group.objectId, memberIds: members })
        step = { action: 'provisionOnDemand', group: group.objectId, members }
      }
      s.rememberLinks()
      s.recording.record(result.action ? ({ ...step, expectAction: result.action } as ScenarioStep) : step)
      s.changed()
      return result
    },
  }
}
