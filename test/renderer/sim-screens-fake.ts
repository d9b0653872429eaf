/**
 * An in-memory simulated Entra ID behind `window.api` for the Provision on demand, Provisioning
 * logs, Scenarios and Resulting user state screen tests. Its answers have the contract's shapes
 * (src/shared/console/provisioning-log-schema.ts): log entries with steps, statusInfo and HTTP
 * exchanges; logs filtered and paged as sim.logs.list describes; a timeline with a replay cursor.
 * Every call is recorded; any method can be made to fail with an error envelope.
 */
import type { ConsoleError, ConsoleEvent, ConsoleMethod, ConsoleResult } from '../../src/shared/console/api'
import type { Exchange, HttpMethod, OnDemandResult, ProvisioningLogEntry, ScenarioReportSummary } from '../../src/shared/console/provisioning-log-schema'
import { logRowOf, type SimulatorState, type SourceGroupRow, type SourceUserRow } from '../../src/shared/console/simulator-api'

export const BASE = 'http://127.0.0.1:8787/scim/v2'

/** The contract's shapes (src/shared/console/provisioning-log-schema.ts), as the engine writes them. */
export type FakeExchange = Exchange
export type FakeLogEntry = ProvisioningLogEntry

const headers = { authorization: 'Bearer ****', accept: 'application/scim+json', 'content-type': 'application/scim+json; charset=utf-8' }

export function exchange(method: HttpMethod, path: string, status: number, responseBody: unknown, requestBody?: unknown): FakeExchange {
  return {
    request: { method, url: `${BASE}${path}`, headers, ...(requestBody !== undefined && { body: JSON.stringify(requestBody) }) },
    response: { status, headers: { 'content-type': 'application/scim+json' }, body: responseBody === undefined ? '' : JSON.stringify(responseBody) },
    startedAt: '2025-04-01T09:00:00.000Z',
    durationMs: 12.5,
  }
}

const emptyList = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 }

export function user(n: number, patch: Partial<SourceUserRow> = {}): SourceUserRow {
  const names = ['Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Grady Archie', 'Isaiah Langer', 'Johanna Lorenz', 'Lee Gu']
  const displayName = names[(n - 1) % names.length]
  const upn = `${displayName.split(' ')[0].toLowerCase()}@contoso.onmicrosoft.com`
  return {
    objectId: `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`,
    userPrincipalName: upn,
    displayName,
    department: 'Sales',
    jobTitle: 'Account Manager',
    accountEnabled: true,
    softDeleted: false,
    assignment: 'direct',
    inScope: true,
    targetId: null,
    ...patch,
  }
}

/** A Create the way the engine logs it: import, scoping, matching (no match), export. */
export function createEntry(n: number, u: SourceUserRow, patch: Partial<FakeLogEntry> = {}): FakeLogEntry {
  const targetId = `t-${n}`
  const post = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    externalId: u.userPrincipalName.split('@')[0],
    userName: u.userPrincipalName,
    active: true,
    displayName: u.displayName,
    title: u.jobTitle,
  }
  return {
    id: `log-${n}`,
    cycleId: n <= 30 ? 'cycle-1' : 'cycle-2',
    changeId: `change-${n}`,
    activityDateTime: new Date(Date.UTC(2025, 3, 1, 9, 0, n)).toISOString(),
    action: 'Create',
    status: 'Success',
    steps: [
      {
        name: 'EntryImportAdd',
        type: 'Import',
        status: 'Success',
        description: `Received User '${u.userPrincipalName}' change of type (Add) from Azure Active Directory`,
        details: { userPrincipalName: u.userPrincipalName, displayName: u.displayName },
      },
      {
        name: 'EntrySynchronizationScoping',
        type: 'Scoping',
        status: 'Success',
        description: `User '${u.userPrincipalName}' is in scope`,
        details: { IsActive: 'True', Assigned: 'True' },
      },
      {
        name: 'EntrySynchronizationAdd',
        type: 'Matching',
        status: 'Success',
        description: `User '${u.userPrincipalName}' will be created in SCIM Harness (no matching User was found)`,
        details: {},
      },
      {
        name: 'EntryExportAdd',
        type: 'Export',
        status: 'Success',
        description: `User '${u.userPrincipalName}' was created in SCIM Harness`,
        details: { ReportableIdentifier: u.userPrincipalName },
      },
    ],
    modifiedProperties: [
      { displayName: 'userPrincipalName', oldValue: null, newValue: u.userPrincipalName },
      { displayName: 'jobTitle', oldValue: null, newValue: u.jobTitle },
    ],
    sourceIdentity: { id: u.objectId, displayName: u.displayName, type: 'User' },
    targetIdentity: { id: targetId, displayName: u.displayName, type: 'User' },
    durationMs: 31,
    exchanges: [
      exchange('GET', `/Users?filter=${encodeURIComponent(`userName eq "${u.userPrincipalName}"`)}`, 200, emptyList),
      exchange('POST', '/Users', 201, { ...post, id: targetId, meta: { resourceType: 'User' } }, post),
    ],
    ...patch,
  }
}

