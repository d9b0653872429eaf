import { explainCal } from '../../portal'
import { calGroups } from '../../services/cal-groups'
import { compareUser } from '../../simulator/compare'
import { UserRows } from '../../simulator/directory-rows'
import { requireUser, rowContext, type SimulatorHandlersOf, type SimulatorScope } from './session'

/* sim.compare: the resulting user state, the source user beside the target user (with its CAL when the target is the built-in server). */

export function compareHandlers({ ctx, session }: SimulatorScope): SimulatorHandlersOf<'sim.compare'> {
  return {
    'sim.compare': async ({ objectId }) => {
      const s = await session()
      const user = requireUser(s, objectId)
      const row = new UserRows(rowContext(s)).row(user)
      return compareUser({
        user,
        config: s.engine.config,
        outOfScope: !row.inScope,
        reader: s.reader(),
        targetIdOf: s.targetIdOf,
        calOf: s.isBuiltInTarget()
          ? (targetId) => {
              const record = ctx.store.getUser(targetId)
              if (!record) return undefined
              const explained = explainCal({
                user: record.resource,
                groups: calGroups(ctx.store, ctx.store.groupIdsOfMember(targetId)),
                settings: ctx.store.portal,
              })
              return { cal: record.cal, summary: explained.summary }
            }
          : undefined,
      })
    },
  }
}
