import {
  consoleMethods,
  isConsoleMethod,
  type ConsoleMethod,
  type ConsoleOutput,
  type ConsoleParsedInput,
  type ConsoleResult,
  type DashboardView,
  type HarnessStatusView,
  type PortalView,
  type TokenView,
} from '../../../shared/console/api'
import { canEnable, checkRule, explainCal, resolveRulePath, savedRuleProblems, tokenStatus } from '../portal'
import type { CalRuleGroup } from '../portal'
import { ScimService } from '../scim/service'
import { isPlainObject } from '../scim/values/json'
import { SCIM_BASE_PATH } from '../scim/base-path'
import { PortalService } from '../services/portal-service'
import { calGroups } from '../services/cal-groups'
import type { Store } from '../store'
import type { JsonObject, PortalSettings, TokenRecord } from '../store/records'
import type { TunnelDetector } from '../tunnel/ngrok-agent'
import type { PublicTunnel } from '../tunnel/public-tunnel'
import { checkWorkspaceFolder } from '../workspace-folder'
import type { WorkspaceHost } from '../workspace-registry'
import { ConsoleRefusal, toConsoleError } from './console-error'
import { UserGroupViews, groupRow, userRow } from './user-group-views'
import type { TrafficFeed } from './traffic-feed'
import { createSimulatorHandlers } from './simulator'
import { vocabulary } from './vocabulary'
import type { SimulatorSession } from '../simulator/simulator-session'

/*
 * The console API's one implementation, served by both transports (IPC in the app, HTTP by
 * `serve`). Handlers get input already validated against the shared table and go through the
 * same services as SCIM and the CLI: the store stays the one writer.
 */

export interface ConsoleContext {
  store: Store
  traffic: TrafficFeed
  tunnel: TunnelDetector
  /** Go public (the in-process ngrok tunnel); absent, the tunnel.* methods other than detect answer not-supported. */
  publicTunnel?: PublicTunnel
  /** The server's address and workspace, as the entry point that started it knows them. */
  status(): HarnessStatusView
  clock?: () => Date
  /** Present in the desktop app, which can switch workspaces; `serve` is bound to --data. */
  workspaces?: WorkspaceHost
  /** This workspace's simulated Entra ID (sim.* methods); absent, they answer not-supported. */
  simulator?: SimulatorSession
}

const SERVE_IS_BOUND =
  'This console is served by `scim-harness serve`, which is bound to one workspace. Stop it and start it again with --data DIR to use another folder.'

export type ConsoleHandlers = { [M in ConsoleMethod]: (input: ConsoleParsedInput<M>) => Promise<ConsoleOutput<M>> }

function tokenView(record: TokenRecord, now: Date): TokenView {
  return {
    id: record.id,
    label: record.label,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
    status: tokenStatus(record, now),
  }
}

/** Sets a rule attribute path's value on a blank user, for the CAL preview. */
function hypotheticalUser(attributes: Record<string, string>): JsonObject {
  const user: JsonObject = { userName: 'preview@example.com', active: true }
  for (const [path, value] of Object.entries(attributes)) {
    const resolved = resolveRulePath(path)
    if (!resolved || resolved.kind !== 'user') {
      throw new ConsoleRefusal(
        'unknownAttributePath',
        `'${path}' is not a user attribute a CAL rule can test (for groups, list the group names instead).`,
        `attributes.${path}`,
      )
    }
    let node = user
    resolved.storagePath.forEach((key, i) => {
      if (i === resolved.storagePath.length - 1) {
        node[key] = value
        return
      }
      const next = node[key]
      node = isPlainObject(next) ? next : (node[key] = {})
    })
  }
  return user
}

