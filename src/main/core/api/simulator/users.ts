import type { SourceUserInput } from '../../../../shared/console/simulator-api'
import type { NewUser, UserPatch } from '../../azure/directory'
import { UserRows } from '../../simulator/directory-rows'
import { requireUser, rowContext, type SimulatorHandlersOf, type SimulatorMethod, type SimulatorScope } from './session'

/* sim.users.*: the simulated tenant's users, listed, read, added, edited and taken through their lifecycle. */

/** A form's '' means "no value": dropped for a new user, null (remove) in a patch. */
function newUserOf(input: SourceUserInput): NewUser {
  // the input schema requires a userPrincipalName of 3 characters or more, so it is never ''
  const user: NewUser = { userPrincipalName: input.userPrincipalName }
  for (const [key, value] of Object.entries(input)) if (value !== undefined && value !== '') Object.assign(user, { [key]: value })
  return user
}

function patchOf(input: Partial<SourceUserInput>): UserPatch {
  const patch: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) if (value !== undefined) patch[key] = value === '' ? null : value
  return patch as UserPatch
}

export function userHandlers({ session }: SimulatorScope): SimulatorHandlersOf<Extract<SimulatorMethod, `sim.users.${string}`>> {
  return {
    'sim.users.list': async (query) => {
      const s = await session()
      return s.rows.listUsers(rowContext(s), query)
    },
    'sim.users.get': async ({ objectId }) => {
      const s = await session()
      const user = requireUser(s, objectId)
      const manager = user.managerId ? s.directory.getUser(user.managerId) : undefined
      return {
        user: { ...user },
        row: new UserRows(rowContext(s)).row(user),
        groups: s.directory
          .groupsOf(user.objectId)
          .map((id) => s.directory.getGroup(id))
          .filter((g) => g !== undefined)
          .map((g) => ({ objectId: g.objectId, displayName: g.displayName })),
        manager: manager ? { objectId: manager.objectId, displayName: manager.displayName ?? manager.userPrincipalName } : null,
      }
    },
    'sim.users.create': async ({ user }) => {
      const s = await session()
      const [created] = s.directory.addUsers([newUserOf(user)])
      s.recording.addUsers([created])
      s.changed()
      return { ...created }
    },
    'sim.users.update': async ({ objectId, patch }) => {
      const s = await session()
      const user = requireUser(s, objectId)
      await s.perform({ action: 'editUser', user: user.objectId, set: patchOf(patch) })
      return { ...requireUser(s, user.objectId) }
    },
    'sim.users.lifecycle': async ({ objectId, action }) => {
      const s = await session()
      const user = requireUser(s, objectId)
      await s.perform({ action, user: user.objectId })
      const after = s.directory.getUser(user.objectId)
      return { user: after ? { ...after } : null }
    },
  }
}
