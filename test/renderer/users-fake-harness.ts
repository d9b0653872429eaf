/**
 * A fake harness behind `window.api` for the Users and Groups screen tests: a small directory
 * (users, groups, memberships) that pages, searches and filters the way core/api/user-group-views
 * does, so the screens are tested against behaviour rather than canned answers. Every call is
 * recorded; any method can be made to fail with an error envelope.
 */
import type {
  CalExplanationView,
  ConsoleError,
  ConsoleEvent,
  ConsoleInput,
  ConsoleMethod,
  ConsoleResult,
  TrafficEntry,
  UserRow,
} from '../../src/shared/console/api'

export interface FakeUser extends UserRow {
  created: string
}

export interface FakeGroup {
  id: string
  displayName: string
  externalId: string
  memberIds: string[]
}

export interface FakeHarness {
  users: FakeUser[]
  groups: FakeGroup[]
  cals: string[]
  calls: { method: ConsoleMethod; input: Record<string, unknown> }[]
  /** Methods that answer with this error envelope instead of a value. */
  failures: Map<ConsoleMethod, ConsoleError>
  history: Map<string, TrafficEntry[]>
  explanation: (user: FakeUser) => CalExplanationView
  callsOf(method: ConsoleMethod): Record<string, unknown>[]
  /** Sends a console event to every subscriber, as main does after a change. */
  emit(event: ConsoleEvent): void
}

const pad = (n: number): string => String(n).padStart(3, '0')

/** `count` users user001..userNNN: every 4th inactive, every 10th a Manager, the rest Viewers. */
export function buildUsers(count: number): FakeUser[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1
    return {
      id: `u-${pad(n)}`,
      userName: `user${pad(n)}@contoso.com`,
      displayName: `User ${pad(n)}`,
      email: `user${pad(n)}@mail.contoso.com`,
      externalId: `ext-${pad(n)}`,
      active: n % 4 !== 0,
      cal: n % 10 === 0 ? 'Manager' : 'Viewer',
      federated: true,
      groupCount: 0,
      lastModified: '2025-03-01T10:00:00.000Z',
      created: '2025-02-01T09:00:00.000Z',
    }
  })
}

function defaultExplanation(user: FakeUser): CalExplanationView {
  return {
    cal: user.cal,
    reason: { kind: 'default' },
    policy: 'highestCal',
    rules: [],
    summary: `${user.userName} holds ${user.cal}, the default CAL: no rule matched.`,
  }
}

