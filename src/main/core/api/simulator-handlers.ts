import type { ConsoleMethod } from '../../../shared/console/api'
import type { SourceUserInput } from '../../../shared/console/simulator-api'
import { Directory, importUsersCsv, type NewUser, type UserPatch } from '../azure/directory'
import { HttpTransport, logsToCsv, logsToJson, testConnection, type ProvisioningLogEntry } from '../azure/engine'
import { attributeMappingListSchema } from '../azure/mappings'
import { parseScenarioText, type ScenarioStep } from '../azure/scenarios'
import { canEnable, explainCal } from '../portal'
import { calGroups } from '../services/cal-groups'
import { PortalService } from '../services/portal-service'
import { compareUser } from '../simulator/compare'
import { UserRows, groupRow } from '../simulator/directory-rows'
import { examplesFolder, listExamples, readExample } from '../simulator/examples'
import { expectThis, openScenario, replay, saveScenario } from '../simulator/scenario-ops'
import type { SimulatorSession } from '../simulator/simulator-session'
import { ConsoleRefusal } from './console-error'
import type { ConsoleContext, ConsoleHandlers } from './console-handlers'

/*
 * The sim.* console methods: the simulated Entra ID of this workspace (issue 5). Thin: each
 * handler checks what the console sent against the session's directory and hands over to the
 * session (src/main/core/simulator), which owns the directory, the job and the recording.
 */

type SimulatorMethod = Extract<ConsoleMethod, `sim.${string}`>
export type SimulatorHandlers = Pick<ConsoleHandlers, SimulatorMethod>

const SIMULATED_TOKEN_LABEL = 'Simulated Entra ID'

function requireUser(session: SimulatorSession, objectId: string) {
  const user = session.directory.getUser(objectId)
  if (!user) throw new ConsoleRefusal('not-found', `There is no user with objectId '${objectId}' in the simulated tenant; refresh the list.`, 'objectId')
  return user
}

function requireGroup(session: SimulatorSession, objectId: string) {
  const group = session.directory.getGroup(objectId)
  if (!group) throw new ConsoleRefusal('not-found', `There is no group with objectId '${objectId}' in the simulated tenant; refresh the list.`, 'objectId')
  return group
}

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

function logRow(entry: ProvisioningLogEntry) {
  return {
    id: entry.id,
    cycleId: entry.cycleId,
    changeId: entry.changeId,
    activityDateTime: entry.activityDateTime,
    action: entry.action,
    status: entry.status,
    errorCode: entry.statusInfo?.errorCode ?? '',
    identity: { id: entry.sourceIdentity.id, displayName: entry.sourceIdentity.displayName, type: entry.sourceIdentity.type },
    targetId: entry.targetIdentity.id,
    durationMs: entry.durationMs,
    onDemand: entry.onDemand === true,
  }
}

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