/** A failed Update: the target answered 400 to the PATCH. */
export function failedEntry(n: number, u: SourceUserRow): FakeLogEntry {
  const base = createEntry(n, u)
  const patch = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'title', value: 'Director' }] }
  return {
    ...base,
    action: 'Update',
    status: 'Failure',
    statusInfo: {
      errorCode: 'SystemForCrossDomainIdentityManagementBadResponse',
      reason: 'The SCIM endpoint answered 400 Bad Request to the update: "title is read-only".',
      recommendedAction: 'Make the attribute writable in the target, or remove its mapping.',
    },
    steps: [
      ...base.steps.slice(0, 2),
      {
        name: 'EntryExportUpdate',
        type: 'Export',
        status: 'Failure',
        description: `Failed to update User '${u.userPrincipalName}' in SCIM Harness`,
        details: { ReportableIdentifier: u.userPrincipalName },
      },
    ],
    modifiedProperties: [{ displayName: 'jobTitle', oldValue: 'Account Manager', newValue: 'Director' }],
    exchanges: [
      exchange('GET', `/Users/t-${n}`, 200, { id: `t-${n}`, userName: u.userPrincipalName, active: true }),
      exchange('PATCH', `/Users/t-${n}`, 400, { status: '400', detail: 'title is read-only' }, patch),
    ],
  }
}

export interface SimFake {
  users: SourceUserRow[]
  groups: (SourceGroupRow & { memberIds: string[] })[]
  logs: FakeLogEntry[]
  calls: { method: ConsoleMethod; input: Record<string, unknown> }[]
  failures: Map<ConsoleMethod, ConsoleError>
  /** Every sim.* method answers offline, as the console's transport does when the harness does not answer. */
  offline: boolean
  /** What sim.provisionOnDemand answers (built by the test). */
  onDemand: (input: Record<string, unknown>) => ConsoleResult<OnDemandResult>
  compare: (objectId: string) => ConsoleResult<unknown>
  timeline: { steps: Record<string, unknown>[]; cursor: number; report: ScenarioReportSummary | null }
  scenarioName: string | null
  /** The report sim.scenario.replay answers for the steps replayed. */
  report: (steps: Record<string, unknown>[], upTo: number) => ScenarioReportSummary
  examples: { name: string; title: string; description: string }[]
  callsOf(method: ConsoleMethod): Record<string, unknown>[]
  emit(event: ConsoleEvent): void
}