export function createConsoleHandlers(ctx: ConsoleContext): ConsoleHandlers {
  const clock = ctx.clock ?? (() => new Date())
  const { store } = ctx
  const portal = new PortalService(store, clock)
  const scim = new ScimService(store, clock)
  const views = new UserGroupViews(store)
  const publicTunnel = (): PublicTunnel => {
    if (!ctx.publicTunnel)
      throw new ConsoleRefusal('not-supported', 'This harness cannot open a tunnel itself; start an ngrok agent (ngrok http PORT) and use Detect.')
    return ctx.publicTunnel
  }
  let dashboardCache: { revision: number; value: Omit<DashboardView, 'requestRate'> } | undefined

  const portalView = (): PortalView => {
    const now = clock()
    const tokens = [...store.tokens()]
    const verdict = canEnable(store.portal, tokens, now)
    return {
      settings: store.portal,
      tokens: tokens.map((t) => tokenView(t, now)).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
      enableCheck: verdict.ok
        ? { ok: true, reasons: [] }
        : { ok: false, reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message, ...(r.field ? { field: r.field } : {}) })) },
      ruleProblems: savedRuleProblems(store.portal).map((p) => ({
        code: p.code,
        message: `${p.message} Until the rule is fixed or deleted it is skipped, and Save Changes is refused.`,
        ...(p.field ? { field: p.field } : {}),
      })),
    }
  }

  const requireUser = (id: string) => {
    const user = store.getUser(id)
    if (!user) throw new ConsoleRefusal('not-found', `There is no user with id '${id}'. It may have been deleted (hard-delete mode); refresh the list.`)
    return user
  }

  return {
    'status.get': async () => ctx.status(),

    'dashboard.get': async () => {
      if (dashboardCache?.revision !== store.revision) {
        const perCal = new Map<string, { active: number; inactive: number }>()
        for (const cal of store.portal.cals) perCal.set(cal, { active: 0, inactive: 0 })
        let active = 0
        let total = 0
        for (const user of store.users()) {
          total++
          const bucket = perCal.get(user.cal) ?? perCal.set(user.cal, { active: 0, inactive: 0 }).get(user.cal)!
          if (user.resource.active === false) bucket.inactive++
          else {
            bucket.active++
            active++
          }
        }
        dashboardCache = {
          revision: store.revision,
          value: {
            users: { total, active, inactive: total - active },
            groups: store.groupCount,
            byCal: [...perCal].map(([cal, counts]) => ({ cal, ...counts })),
          },
        }
      }
      return { ...dashboardCache.value, requestRate: ctx.traffic.rate() }
    },

    'portal.get': async () => portalView(),
    'portal.update': async (change) => {
      await portal.updateSettings(change as Partial<PortalSettings>)
      return portalView()
    },
    'tokens.create': async ({ expires, label }) => {
      const { token, record } = await portal.createToken(expires, label)
      return { token, record: tokenView(record, clock()) }
    },
    'tokens.revoke': async ({ id }) => {
      if (!store.getToken(id)) throw new ConsoleRefusal('tokenNotFound', `There is no API token with id '${id}'; refresh the token list.`)
      return tokenView(await portal.revokeToken(id), clock())
    },
    'cal.checkRule': async ({ rule }) => {
      checkRule(rule)
      return { ok: true as const }
    },
    'cal.preview': async ({ attributes, groups, settings }) => {
      const merged: PortalSettings = { ...store.portal, ...(settings as Partial<PortalSettings> | undefined) }
      const calGroupsOf: CalRuleGroup[] = groups.map((displayName, i) => {
        const existing = store.findGroupByDisplayName(displayName)
        return existing ? calGroups(store, [existing.id])[0] : { id: `preview-group-${i + 1}`, displayName }
      })
      return explainCal({ user: hypotheticalUser(attributes), groups: calGroupsOf, settings: merged })
    },

    'users.list': async (query) => views.listUsers(query),
    'users.get': async ({ id }) => {
      const user = requireUser(id)
      const groupIds = store.groupIdsOfMember(id)
      const groups = calGroups(store, groupIds)
      return {
        row: userRow(store, user),
        resource: scim.getUser(id, ctx.status().baseUri),
        calExplanation: explainCal({ user: user.resource, groups, settings: store.portal }),
        groups: groups.map((g) => ({ id: g.id, displayName: g.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName)),
        history: await ctx.traffic.about(id),
      }
    },
    'users.setActive': async ({ id, active }) => {
      requireUser(id)
      await scim.setUserActive(id, active)
      return userRow(store, requireUser(id))
    },
    'groups.list': async (query) => views.listGroups(query),
    'groups.get': async ({ id }) => {
      const group = store.getGroup(id)
      if (!group) throw new ConsoleRefusal('not-found', `There is no group with id '${id}'; refresh the list.`)
      const members = Array.isArray(group.resource.members) ? group.resource.members : []
      return {
        row: groupRow(group),
        resource: scim.getGroup(id, ctx.status().baseUri),
        members: members.slice(0, 500).flatMap((m) => {
          const memberId = isPlainObject(m) ? m.value : undefined
          const user = typeof memberId === 'string' ? store.getUser(memberId) : undefined
          if (!user) return []
          const row = userRow(store, user)
          return [{ id: row.id, userName: row.userName, displayName: row.displayName, active: row.active, cal: row.cal }]
        }),
      }
    },

    'traffic.recent': async ({ limit }) => ctx.traffic.recent(limit),
    'traffic.unauthenticated': async () => ctx.traffic.unauthenticated(),
    'vocabulary.get': async () => vocabulary(),

    'workspace.list': async () => ({
      current: ctx.status().dataDir,
      recent: ctx.workspaces ? await ctx.workspaces.recent() : [],
      canSwitch: ctx.workspaces !== undefined,
    }),
    'workspace.open': async ({ dir }) => {
      if (!ctx.workspaces) throw new ConsoleRefusal('not-supported', SERVE_IS_BOUND)
      return ctx.workspaces.switchTo(await checkWorkspaceFolder(dir, 'open'))
    },
    'workspace.create': async ({ dir }) => {
      if (!ctx.workspaces) throw new ConsoleRefusal('not-supported', SERVE_IS_BOUND)
      return ctx.workspaces.switchTo(await checkWorkspaceFolder(dir, 'create'))
    },
    'workspace.pick': async () => {
      if (!ctx.workspaces?.pickFolder) throw new ConsoleRefusal('not-supported', 'Folder picking needs the desktop app; type the folder path instead.')
      return { dir: await ctx.workspaces.pickFolder() }
    },

    'tunnel.detect': async ({ agentUrl }) => ctx.tunnel.detect({ agentUrl, port: ctx.status().port, scimPath: SCIM_BASE_PATH }),
    'tunnel.status': async () => publicTunnel().view(),
    'tunnel.goPublic': async (input) => publicTunnel().goPublic(input),
    'tunnel.stop': async () => publicTunnel().stop(),
    'tunnel.setAuthtoken': async ({ authtoken }) => publicTunnel().setAuthtoken(authtoken),

    ...createSimulatorHandlers(ctx),
  }
}

/**
 * Runs one call from either transport: checks the method name, validates the input against the
 * shared table (defaults applied), runs the handler, and returns the envelope. With
 * `checkOutput` (tests) the result is validated too, so the table and the handlers cannot drift.
 */
export async function invokeConsole(
  handlers: ConsoleHandlers,
  method: unknown,
  rawInput: unknown,
  options: { checkOutput?: boolean } = {},
): Promise<ConsoleResult<unknown>> {
  if (!isConsoleMethod(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `There is no console method '${String(method).slice(0, 100)}'.` } }
  }
  try {
    const spec = consoleMethods[method]
    const input = spec.input.parse(rawInput ?? undefined)
    const value = await (handlers[method] as (input: unknown) => Promise<unknown>)(input)
    if (options.checkOutput) spec.output.parse(value)
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: toConsoleError(error, method) }
  }
}
