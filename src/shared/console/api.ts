import { z } from 'zod'
import { consoleErrorCodeSchema } from './console-error-codes'
import { calRuleSchema, portalSettingsChangeSchema, portalSettingsSchema } from './portal-schemas'
import { simulatorMethods, simulatorStateSchema } from './simulator-api'
import { publicTunnelSchema, tunnelMethods } from './tunnel-api'
import { vocabularySchema } from './vocabulary'
import type { ConsoleUpload } from './uploads'

/**
 * The console API as data: every method the console can call, with zod schemas for what goes
 * in and what comes out, and the events it can receive. One table, served by both transports
 * (Electron IPC in the app, HTTP + server-sent events by `scim-harness serve`), implemented once
 * in src/main/core/api. Nothing here may import node, electron or the DOM.
 */

const noInput = z.strictObject({}).optional()

const id = z.string().min(1).max(200)

// --- shared shapes ---------------------------------------------------------------------------

export const consoleErrorSchema = z.object({
  /** Stable, machine-readable reason: `invalid-input`, `not-found`, a PortalError code, ... (console-error-codes.ts). */
  code: consoleErrorCodeSchema,
  /** A sentence a person can act on. */
  message: z.string(),
  /** The form field the message belongs beside (`defaultCal`, `calRules[2].matchingText`). */
  field: z.string().optional(),
})
export type ConsoleError = z.infer<typeof consoleErrorSchema>
export type { ConsoleErrorCode } from './console-error-codes'

/** What every call resolves to: errors cross IPC and HTTP as values, so they keep their shape. */
export type ConsoleResult<T> = { ok: true; value: T } | { ok: false; error: ConsoleError }

const tokenViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
})
export type TokenView = z.infer<typeof tokenViewSchema>

const calReasonSchema = z.union([
  z.object({ kind: z.literal('default') }),
  z.object({
    kind: z.literal('rule'),
    ruleId: z.string(),
    ruleIndex: z.number(),
    attributePath: z.string(),
    matchedValue: z.string(),
    groupId: z.string().optional(),
    groupDisplayName: z.string().optional(),
  }),
])

const calRuleExplanationSchema = z.object({
  rule: calRuleSchema,
  ruleIndex: z.number(),
  outcome: z.enum(['matched', 'notMatched', 'disabled', 'unknownCal', 'invalid']),
  matched: z.boolean(),
  winner: z.boolean(),
  why: z.string(),
  matchedValue: z.string().optional(),
  groupId: z.string().optional(),
  groupDisplayName: z.string().optional(),
})

export const calExplanationSchema = z.object({
  cal: z.string(),
  reason: calReasonSchema,
  policy: z.enum(['highestCal', 'firstRule']),
  rules: z.array(calRuleExplanationSchema),
  summary: z.string(),
})
export type CalExplanationView = z.infer<typeof calExplanationSchema>

const enableCheckSchema = z.object({
  ok: z.boolean(),
  reasons: z.array(consoleErrorSchema),
})

export const portalViewSchema = z.object({
  settings: portalSettingsSchema,
  tokens: z.array(tokenViewSchema),
  /** Why SCIM provisioning could not be enabled right now (empty when it could). */
  enableCheck: enableCheckSchema,
  /**
   * Saved CAL rules that cannot run, each with its field (`calRules[2].matchingText`): a
   * workspace from an older version may hold a pattern the linear-time regex engine refuses.
   * Such a rule is skipped when CALs are evaluated, and Save Changes is refused until it is
   * fixed or deleted.
   */
  ruleProblems: z.array(consoleErrorSchema),
})
export type PortalView = z.infer<typeof portalViewSchema>

const jsonObject = z.record(z.string(), z.unknown())

export const userRowSchema = z.object({
  id: z.string(),
  userName: z.string(),
  displayName: z.string(),
  email: z.string(),
  externalId: z.string(),
  active: z.boolean(),
  cal: z.string(),
  federated: z.boolean(),
  groupCount: z.number(),
  lastModified: z.string(),
  /**
   * Sentences to show before trusting the name (mixed scripts as in "pаypal" with a Cyrillic а,
   * invisible characters, spaces at the ends), for the userName and the display name; absent
   * when there is nothing to say.
   */
  nameWarnings: z.array(z.string()).optional(),
})
export type UserRow = z.infer<typeof userRowSchema>

export const groupRowSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  externalId: z.string(),
  memberCount: z.number(),
  lastModified: z.string(),
})
export type GroupRow = z.infer<typeof groupRowSchema>

/** One SCIM request as the Traffic screen shows it (bodies clipped at 16 KiB). */
export const trafficEntrySchema = z.object({
  seq: z.number(),
  time: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number(),
  durationMs: z.number(),
  rules: z.array(z.string()),
  client: z.enum(['simulator', 'external']),
  userAgent: z.string().optional(),
  requestBody: z.string().optional(),
  responseBody: z.string().optional(),
  error: z.string().optional(),
})
export type TrafficEntry = z.infer<typeof trafficEntrySchema>

