/**
 * An in-memory simulated Entra ID tenant behind `window.api` for the Directory, Enterprise app and
 * Users and groups screen tests: users, groups, memberships, assignments, the app configuration
 * and the job's schedule, answering the sim.* methods those screens call with the contract's
 * shapes (src/shared/console/simulator-api.ts). Scope and assignment are derived the way the
 * engine derives them (direct or through a group's direct members; enabled and not soft deleted).
 * Every call is recorded; any method can be made to fail with an error envelope.
 */
import type { ConsoleError, ConsoleErrorCode, ConsoleEvent, ConsoleMethod, ConsoleResult } from '../../src/shared/console/api'
import {
  DEFAULT_SIMULATOR_OPTIONS,
  ENTRA_CYCLE_INTERVAL_MS,
  type AppConfigView,
  type AttributeMappingView,
  type SimulatorState,
  type SourceGroupRow,
  type SourceUserRow,
  type SourceUserView,
} from '../../src/shared/console/simulator-api'
import type { PreloadApi } from '../../src/shared/ipc'
import { SHARED_VOCABULARY, type Vocabulary } from '../../src/shared/console/vocabulary'

export const BASE_URI = 'http://127.0.0.1:8787/scim/v2'

/** A source user as sim.users.get answers it (the contract's SourceUserView). */
export type FakeSourceUser = SourceUserView

export interface FakeSourceGroup {
  objectId: string
  displayName: string
  mailNickname: string
  memberIds: string[]
}

export interface FakeTenant {
  users: FakeSourceUser[]
  groups: FakeSourceGroup[]
  assignedUsers: Set<string>
  assignedGroups: Set<string>
  targets: Map<string, string>
  config: AppConfigView
  /** The Secret Token as saved (the screens must never get it back). */
  token: string
  state: SimulatorState
  calls: { method: ConsoleMethod; input: Record<string, unknown> }[]
  failures: Map<ConsoleMethod, ConsoleError>
  callsOf(method: ConsoleMethod): Record<string, unknown>[]
  emit(event: ConsoleEvent): void
  /** The state the fake would report now (counts follow the tenant). */
  snapshot(): SimulatorState
}

const pad = (n: number): string => String(n).padStart(3, '0')

export function buildSourceUsers(count: number): FakeSourceUser[] {
  return Array.from({ length: count }, (_, i) => {
    const n = pad(i + 1)
    return {
      objectId: `obj-u${n}`,
      userPrincipalName: `user${n}@contoso.onmicrosoft.com`,
      mailNickname: `user${n}`,
      displayName: `User ${n}`,
      givenName: 'User',
      surname: n,
      jobTitle: i % 2 === 0 ? 'Engineer' : 'Designer',
      department: i % 3 === 0 ? 'Sales' : 'Research',
      accountEnabled: true,
    }
  })
}