export function installFakeHarness(options: { users?: FakeUser[]; groups?: FakeGroup[] } = {}): FakeHarness {
  const listeners = new Set<(event: ConsoleEvent) => void>()
  const harness: FakeHarness = {
    users: options.users ?? buildUsers(120),
    groups: options.groups ?? [],
    cals: ['Administrator', 'Manager', 'Moderator', 'Contributor', 'Viewer'],
    calls: [],
    failures: new Map(),
    history: new Map(),
    explanation: defaultExplanation,
    callsOf: (method) => harness.calls.filter((c) => c.method === method).map((c) => c.input),
    emit: (event) => {
      for (const listener of listeners) listener(event)
    },
  }

  const groupsOf = (userId: string): FakeGroup[] => harness.groups.filter((g) => g.memberIds.includes(userId))
  const rowOf = (u: FakeUser): UserRow => {
    const { created: _created, ...row } = u
    return { ...row, groupCount: groupsOf(u.id).length }
  }
  const groupRow = (g: FakeGroup) => ({
    id: g.id,
    displayName: g.displayName,
    externalId: g.externalId,
    memberCount: g.memberIds.length,
    lastModified: '2025-03-02T10:00:00.000Z',
  })
  const notFound = (what: string, id: unknown): ConsoleResult<never> => ({
    ok: false,
    error: { code: 'not-found', message: `There is no ${what} with id '${String(id)}'; refresh the list.` },
  })

  const handlers: Partial<Record<ConsoleMethod, (input: Record<string, unknown>) => ConsoleResult<unknown>>> = {
    'portal.get': () => ({
      ok: true,
      value: {
        settings: {
          name: 'Contoso',
          domainPolicy: 'subdomain',
          cals: harness.cals,
          defaultCal: 'Viewer',
          scimEnabled: true,
          deleteMode: 'deactivate',
          calConflictPolicy: 'highestCal',
          calRules: [],
        },
        tokens: [],
        enableCheck: { ok: true, reasons: [] },
        ruleProblems: [],
      },
    }),
    'users.list': (input) => {
      const {
        offset = 0,
        limit = 50,
        search,
        status = 'all',
        cal,
        groupId,
      } = input as { offset?: number; limit?: number; search?: string; status?: string; cal?: string; groupId?: string }
      const needle = search?.toLowerCase() ?? ''
      const members = groupId ? new Set(harness.groups.find((g) => g.id === groupId)?.memberIds ?? []) : undefined
      const matching = harness.users.filter(
        (u) =>
          (status === 'all' || u.active === (status === 'active')) &&
          (cal === undefined || u.cal === cal) &&
          (members === undefined || members.has(u.id)) &&
          `${u.userName} ${u.displayName} ${u.email}`.toLowerCase().includes(needle),
      )
      return { ok: true, value: { total: matching.length, items: matching.slice(offset, offset + limit).map(rowOf) } }
    },
    'users.get': ({ id }) => {
      const user = harness.users.find((u) => u.id === id)
      if (!user) return notFound('user', id)
      return {
        ok: true,
        value: {
          row: rowOf(user),
          resource: {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            id: user.id,
            userName: user.userName,
            active: user.active,
            meta: { resourceType: 'User', created: user.created, lastModified: user.lastModified },
          },
          calExplanation: harness.explanation(user),
          groups: groupsOf(user.id).map((g) => ({ id: g.id, displayName: g.displayName })),
          history: harness.history.get(user.id) ?? [],
        },
      }
    },
    'users.setActive': ({ id, active }) => {
      const user = harness.users.find((u) => u.id === id)
      if (!user) return notFound('user', id)
      user.active = active as boolean
      return { ok: true, value: rowOf(user) }
    },
    'groups.list': (input) => {
      const { offset = 0, limit = 50, search } = input as { offset?: number; limit?: number; search?: string }
      const needle = search?.toLowerCase() ?? ''
      const matching = harness.groups.filter((g) => `${g.displayName} ${g.externalId}`.toLowerCase().includes(needle))
      return { ok: true, value: { total: matching.length, items: matching.slice(offset, offset + limit).map(groupRow) } }
    },
    'groups.get': ({ id }) => {
      const group = harness.groups.find((g) => g.id === id)
      if (!group) return notFound('group', id)
      const members = group.memberIds.flatMap((memberId) => {
        const u = harness.users.find((x) => x.id === memberId)
        return u ? [{ id: u.id, userName: u.userName, displayName: u.displayName, active: u.active, cal: u.cal }] : []
      })
      return {
        ok: true,
        value: {
          row: groupRow(group),
          resource: {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
            id: group.id,
            displayName: group.displayName,
            members: group.memberIds.map((value) => ({ value })),
          },
          members,
        },
      }
    },
  }

  window.api = {
    invoke: async <M extends ConsoleMethod>(method: M, input?: ConsoleInput<M>) => {
      const args = (input ?? {}) as Record<string, unknown>
      harness.calls.push({ method, input: args })
      const failure = harness.failures.get(method)
      const handler = handlers[method]
      const result: ConsoleResult<unknown> = failure
        ? { ok: false, error: failure }
        : handler
          ? handler(args)
          : { ok: false, error: { code: 'unknown-method', message: `The fake harness has no ${method}.` } }
      return result as never
    },
    onEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return harness
}