/**
 * SCIM requests refused for want of a valid token (401), counted on their own budget so a flood
 * of them never pushes authorised requests out of the Traffic feed or the request log (issue 14).
 */
export const unauthenticatedSummarySchema = z.object({
  /** Refused since the server started. */
  total: z.number(),
  lastAt: z.string().nullable(),
  /** How many of them were kept (shown in Traffic, written to requests-refused.ndjson). */
  sampled: z.number(),
  /** The most frequent client addresses, most first. */
  topAddresses: z.array(z.object({ address: z.string(), count: z.number(), lastAt: z.string() })),
  /** Refused per minute, oldest first, ending with the current minute (as the dashboard's request rate). */
  perMinute: z.array(z.object({ minute: z.string(), refused: z.number() })),
})
export type UnauthenticatedSummary = z.infer<typeof unauthenticatedSummarySchema>

const pageInput = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
  search: z.string().max(200).optional(),
}

export const statusSchema = z.object({
  baseUri: z.string(),
  host: z.string(),
  port: z.number(),
  /** False when the server listens on a non-loopback address: the console shows a warning. */
  loopback: z.boolean(),
  dataDir: z.string(),
  version: z.string(),
  startedAt: z.string(),
  /** Whether this process may switch workspaces (the desktop app can; `serve` is bound to --data). */
  canSwitchWorkspace: z.boolean(),
})
export type HarnessStatusView = z.infer<typeof statusSchema>

export const tunnelStateSchema = z.object({
  state: z.enum(['found', 'none', 'unreachable', 'mismatch']),
  agentUrl: z.string(),
  /** The https Tenant URL to paste into Entra ID (public URL + /scim/v2). */
  tenantUrl: z.string().optional(),
  publicUrl: z.string().optional(),
  message: z.string(),
})
export type TunnelState = z.infer<typeof tunnelStateSchema>

export const dashboardSchema = z.object({
  users: z.object({ total: z.number(), active: z.number(), inactive: z.number() }),
  groups: z.number(),
  byCal: z.array(z.object({ cal: z.string(), active: z.number(), inactive: z.number() })),
  /** Requests per minute, oldest first, ending with the current minute. */
  requestRate: z.array(z.object({ minute: z.string(), requests: z.number(), errors: z.number() })),
})
export type DashboardView = z.infer<typeof dashboardSchema>

// --- the method table ------------------------------------------------------------------------

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary }
}

export const consoleMethods = {
  'status.get': method(noInput, statusSchema, 'Server address, Base URI, workspace folder.'),
  'dashboard.get': method(noInput, dashboardSchema, 'User counts per CAL and the request rate of the last 30 minutes.'),

  'portal.get': method(noInput, portalViewSchema, 'Portal settings, API tokens and whether SCIM can be enabled.'),
  'portal.update': method(portalSettingsChangeSchema, portalViewSchema, 'Save Changes: applies a settings change with its refusals.'),
  'tokens.create': method(
    z.strictObject({ expires: z.string().min(1).max(40), label: z.string().max(100).optional() }),
    z.object({ token: z.string(), record: tokenViewSchema }),
    'Generate API Token: the token is returned once; only its hash is stored.',
  ),
  'tokens.revoke': method(z.strictObject({ id }), tokenViewSchema, 'Revokes an API token at once.'),
  'cal.checkRule': method(
    z.strictObject({ rule: calRuleSchema }),
    z.object({ ok: z.literal(true) }),
    'Add Rule: checks one CAL rule on its own (attribute path, matching text, regular expression); a refusal names the field.',
  ),
  'cal.preview': method(
    z.strictObject({
      /** Attribute path to value, e.g. { title: 'Manager', 'urn:...:enterprise:2.0:User:department': 'Sales' }. */
      attributes: z.record(z.string().max(300), z.string().max(1000)),
      groups: z.array(z.string().max(256)).max(100),
      /** Unsaved rules to try; the saved settings when absent. */
      settings: portalSettingsChangeSchema.optional(),
    }),
    calExplanationSchema,
    'CAL preview: which CAL a hypothetical user would get, rule by rule.',
  ),

  'users.list': method(
    z.strictObject({
      ...pageInput,
      status: z.enum(['all', 'active', 'inactive']).default('all'),
      cal: z.string().max(100).optional(),
      groupId: id.optional(),
    }),
    z.object({ total: z.number(), items: z.array(userRowSchema) }),
    'One page of users, sorted by userName, searched by name or email and filtered.',
  ),
  'users.get': method(
    z.strictObject({ id }),
    z.object({
      row: userRowSchema,
      resource: jsonObject,
      calExplanation: calExplanationSchema,
      groups: z.array(z.object({ id: z.string(), displayName: z.string() })),
      history: z.array(trafficEntrySchema),
    }),
    'A user with its SCIM resource, CAL and why, groups and provisioning history.',
  ),
  'users.setActive': method(z.strictObject({ id, active: z.boolean() }), userRowSchema, 'Deactivate or reactivate a user (users are never deleted).'),
  'groups.list': method(
    z.strictObject({ ...pageInput }),
    z.object({ total: z.number(), items: z.array(groupRowSchema) }),
    'One page of groups, sorted by displayName.',
  ),
  'groups.get': method(
    z.strictObject({ id }),
    z.object({
      row: groupRowSchema,
      resource: jsonObject,
      members: z.array(z.object({ id: z.string(), userName: z.string(), displayName: z.string(), active: z.boolean(), cal: z.string() })),
    }),
    'A group with its SCIM resource and members (the first 500).',
  ),

  'traffic.recent': method(
    z.strictObject({ limit: z.number().int().min(1).max(5000).default(500) }),
    z.array(trafficEntrySchema),
    'The most recent SCIM requests, oldest first.',
  ),
  'traffic.unauthenticated': method(
    noInput,
    unauthenticatedSummarySchema,
    'How many SCIM requests were refused for a missing or wrong token, when, and from where.',
  ),
  'vocabulary.get': method(
    noInput,
    vocabularySchema,
    'The words the screens share with the core: source and target attributes, field labels, the leniency rules with their summaries, the simulator defaults.',
  ),

  'workspace.list': method(
    noInput,
    z.object({
      current: z.string(),
      recent: z.array(z.object({ dir: z.string(), name: z.string(), lastOpened: z.string() })),
      canSwitch: z.boolean(),
    }),
    'The open workspace (data folder) and the recently opened ones.',
  ),
  'workspace.open': method(z.strictObject({ dir: z.string().min(1).max(4096) }), statusSchema, 'Closes this workspace and opens another (desktop app only).'),
  'workspace.create': method(
    z.strictObject({ dir: z.string().min(1).max(4096) }),
    statusSchema,
    'Starts a new workspace in an empty or new folder and opens it (desktop app only).',
  ),
  'workspace.pick': method(noInput, z.object({ dir: z.string().nullable() }), 'Shows the folder picker (desktop app only); null when cancelled.'),

  'tunnel.detect': method(
    z.strictObject({ agentUrl: z.string().max(200).optional() }),
    tunnelStateSchema,
    'Looks for a running ngrok agent through its local API and the tunnel that reaches this server.',
  ),

  ...tunnelMethods,
  ...simulatorMethods,
} as const