export const defaultMappings = (): { userMappings: AttributeMappingView[]; groupMappings: AttributeMappingView[] } => ({
  userMappings: [
    { id: 'user-user-name', type: 'direct', source: 'userPrincipalName', target: 'userName', applyOn: 'always', matchingPrecedence: 1 },
    { id: 'user-active', type: 'expression', source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', target: 'active', applyOn: 'always' },
    { id: 'user-display-name', type: 'direct', source: 'displayName', target: 'displayName', applyOn: 'always' },
    {
      id: 'user-manager',
      type: 'direct',
      source: 'manager',
      target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
      applyOn: 'always',
      isReference: true,
    },
  ],
  groupMappings: [
    { id: 'group-display-name', type: 'direct', source: 'displayName', target: 'displayName', applyOn: 'always', matchingPrecedence: 1 },
    { id: 'group-members', type: 'direct', source: 'members', target: 'members', applyOn: 'always', isReference: true },
  ],
})

export function defaultConfig(): AppConfigView {
  return {
    tenantUrl: BASE_URI,
    dialect: 'default2017',
    scope: 'assigned',
    ...defaultMappings(),
    targetActions: { create: true, update: true, delete: true },
    provisionGroups: true,
    notificationEmail: '',
    sendFailureNotification: false,
    preventAccidentalDeletions: true,
    accidentalDeletionThreshold: 500,
    options: { ...DEFAULT_SIMULATOR_OPTIONS },
  }
}

/** vocabulary.get as the core answers it: the contract's lists, a sample rule, Entra's defaults. */
export function fakeVocabulary(): Vocabulary {
  return {
    ...SHARED_VOCABULARY,
    leniencyRules: [{ name: 'string-boolean', summary: 'Accepts "True" and "False" as strings where SCIM wants a boolean.', source: 'E3' }],
    simulatorDefaults: { options: DEFAULT_SIMULATOR_OPTIONS, cycleIntervalMs: ENTRA_CYCLE_INTERVAL_MS },
  }
}

export function installFakeTenant(options: { users?: FakeSourceUser[]; groups?: FakeSourceGroup[] } = {}): FakeTenant {
  const listeners = new Set<(event: ConsoleEvent) => void>()
  const tenant: FakeTenant = {
    users: options.users ?? buildSourceUsers(3),
    groups: options.groups ?? [],
    assignedUsers: new Set(),
    assignedGroups: new Set(),
    targets: new Map(),
    config: defaultConfig(),
    token: '',
    state: undefined as unknown as SimulatorState,
    calls: [],
    failures: new Map(),
    callsOf: (method) => tenant.calls.filter((c) => c.method === method).map((c) => c.input),
    emit: (event) => {
      for (const listener of listeners) listener(event)
    },
    snapshot: () => ({
      ...tenant.state,
      tenantUrl: tenant.config.tenantUrl,
      tokenSet: tenant.token !== '',
      builtInTarget: tenant.config.tenantUrl === BASE_URI,
      dialect: tenant.config.dialect,
      scope: tenant.config.scope,
      directory: { users: tenant.users.length, groups: tenant.groups.length },
      assignments: { users: tenant.assignedUsers.size, groups: tenant.assignedGroups.size },
      schedule: { ...tenant.state.schedule, now: Date.now() },
    }),
  }
  tenant.state = {
    tenantUrl: BASE_URI,
    tokenSet: false,
    builtInTarget: true,
    dialect: 'default2017',
    scope: 'assigned',
    directory: { users: 0, groups: 0 },
    assignments: { users: 0, groups: 0 },
    schedule: { status: 'off', running: false, nextCycleAt: null, speed: 1, now: Date.now() },
    job: { state: 'active' },
    progress: null,
    lastCycle: null,
    timelineLength: 0,
    scenario: null,
    outbox: 0,
  }

  const ok = <T>(value: T): ConsoleResult<T> => ({ ok: true, value })
  const refuse = (code: ConsoleErrorCode, message: string, field?: string): ConsoleResult<never> => ({
    ok: false,
    error: { code, message, ...(field && { field }) },
  })
  const userById = (id: unknown): FakeSourceUser | undefined => tenant.users.find((u) => u.objectId === id)
  const groupById = (id: unknown): FakeSourceGroup | undefined => tenant.groups.find((g) => g.objectId === id)

  const assignmentOf = (u: FakeSourceUser): SourceUserRow['assignment'] =>
    tenant.assignedUsers.has(u.objectId)
      ? 'direct'
      : tenant.groups.some((g) => tenant.assignedGroups.has(g.objectId) && g.memberIds.includes(u.objectId))
        ? 'group'
        : 'none'
  const userRow = (u: FakeSourceUser): SourceUserRow => {
    const assignment = assignmentOf(u)
    return {
      objectId: u.objectId,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName ?? '',
      department: u.department ?? '',
      jobTitle: u.jobTitle ?? '',
      accountEnabled: u.accountEnabled,
      softDeleted: u.softDeletedAt !== undefined,
      assignment,
      inScope: u.accountEnabled && u.softDeletedAt === undefined && (tenant.config.scope === 'all' || assignment !== 'none'),
      targetId: tenant.targets.get(u.objectId) ?? null,
    }
  }
  const groupRow = (g: FakeSourceGroup): SourceGroupRow => ({
    objectId: g.objectId,
    displayName: g.displayName,
    mailNickname: g.mailNickname,
    memberCount: g.memberIds.length,
    assigned: tenant.assignedGroups.has(g.objectId),
    targetId: tenant.targets.get(g.objectId) ?? null,
  })
  const page = <T>(items: T[], input: Record<string, unknown>): { total: number; items: T[] } => {
    const offset = (input.offset as number | undefined) ?? 0
    const limit = (input.limit as number | undefined) ?? 50
    return { total: items.length, items: items.slice(offset, offset + limit) }
  }
  const matches = (text: string, input: Record<string, unknown>): boolean =>
    text.toLowerCase().includes(((input.search as string | undefined) ?? '').toLowerCase())
  let nextId = 1000

  const handlers: Partial<Record<ConsoleMethod, (input: Record<string, unknown>) => ConsoleResult<unknown>>> = {
    'sim.state': () => ok(tenant.snapshot()),
    'sim.setupBuiltIn': () => {
      tenant.config.tenantUrl = BASE_URI
      tenant.token = 'fresh-token'
      return ok(tenant.snapshot())
    },
    'vocabulary.get': () => ok(fakeVocabulary()),
    'sim.config.get': () => {
      const { token: _never, ...config } = tenant.config
      return ok(config)
    },
    'sim.config.update': (input) => {
      const { token, ...rest } = input as Partial<AppConfigView>
      if (token !== undefined) tenant.token = token
      tenant.config = { ...tenant.config, ...rest }
      return ok(tenant.config)
    },
    'sim.testConnection': (input) => {
      const url = (input.tenantUrl as string | undefined) ?? tenant.config.tenantUrl
      const token = (input.token as string | undefined) ?? tenant.token
      const exchanges = [
        {
          request: { method: 'GET', url: `${url}/Users?filter=userName eq "6f1d2c3e"` },
          response: { status: token === 'good-token' || token === 'fresh-token' ? 200 : 401 },
        },
      ]
      if (token === 'good-token' || token === 'fresh-token')
        return ok({ success: true, message: 'The supplied credentials are authorized to enable provisioning.', exchanges })
      return ok({
        success: false,
        message: 'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.',
        errorCode: 'InvalidCredentials',
        details: 'The user probe was refused with HTTP 401.',
        exchanges,
      })
    },
    'sim.users.list': (input) => {
      const filter = (input.filter as string | undefined) ?? 'all'
      const rows = tenant.users
        .map(userRow)
        .filter((r) => matches(`${r.displayName} ${r.userPrincipalName}`, input))
        .filter(
          (r) =>
            filter === 'all' ||
            (filter === 'assigned' && r.assignment !== 'none') ||
            (filter === 'inScope' && r.inScope) ||
            (filter === 'softDeleted' && r.softDeleted) ||
            (filter === 'blocked' && !r.accountEnabled),
        )
      return ok(page(rows, input))
    },
    'sim.users.get': ({ objectId }) => {
      const user = userById(objectId)
      if (!user) return refuse('not-found', `There is no user ${String(objectId)} in the simulated tenant.`)
      const manager = user.managerId ? userById(user.managerId) : undefined
      return ok({
        user: { ...user },
        row: userRow(user),
        groups: tenant.groups.filter((g) => g.memberIds.includes(user.objectId)).map((g) => ({ objectId: g.objectId, displayName: g.displayName })),
        manager: manager ? { objectId: manager.objectId, displayName: manager.displayName ?? manager.userPrincipalName } : null,
      })
    },
    'sim.users.create': ({ user }) => {
      const input = user as Record<string, unknown> & { userPrincipalName: string; mailNickname?: string; accountEnabled?: boolean }
      if (tenant.users.some((u) => u.userPrincipalName === input.userPrincipalName))
        return refuse('conflict', `Another user already has the user principal name ${input.userPrincipalName}.`, 'user.userPrincipalName')
      const created: FakeSourceUser = {
        ...input,
        mailNickname: input.mailNickname ?? input.userPrincipalName.split('@')[0],
        accountEnabled: input.accountEnabled ?? true,
        objectId: `obj-new-${nextId++}`,
      }
      tenant.users.push(created)
      return ok(created)
    },
    'sim.users.update': ({ objectId, patch }) => {
      const user = userById(objectId)
      if (!user) return refuse('not-found', 'No such user.')
      for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
        if (value === '') delete user[key]
        else user[key] = value
      }
      return ok(user)
    },
    'sim.users.lifecycle': ({ objectId, action }) => {
      const user = userById(objectId)
      if (!user) return refuse('not-found', 'No such user.')
      if (action === 'blockSignIn') user.accountEnabled = false
      else if (action === 'unblockSignIn') user.accountEnabled = true
      else if (action === 'softDelete') user.softDeletedAt = '2025-04-01T10:00:00.000Z'
      else if (action === 'restore') delete user.softDeletedAt
      else {
        tenant.users = tenant.users.filter((u) => u !== user)
        for (const g of tenant.groups) g.memberIds = g.memberIds.filter((id) => id !== user.objectId)
        tenant.assignedUsers.delete(user.objectId)
        return ok({ user: null })
      }
      return ok({ user })
    },
    'sim.groups.list': (input) => ok(page(tenant.groups.filter((g) => matches(g.displayName, input)).map(groupRow), input)),
    'sim.groups.get': ({ objectId }) => {
      const group = groupById(objectId)
      if (!group) return refuse('not-found', 'No such group.')
      return ok({ group: groupRow(group), members: group.memberIds.flatMap((id) => (userById(id) ? [userRow(userById(id)!)] : [])) })
    },
    'sim.groups.create': ({ displayName, mailNickname }) => {
      const group: FakeSourceGroup = {
        objectId: `obj-g-${nextId++}`,
        displayName: displayName as string,
        mailNickname: (mailNickname as string | undefined) ?? String(displayName).toLowerCase(),
        memberIds: [],
      }
      tenant.groups.push(group)
      return ok(groupRow(group))
    },
    'sim.groups.update': ({ objectId, displayName, addMemberIds, removeMemberIds }) => {
      const group = groupById(objectId)
      if (!group) return refuse('not-found', 'No such group.')
      if (displayName) group.displayName = displayName as string
      for (const id of (addMemberIds as string[] | undefined) ?? []) if (!group.memberIds.includes(id)) group.memberIds.push(id)
      group.memberIds = group.memberIds.filter((id) => !((removeMemberIds as string[] | undefined) ?? []).includes(id))
      return ok(groupRow(group))
    },
    'sim.groups.delete': ({ objectId }) => {
      tenant.groups = tenant.groups.filter((g) => g.objectId !== objectId)
      tenant.assignedGroups.delete(objectId as string)
      return ok({ deleted: true })
    },
    'sim.directory.generate': ({ users, groups }) => {
      tenant.users = buildSourceUsers(users as number)
      tenant.groups = Array.from({ length: groups as number }, (_, i) => ({
        objectId: `obj-gen-g${i + 1}`,
        displayName: `Generated ${i + 1}`,
        mailNickname: `gen${i + 1}`,
        memberIds: [],
      }))
      tenant.assignedUsers.clear()
      tenant.assignedGroups.clear()
      return ok({ users: tenant.users.length, groups: tenant.groups.length })
    },
    'sim.directory.importCsv': ({ csv }) => {
      const [header, ...lines] = String(csv).trim().split('\n')
      const columns = header.split(',')
      const problems: { line: number; message: string }[] = []
      let added = 0
      lines.forEach((line, i) => {
        const values = line.split(',')
        const record = Object.fromEntries(columns.map((c, j) => [c, values[j] ?? '']))
        if (!record.userPrincipalName?.includes('@'))
          problems.push({ line: i + 2, message: `userPrincipalName '${record.userPrincipalName ?? ''}' is not name@domain.` })
        else {
          tenant.users.push({
            ...record,
            objectId: `obj-csv-${nextId++}`,
            userPrincipalName: record.userPrincipalName,
            mailNickname: record.userPrincipalName.split('@')[0],
            accountEnabled: true,
          })
          added++
        }
      })
      return ok({ added, problems })
    },
    'sim.assignments.list': () =>
      ok({
        users: tenant.users
          .filter((u) => tenant.assignedUsers.has(u.objectId))
          .map((u) => ({ objectId: u.objectId, displayName: u.displayName ?? '', userPrincipalName: u.userPrincipalName })),
        groups: tenant.groups
          .filter((g) => tenant.assignedGroups.has(g.objectId))
          .map((g) => ({ objectId: g.objectId, displayName: g.displayName, memberCount: g.memberIds.length })),
      }),
    'sim.assign': ({ userIds = [], groupIds = [] }) => {
      for (const id of userIds as string[]) tenant.assignedUsers.add(id)
      for (const id of groupIds as string[]) tenant.assignedGroups.add(id)
      return ok({ users: (userIds as string[]).length, groups: (groupIds as string[]).length })
    },
    'sim.unassign': ({ userIds = [], groupIds = [] }) => {
      for (const id of userIds as string[]) tenant.assignedUsers.delete(id)
      for (const id of groupIds as string[]) tenant.assignedGroups.delete(id)
      return ok({ users: (userIds as string[]).length, groups: (groupIds as string[]).length })
    },
    'sim.provisioning': ({ action }) => {
      const s = tenant.state.schedule
      if (action === 'start') tenant.state.schedule = { ...s, status: 'on', running: true, nextCycleAt: null }
      else if (action === 'stop') tenant.state.schedule = { ...s, status: 'off', nextCycleAt: null }
      else if (action === 'restart') tenant.state.job = { state: 'active' }
      return ok(tenant.snapshot())
    },
    'sim.clock': ({ speed }) => {
      tenant.state.schedule = { ...tenant.state.schedule, speed: speed as number }
      return ok(tenant.snapshot())
    },
  }

  const preload: PreloadApi = {
    invoke: (async (method: ConsoleMethod, input?: unknown) => {
      const args = (input ?? {}) as Record<string, unknown>
      tenant.calls.push({ method, input: args })
      const failure = tenant.failures.get(method)
      if (failure) return { ok: false, error: failure }
      const handler = handlers[method]
      return handler ? handler(args) : { ok: false, error: { code: 'unknown-method', message: `The fake tenant has no ${method}.` } }
    }) as PreloadApi['invoke'],
    onEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  ;(window as unknown as { api: PreloadApi }).api = preload
  return tenant
}

/** The fake backend as this build ships it before the simulator lands: every sim.* is not built. */
/** What the console's transport answers when the harness does not answer at all (src/renderer/src/lib/api.ts). */
export const OFFLINE: ConsoleError = {
  code: 'offline',
  message: 'The harness does not answer. Is `scim-harness serve` still running? Start it again and reload this page.',
}