export function createSimulatorHandlers(ctx: ConsoleContext): SimulatorHandlers {
  /** The session once simulator.json is loaded (it loads after the server starts listening). */
  const sim = async (): Promise<SimulatorSession> => {
    if (!ctx.simulator) throw new ConsoleRefusal('not-supported', 'The simulated Entra ID is not available in this host.')
    await ctx.simulator.ready()
    return ctx.simulator
  }
  const rowContext = (s: SimulatorSession) => ({ directory: s.directory, config: s.engine.config, targetIdOf: s.targetIdOf })
  const userView = (s: SimulatorSession, objectId: string) => ({ ...requireUser(s, objectId) })
  const assignmentCounts = (s: SimulatorSession) => {
    const { assignments } = s.engine.config
    return { users: assignments.userIds.length, groups: assignments.groupIds.length }
  }
  /** Runs steps one after another as console actions (each recorded). */
  const performAll = async (s: SimulatorSession, steps: ScenarioStep[]) => {
    for (const step of steps) await s.perform(step)
  }

  return {
    'sim.state': async () => (await sim()).state(),

    'sim.setupBuiltIn': async () => {
      const s = await sim()
      const portal = new PortalService(ctx.store, ctx.clock)
      const now = ctx.clock?.() ?? new Date()
      const expires = new Date(now.getTime() + 365 * 86_400_000).toISOString().slice(0, 10)
      const { token } = await portal.createToken(expires, SIMULATED_TOKEN_LABEL)
      const settings = ctx.store.portal
      if (!settings.defaultCal) {
        await portal.updateSettings({ defaultCal: settings.cals.includes('Viewer') ? 'Viewer' : settings.cals[settings.cals.length - 1] })
      }
      if (!ctx.store.portal.scimEnabled && canEnable(ctx.store.portal, [...ctx.store.tokens()], now).ok) await portal.updateSettings({ scimEnabled: true })
      s.setCredentials('', token)
      s.changed()
      return s.state()
    },

    'sim.config.get': async () => (await sim()).configView(),
    'sim.config.update': async (patch) => {
      const s = await sim()
      const { tenantUrl, token, options, userMappings, groupMappings, ...rest } = patch
      const mappings = {
        ...(userMappings !== undefined && { userMappings: attributeMappingListSchema.parse(userMappings) }),
        ...(groupMappings !== undefined && { groupMappings: attributeMappingListSchema.parse(groupMappings) }),
      }
      const before = s.engine.config
      if (tenantUrl !== undefined || token !== undefined) s.setCredentials(tenantUrl, token)
      s.engine.updateConfig({ ...rest, ...mappings })
      const after = s.engine.config
      // Entra starts a new initial cycle when mappings or scoping change (3.1)
      const restart = ['userMappings', 'groupMappings', 'scope', 'provisionGroups', 'dialect'] as const
      if (restart.some((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))) s.engine.restart()
      if (options !== undefined && JSON.stringify(options) !== JSON.stringify(s.simulatorOptions)) {
        if (s.schedule.state().running)
          throw new ConsoleRefusal(
            'cycleRunning',
            'A provisioning cycle is running: the other settings were saved, but the options can only change between cycles. Try again when it has finished.',
            'options',
          )
        s.setOptions(options)
      }
      s.changed()
      return s.configView()
    },
    'sim.testConnection': async ({ tenantUrl, token }) => {
      const s = await sim()
      const saved = tenantUrl === undefined && token === undefined
      // unsaved credentials are only tried: they neither quarantine the job nor go into the recording
      const result = saved
        ? await s.engine.testConnection()
        : await testConnection(
            {
              ...s.engine.config,
              ...(tenantUrl !== undefined && { tenantUrl: tenantUrl === '' ? s.tenantUrl() : tenantUrl }),
              ...(token !== undefined && { token }),
            },
            new HttpTransport(),
          )
      if (saved) {
        s.recording.record({ action: 'testConnection', expectSuccess: result.success })
        s.changed()
      }
      return result
    },

    'sim.users.list': async (query) => {
      const s = await sim()
      return s.rows.listUsers(rowContext(s), query)
    },
    'sim.users.get': async ({ objectId }) => {
      const s = await sim()
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
      const s = await sim()
      const [created] = s.directory.addUsers([newUserOf(user)])
      s.recording.addUsers([created])
      s.changed()
      return { ...created }
    },
    'sim.users.update': async ({ objectId, patch }) => {
      const s = await sim()
      const user = requireUser(s, objectId)
      await s.perform({ action: 'editUser', user: user.objectId, set: patchOf(patch) } as ScenarioStep)
      return userView(s, user.objectId)
    },
    'sim.users.lifecycle': async ({ objectId, action }) => {
      const s = await sim()
      const user = requireUser(s, objectId)
      await s.perform({ action, user: user.objectId })
      const after = s.directory.getUser(user.objectId)
      return { user: after ? { ...after } : null }
    },

    'sim.groups.list': async (query) => {
      const s = await sim()
      return s.rows.listGroups(rowContext(s), query)
    },
    'sim.groups.get': async ({ objectId }) => {
      const s = await sim()
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
      const s = await sim()
      const group = s.directory.addGroup({ displayName, ...(mailNickname ? { mailNickname } : {}) })
      s.recording.addGroup(group)
      s.changed()
      return groupRow(rowContext(s), group)
    },
    'sim.groups.update': async ({ objectId, displayName, addMemberIds, removeMemberIds }) => {
      const s = await sim()
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
      const s = await sim()
      const group = requireGroup(s, objectId)
      s.directory.deleteGroup(group.objectId)
      s.recording.dropGroup(group.objectId)
      s.changed()
      return { deleted: true as const }
    },
    'sim.directory.generate': async ({ users, groups, seed }) => {
      const s = await sim()
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
      const s = await sim()
      const result = importUsersCsv(csv, { directory: s.directory })
      if (result.users.length > 0) s.addUsers(result.users)
      return { added: result.users.length, problems: result.errors }
    },

    'sim.assignments.list': async () => {
      const s = await sim()
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
      const s = await sim()
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
      const s = await sim()
      const users = userIds.map((id) => requireUser(s, id).objectId)
      const groups = groupIds.map((id) => requireGroup(s, id).objectId)
      const { assignments } = s.engine.config
      await performAll(s, [
        ...users.filter((id) => assignments.userIds.includes(id)).map((user): ScenarioStep => ({ action: 'unassignUser', user })),
        ...groups.filter((id) => assignments.groupIds.includes(id)).map((group): ScenarioStep => ({ action: 'unassignGroup', group })),
      ])
      return assignmentCounts(s)
    },

    'sim.provisioning': async ({ action }) => {
      const s = await sim()
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
      const s = await sim()
      s.setSpeed(speed)
      return s.state()
    },
    'sim.provisionOnDemand': async ({ userId, groupId, memberIds }) => {
      const s = await sim()
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

    'sim.logs.list': async ({ offset, limit, ...filters }) => {
      const matched = (await sim()).logs().reverse().filter(logMatcher(filters))
      return { total: matched.length, items: matched.slice(offset, offset + limit).map(logRow) }
    },
    'sim.logs.get': async ({ id }) => {
      const entry = (await sim()).logs().find((e) => e.id === id)
      if (!entry) throw new ConsoleRefusal('not-found', `There is no provisioning log entry '${id}'; the logs start over with a new directory.`, 'id')
      return entry
    },
    'sim.logs.export': async ({ format, neutraliseFormulas, ...filters }) => {
      // the portal downloads the current view: the same filters as the list, oldest first
      const logs = (await sim()).logs().filter(logMatcher(filters))
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
    'sim.outbox': async () => (await sim()).outbox(),
    'sim.compare': async ({ objectId }) => {
      const s = await sim()
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

    'sim.scenario.examples': async () => listExamples(examplesFolder()),
    'sim.scenario.open': async ({ text, example }) => {
      const s = await sim()
      if ((text === undefined) === (example === undefined))
        throw new ConsoleRefusal('invalid-input', 'Open either a scenario file (its text) or one of the examples (its name).', 'text')
      const scenario = text !== undefined ? parseScenarioText(text) : await readExample(examplesFolder(), example!)
      if (!scenario) throw new ConsoleRefusal('not-found', `There is no example scenario '${example}'.`, 'example')
      openScenario(s, scenario)
      return { name: scenario.name, steps: scenario.steps, users: scenario.directory.users.length, groups: scenario.directory.groups.length }
    },
    'sim.scenario.save': async ({ name }) => saveScenario(await sim(), name),
    'sim.scenario.timeline': async () => {
      const { recording } = await sim()
      return { steps: recording.readableSteps(), cursor: recording.cursor, report: recording.report }
    },
    'sim.scenario.replay': async ({ mode }) => replay(await sim(), mode),
    'sim.scenario.expectThis': async ({ objectId }) => {
      const s = await sim()
      requireUser(s, objectId)
      return (await expectThis(s, objectId)) as { action: 'expect' }
    },
  }
}
