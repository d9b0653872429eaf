import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import { defaultDataDir } from '../core/workspace-folder'
import { isLoopback, limitHeapGrowth, startHarness } from '../core/harness'
import { parseConsoleHosts } from '../core/server/console-hosts'
import { Store, openReadOnly, type ReadableState } from '../core/store'
import { PortalService } from '../core/services/portal-service'
import { tokenStatus } from '../core/portal'
import type { DeleteMode, DomainPolicy, PortalSettings } from '../core/store/records'
import { formatTable } from './table'
import { simulate, SimulateUsageError } from './simulate'
import { openPublicUrl, PublicOptionError, publicOptionsOf } from './serve-public'

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly showUsage = false,
  ) {
    super(message)
  }
}

type Values = Record<string, string | boolean | undefined>

const out = (line = '') => process.stdout.write(`${line}\n`)

function dataDirOf(values: Values): string {
  return resolve(typeof values.data === 'string' ? values.data : defaultDataDir())
}

/** Opens a workspace for writing; a running server holding it makes this refuse clearly. */
async function withWritableStore<T>(values: Values, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(dataDirOf(values), { owner: 'scim-harness CLI' })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

function printRecovery(notes: readonly string[]): void {
  for (const note of notes) process.stderr.write(`scim-harness: ${note}\n`)
}

/** -1 means "keep running" (serve): the process exits on its signal handler. */
export async function runCommand(positionals: string[], values: Values): Promise<number> {
  const [command, sub, ...rest] = positionals
  switch (command) {
    case 'serve':
      return serve(values)
    case 'token':
      if (sub === 'create') return tokenCreate(values)
      if (sub === 'list') return tokenList(values)
      if (sub === 'revoke') {
        if (!rest[0]) throw new CliError('token revoke needs the token id (see: scim-harness token list).', 2, true)
        return tokenRevoke(values, rest[0])
      }
      throw new CliError(`unknown token command '${sub ?? ''}'.`, 2, true)
    case 'config':
      if (sub === 'show') return configShow(values)
      if (sub === 'set') return configSet(values)
      throw new CliError(`unknown config command '${sub ?? ''}'.`, 2, true)
    case 'users':
      return listUsers(values)
    case 'groups':
      return listGroups(values)
    case 'simulate':
      return simulate(values).catch((err: unknown) => {
        // a bad scenario file or option is a usage mistake: exit 2, like any other bad argument
        throw err instanceof SimulateUsageError ? new CliError(err.message, 2) : err
      })
    default:
      throw new CliError(`unknown command '${command}'.`, 2, true)
  }
}

/** `--console-host a.example,.corp.example`: names the browser console also answers at (behind a proxy), with SCIM_HARNESS_CONSOLE_HOSTS. */
function consoleHostsOf(values: Values): string[] {
  const text = values['console-host']
  if (typeof text !== 'string') return []
  try {
    return parseConsoleHosts(text)
  } catch (err) {
    throw new CliError(`--console-host: ${(err as Error).message}`, 2)
  }
}

async function serve(values: Values): Promise<number> {
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1'
  const portText = typeof values.port === 'string' ? values.port : '8787'
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new CliError(`--port must be 0-65535; got '${portText}'.`, 2)
  if (host !== 'localhost' && !isIP(host)) throw new CliError(`--host must be an IP address or localhost; got '${host}'.`, 2)
  let goPublic
  try {
    goPublic = publicOptionsOf(values)
  } catch (err) {
    throw err instanceof PublicOptionError ? new CliError(err.message, 2) : err
  }
  const consoleHosts = consoleHostsOf(values)
  const harness = await startHarness({
    dataDir: dataDirOf(values),
    host,
    port: Number(portText),
    owner: 'scim-harness serve',
    // out/main/cli.js -> out/renderer: the same console the desktop app shows
    consoleStaticDir: join(__dirname, '../renderer'),
    consoleHosts,
  })
  limitHeapGrowth()
  printRecovery(harness.store.recoveryNotes)
  if (!isLoopback(host)) {
    process.stderr.write(`scim-harness: warning: listening on ${host}, not loopback: anyone who can reach this address can try tokens.\n`)
  }
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`scim-harness: ${signal} received, stopping (saving every acknowledged write)...\n`)
    harness.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`scim-harness: failed to stop cleanly: ${(err as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // Printed only once the handlers are in place: scripts wait for this line and may signal at once.
  out(`SCIM base URI: ${harness.baseUri}`)
  out(`Console: ${harness.consoleUrl}`)
  if (goPublic) await openPublicUrl(harness, goPublic, { out, err: (line) => process.stderr.write(`${line}\n`) })
  return -1
}

async function tokenCreate(values: Values): Promise<number> {
  if (typeof values.expires !== 'string') {
    throw new CliError('token create needs --expires YYYY-MM-DD (every API token has an expiry date).', 2)
  }
  const expires = values.expires
  const label = typeof values.label === 'string' ? values.label : undefined
  return withWritableStore(values, async (store) => {
    const { token, record } = await new PortalService(store).createToken(expires, label)
    out(`Created token ${record.id} "${record.label}", expires ${record.expiresAt}.`)
    out('Copy it now: it is shown once and stored only as a hash.')
    out(token)
    return 0
  })
}

async function readState(values: Values): Promise<ReadableState> {
  const state = await openReadOnly(dataDirOf(values))
  printRecovery(state.recoveryNotes)
  return state
}

async function tokenList(values: Values): Promise<number> {
  const state = await readState(values)
  const now = new Date()
  const rows = [...state.tokens()].map((t) => [t.id, t.label, tokenStatus(t, now), t.expiresAt, t.createdAt, t.lastUsedAt ?? '-'])
  if (rows.length === 0) out('No API tokens. Create one with: scim-harness token create --expires YYYY-MM-DD')
  else out(formatTable(['ID', 'LABEL', 'STATUS', 'EXPIRES', 'CREATED', 'LAST USED'], rows))
  return 0
}

async function tokenRevoke(values: Values, id: string): Promise<number> {
  return withWritableStore(values, async (store) => {
    const revoked = await new PortalService(store).revokeToken(id)
    out(`Revoked token ${revoked.id} "${revoked.label}".`)
    return 0
  })
}

function describeSettings(s: PortalSettings): string {
  const lines = [
    `Portal:            ${s.name}`,
    `Domain policy:     ${s.domainPolicy}`,
    `SCIM Azure AD:     ${s.scimEnabled ? 'enabled' : 'disabled'}`,
    `Default CAL:       ${s.defaultCal ?? '(none)'}`,
    `CAL catalogue:     ${s.cals.join(' > ')}`,
    `Delete mode:       ${s.deleteMode === 'hard' ? 'hard delete (RFC 7644)' : 'deactivate (VIDIZMO)'}`,
    `CAL conflicts:     ${s.calConflictPolicy === 'highestCal' ? 'highest CAL wins' : 'first rule in list order wins'}`,
    `CAL rules:         ${s.calRules.length === 0 ? '(none)' : ''}`,
  ]
  s.calRules.forEach((r, i) =>
    lines.push(`  ${i + 1}. ${r.attributePath} ${r.condition} "${r.matchingText}" -> ${r.targetCal}${r.enabled ? '' : ' (disabled)'}`),
  )
  return lines.join('\n')
}

async function configShow(values: Values): Promise<number> {
  const state = await readState(values)
  if (values.json) out(JSON.stringify(state.portal, null, 2))
  else out(describeSettings(state.portal))
  return 0
}

async function configSet(values: Values): Promise<number> {
  const change: Partial<PortalSettings> = {}
  if (values.enable && values.disable) throw new CliError('give --enable or --disable, not both.', 2)
  if (typeof values['default-cal'] === 'string') change.defaultCal = values['default-cal']
  if (typeof values['delete-mode'] === 'string') {
    if (!['deactivate', 'hard'].includes(values['delete-mode']))
      throw new CliError(`--delete-mode must be deactivate or hard; got '${values['delete-mode']}'.`, 2)
    change.deleteMode = values['delete-mode'] as DeleteMode
  }
  if (typeof values['domain-policy'] === 'string') {
    if (!['subdomain', 'directory', 'custom'].includes(values['domain-policy'])) {
      throw new CliError(`--domain-policy must be subdomain, directory or custom; got '${values['domain-policy']}'.`, 2)
    }
    change.domainPolicy = values['domain-policy'] as DomainPolicy
  }
  if (values.enable) change.scimEnabled = true
  if (values.disable) change.scimEnabled = false
  if (Object.keys(change).length === 0) throw new CliError('config set needs at least one setting to change.', 2, true)
  return withWritableStore(values, async (store) => {
    const next = await new PortalService(store).updateSettings(change)
    out('Portal Information Updated Successfully')
    out(describeSettings(next))
    return 0
  })
}

function describeReason(r: import('../core/store/records').CalReason): string {
  if (r.kind === 'default') return 'default CAL'
  const via = r.groupDisplayName ? ` via group "${r.groupDisplayName}"` : ''
  return `rule ${r.ruleIndex + 1} (${r.attributePath} = "${r.matchedValue}")${via}`
}

async function listUsers(values: Values): Promise<number> {
  const state = await readState(values)
  const users = [...state.users()]
  if (values.json) {
    out(
      JSON.stringify(
        users.map((u) => ({
          id: u.id,
          userName: u.resource.userName,
          active: u.resource.active !== false,
          cal: u.cal,
          calReason: u.calReason,
          federated: u.federated,
          resource: u.resource,
        })),
        null,
        2,
      ),
    )
    return 0
  }
  if (users.length === 0) {
    out('No users.')
    return 0
  }
  out(
    formatTable(
      ['ID', 'USERNAME', 'ACTIVE', 'CAL', 'WHY'],
      users.map((u) => [u.id, String(u.resource.userName), u.resource.active === false ? 'no' : 'yes', u.cal, describeReason(u.calReason)]),
    ),
  )
  return 0
}

async function listGroups(values: Values): Promise<number> {
  const state = await readState(values)
  const groups = [...state.groups()]
  if (values.json) {
    out(
      JSON.stringify(
        groups.map((g) => ({ id: g.id, displayName: g.resource.displayName, members: ((g.resource.members as unknown[]) ?? []).length, resource: g.resource })),
        null,
        2,
      ),
    )
    return 0
  }
  if (groups.length === 0) {
    out('No groups.')
    return 0
  }
  out(
    formatTable(
      ['ID', 'DISPLAY NAME', 'MEMBERS'],
      groups.map((g) => [g.id, String(g.resource.displayName), String(((g.resource.members as unknown[]) ?? []).length)]),
    ),
  )
  return 0
}