export function simState(patch: Partial<SimulatorState> = {}): SimulatorState {
  return {
    tenantUrl: BASE,
    tokenSet: true,
    builtInTarget: true,
    dialect: 'default2017',
    scope: 'assigned',
    directory: { users: 7, groups: 1 },
    assignments: { users: 2, groups: 1 },
    schedule: { status: 'on', running: false, nextCycleAt: null, speed: 1, now: 0 },
    job: { state: 'active' },
    progress: null,
    lastCycle: null,
    timelineLength: 0,
    scenario: null,
    outbox: 0,
    ...patch,
  }
}

export function installSimFake(): SimFake {
  const listeners = new Set<(event: ConsoleEvent) => void>()
  const fake: SimFake = {
    users: [],
    groups: [],
    logs: [],
    calls: [],
    failures: new Map(),
    offline: false,
    onDemand: () => ({ ok: false, error: { code: 'internal', message: 'no on-demand answer set' } }),
    compare: (objectId) => ({ ok: false, error: { code: 'not-found', message: `No user '${objectId}' in the simulated tenant.` } }),
    timeline: { steps: [], cursor: 0, report: null },
    scenarioName: null,
    report: () => ({ scenario: 'x', passed: true, cancelled: false, steps: [], expectations: [] }),
    examples: [],
    callsOf: (method) => fake.calls.filter((c) => c.method === method).map((c) => c.input),
    emit: (event) => {
      for (const listener of listeners) listener(event)
    },
  }
  const ok = (value: unknown): ConsoleResult<unknown> => ({ ok: true, value })
  const page = <T>(items: T[], input: Record<string, unknown>) => {
    const offset = (input.offset as number | undefined) ?? 0
    const limit = (input.limit as number | undefined) ?? 50
    return ok({ total: items.length, items: items.slice(offset, offset + limit) })
  }
  const handlers: Partial<Record<ConsoleMethod, (input: Record<string, unknown>) => ConsoleResult<unknown>>> = {
    'sim.state': () =>
      ok(
        simState({
          scenario: fake.scenarioName ? { name: fake.scenarioName, steps: fake.timeline.steps.length, cursor: fake.timeline.cursor } : null,
          timelineLength: fake.timeline.steps.length,
        }),
      ),
    'sim.users.list': (input) => {
      const needle = String(input.search ?? '').toLowerCase()
      return page(
        fake.users.filter((u) => `${u.displayName} ${u.userPrincipalName}`.toLowerCase().includes(needle)),
        input,
      )
    },
    'sim.users.get': ({ objectId }) => {
      const u = fake.users.find((x) => x.objectId === objectId)
      if (!u) return { ok: false, error: { code: 'not-found', message: 'No such user.' } }
      return ok({
        user: {
          objectId: u.objectId,
          userPrincipalName: u.userPrincipalName,
          mailNickname: u.userPrincipalName.split('@')[0],
          displayName: u.displayName,
          accountEnabled: u.accountEnabled,
        },
        row: u,
        groups: [],
        manager: null,
      })
    },
    'sim.groups.list': (input) => {
      const needle = String(input.search ?? '').toLowerCase()
      return page(
        fake.groups.filter((g) => g.displayName.toLowerCase().includes(needle)).map(({ memberIds: _m, ...row }) => row),
        input,
      )
    },
    'sim.groups.get': ({ objectId }) => {
      const g = fake.groups.find((x) => x.objectId === objectId)
      if (!g) return { ok: false, error: { code: 'not-found', message: 'No such group.' } }
      const { memberIds, ...group } = g
      return ok({ group, members: fake.users.filter((u) => memberIds.includes(u.objectId)) })
    },
    'sim.provisionOnDemand': (input) => fake.onDemand(input),
    'sim.logs.list': (input) => {
      const needle = String(input.search ?? '').toLowerCase()
      const rows = fake.logs.filter(
        (e) =>
          (input.action === undefined || e.action === input.action) &&
          (input.status === undefined || e.status === input.status) &&
          (input.identityType === undefined || e.sourceIdentity.type === input.identityType) &&
          (input.cycleId === undefined || e.cycleId === input.cycleId) &&
          `${e.sourceIdentity.displayName} ${e.sourceIdentity.id} ${e.targetIdentity.id}`.toLowerCase().includes(needle),
      )
      return page(rows.map(logRowOf), input)
    },
    'sim.logs.get': ({ id }) => {
      const e = fake.logs.find((x) => x.id === id)
      return e ? ok(e) : { ok: false, error: { code: 'not-found', message: `No log entry '${String(id)}': it may have rotated out.` } }
    },
    'sim.logs.export': ({ format }) =>
      format === 'json'
        ? ok({ files: [{ name: 'ProvisioningLogs.json', text: JSON.stringify(fake.logs) }] })
        : ok({
            files: [
              { name: 'ProvisioningLogs.csv', text: 'Date (UTC),ID\r\n' },
              { name: 'ProvisioningLogs_ProvisioningSteps.csv', text: 'Change ID,Step Number\r\n' },
              { name: 'ProvisioningLogs_ModifiedProperties.csv', text: 'Change ID,Property Name\r\n' },
            ],
          }),
    'sim.compare': ({ objectId }) => fake.compare(String(objectId)),
    'sim.scenario.examples': () => ok(fake.examples),
    'sim.scenario.open': (input) => {
      const parsed =
        input.example !== undefined
          ? {
              name: String(input.example),
              steps: [
                { action: 'assignUser', user: 'adele@contoso.onmicrosoft.com' },
                { action: 'runCycle', kind: 'initial' },
              ],
            }
          : (JSON.parse(String(input.text)) as { name: string; steps: Record<string, unknown>[] })
      fake.scenarioName = parsed.name
      fake.timeline = { steps: parsed.steps, cursor: 0, report: null }
      return ok({ name: parsed.name, steps: parsed.steps, users: 7, groups: 1 })
    },
    'sim.scenario.save': (input) => {
      const name = (input.name as string | undefined) ?? 'Untitled scenario'
      return ok({
        fileName: `${name.toLowerCase().replace(/\W+/g, '-')}.scenario.json`,
        text: JSON.stringify({ format: 'scim-harness-scenario', version: 1, name, steps: fake.timeline.steps }),
      })
    },
    'sim.scenario.timeline': () => ok(fake.timeline),
    'sim.scenario.replay': ({ mode }) => {
      const upTo = mode === 'all' ? fake.timeline.steps.length : Math.min(fake.timeline.cursor + 1, fake.timeline.steps.length)
      const report = fake.report(fake.timeline.steps, upTo)
      fake.timeline = { ...fake.timeline, cursor: upTo, report }
      return ok(report)
    },
    'sim.scenario.expectThis': ({ objectId }) => {
      const u = fake.users.find((x) => x.objectId === objectId)
      const step = { action: 'expect', user: u?.userPrincipalName ?? objectId, exists: true, active: true, attributes: { title: u?.jobTitle } }
      // recorded at the cursor, as the session's Recording does: the timeline keeps the order things happened
      const steps = [...fake.timeline.steps]
      steps.splice(fake.timeline.cursor, 0, step)
      fake.timeline = { ...fake.timeline, steps, cursor: fake.timeline.cursor + 1 }
      return ok(step)
    },
  }

  window.api = {
    invoke: async (method, input) => {
      const args = (input ?? {}) as Record<string, unknown>
      fake.calls.push({ method, input: args })
      await Promise.resolve()
      if (fake.offline && method.startsWith('sim.'))
        return {
          ok: false,
          error: { code: 'offline', message: 'The harness does not answer. Is `scim-harness serve` still running? Start it again and reload this page.' },
        } as never
      const failure = fake.failures.get(method)
      if (failure) return { ok: false, error: failure } as never
      const handler = handlers[method]
      if (!handler) return { ok: false, error: { code: 'not-found', message: `The fake has no ${method}` } } as never
      return handler(args) as never
    },
    onEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return fake
}