export type ConsoleMethodTable = typeof consoleMethods
export type ConsoleMethod = keyof ConsoleMethodTable
/** What a caller passes (defaults may be omitted). */
export type ConsoleInput<M extends ConsoleMethod> = z.input<ConsoleMethodTable[M]['input']>
/** What a handler receives, defaults applied. */
export type ConsoleParsedInput<M extends ConsoleMethod> = z.output<ConsoleMethodTable[M]['input']>
export type ConsoleOutput<M extends ConsoleMethod> = z.output<ConsoleMethodTable[M]['output']>

export const CONSOLE_METHODS = Object.keys(consoleMethods) as ConsoleMethod[]

export function isConsoleMethod(name: unknown): name is ConsoleMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(consoleMethods, name)
}

/** The file a method takes, when it takes one (`upload` on its table entry; see uploads.ts). */
export function uploadOf(method: ConsoleMethod): ConsoleUpload | undefined {
  const entry = consoleMethods[method]
  return 'upload' in entry ? entry.upload : undefined
}

// --- events ------------------------------------------------------------------------------------

export const consoleEvents = {
  /** A SCIM request finished. */
  traffic: trafficEntrySchema,
  /** Users, groups or settings changed (throttled): screens refetch what they show. */
  changed: z.object({ revision: z.number() }),
  /** The simulated Entra job changed: schedule, running cycle's progress, a cycle finished. */
  sim: simulatorStateSchema,
  /** The in-process tunnel (Go public) opened, failed or closed. */
  tunnel: publicTunnelSchema,
} as const

export type ConsoleEventName = keyof typeof consoleEvents
export type ConsoleEvent = { [K in ConsoleEventName]: { type: K; data: z.output<(typeof consoleEvents)[K]> } }[ConsoleEventName]

/** The renderer's view of the API, whichever transport carries it. */
export interface ConsoleTransport {
  call<M extends ConsoleMethod>(method: M, input?: ConsoleInput<M>): Promise<ConsoleResult<ConsoleOutput<M>>>
  /** Subscribes to every console event; returns the unsubscribe function. */
  subscribe(listener: (event: ConsoleEvent) => void): () => void
}

/** IPC channel names: one per method, plus the event channel main sends on (plain data, for the preload). */
export { IPC_EVENT_CHANNEL, ipcChannelOf } from './method-names'

/** HTTP routes under the console path. */
export const CONSOLE_PATH = '/console'
export const CONSOLE_API_PATH = `${CONSOLE_PATH}/api`
export const CONSOLE_EVENTS_PATH = `${CONSOLE_PATH}/events`
