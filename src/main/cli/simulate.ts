import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startHarness } from '../core/harness'
import { PortalService } from '../core/services/portal-service'
import { parseScenarioText, runScenario, ScenarioError, type Scenario, type ScenarioReport } from '../core/azure/scenarios'
import { TenantUrlError } from '../core/azure/requests'
import { makePrivateDir, writePrivateFile } from '../core/store/private-files'

/*
 * `scim-harness simulate --scenario FILE [--tenant-url URL (--token-file F | --token T)] [--out DIR]`
 * (PRODUCT.md, "Command line"): replays a scenario headless and exits 0 only if every
 * expectation held. Without a tenant URL it targets a built-in server on a fresh temp workspace,
 * set up as an admin would (a token, default CAL Viewer, SCIM enabled), so a scenario replays
 * the same way on any machine.
 */

type Values = Record<string, string | boolean | undefined>

/** A user mistake in the command or the file: one line on stderr, exit 2. */
export class SimulateUsageError extends Error {
  override readonly name = 'SimulateUsageError'
}

const out = (line: string) => process.stdout.write(`${line}\n`)

/** Read when neither --token nor --token-file is given: the environment is not in `ps` output. */
export const TOKEN_ENV = 'SCIM_HARNESS_TOKEN'

/**
 * The bearer token for --tenant-url (issue 14, item 3). A command-line argument is visible to
 * every account on the machine (`ps`, /proc/<pid>/cmdline), so --token-file and the environment
 * variable are the ways to pass it; --token still works, with a warning on stderr.
 */
async function resolveToken(values: Values, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const inline = typeof values.token === 'string' ? values.token : undefined
  const file = typeof values['token-file'] === 'string' ? values['token-file'] : undefined
  if (inline !== undefined && file !== undefined) throw new SimulateUsageError('give --token-file or --token, not both.')
  if (inline !== undefined) {
    process.stderr.write(
      `scim-harness: warning: --token is visible to other users of this computer in the process list; use --token-file FILE or ${TOKEN_ENV} instead.\n`,
    )
    return inline
  }
  if (file !== undefined) return readTokenFile(resolve(file))
  const fromEnv = env[TOKEN_ENV]
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : undefined
}

/** The token file's first line, trimmed (editors and `echo` add a newline). */
async function readTokenFile(path: string): Promise<string> {
  const text = await readNamedFile(path, 'token file')
  const token = text.split(/\r?\n/)[0].trim()
  if (token === '') throw new SimulateUsageError(`the token file ${path} is empty; put the token on its first line.`)
  // as ssh does for keys: a secret others can read is worth a word, not a refusal
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    process.stderr.write(`scim-harness: warning: the token file ${path} is readable by other users; chmod 600 it.\n`)
  }
  return token
}

/** A file the user named: one line saying which and why when it cannot be read. */
async function readNamedFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw new SimulateUsageError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }
}

async function loadScenario(file: string): Promise<Scenario> {
  const text = await readNamedFile(file, 'scenario file')
  try {
    return parseScenarioText(text)
  } catch (error) {
    if (error instanceof ScenarioError) throw new SimulateUsageError(`${file}: ${error.message}`)
    throw error
  }
}

/** A value for the report's text: JSON, kept to one readable line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined'
  return text.length > 200 ? `${text.slice(0, 200)}...` : text
}

function printReport(report: ScenarioReport): void {
  const byStep = new Map<number, ScenarioReport['expectations']>()
  for (const e of report.expectations) byStep.set(e.index, [...(byStep.get(e.index) ?? []), e])
  for (const step of report.steps) {
    out(`steps[${step.index}] ${step.kind}: ${step.status} - ${step.detail}`)
    for (const e of byStep.get(step.index) ?? []) {
      out(`  ${e.passed ? 'PASS' : 'FAIL'} ${e.description} (expected ${shown(e.expected)}, actual ${shown(e.actual)})`)
    }
  }
  const passed = report.expectations.filter((e) => e.passed).length
  const errors = report.steps.filter((s) => s.status === 'error').length
  const notes = [errors > 0 ? `${errors} step${errors === 1 ? '' : 's'} could not be applied` : '', report.cancelled ? 'stopped before the end' : ''].filter(
    Boolean,
  )
  out(`scenario: ${passed} expectations passed, ${report.expectations.length - passed} failed${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`)
}

async function writeOutputs(dir: string, report: ScenarioReport): Promise<void> {
  // owner-only, like the workspace: the logs hold the users' attributes as sent
  await makePrivateDir(dir)
  const { logs, ...result } = report
  await writePrivateFile(join(dir, 'report.json'), `${JSON.stringify(result, null, 2)}\n`)
  await writePrivateFile(join(dir, 'logs.json'), `${JSON.stringify(logs, null, 2)}\n`)
}

/** Runs on a built-in server over a temp workspace that is removed afterwards. */
async function runOnBuiltInServer(scenario: Scenario, signal: AbortSignal): Promise<ScenarioReport> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scim-harness-simulate-'))
  try {
    const harness = await startHarness({ dataDir, port: 0, owner: 'scim-harness simulate' })
    try {
      const portal = new PortalService(harness.store)
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
      const { token } = await portal.createToken(tomorrow, 'simulate')
      await portal.updateSettings({ defaultCal: 'Viewer', scimEnabled: true })
      return await runScenario(scenario, { tenantUrl: harness.baseUri, token, signal, inspectCal: (id) => harness.store.getUser(id)?.cal })
    } finally {
      await harness.close()
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** The `simulate` command; returns the exit status (0: every expectation held and every step applied). */
export async function simulate(values: Values, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (typeof values.scenario !== 'string') throw new SimulateUsageError('simulate needs --scenario FILE.')
  const tenantUrl = typeof values['tenant-url'] === 'string' ? values['tenant-url'] : undefined
  if (tenantUrl === undefined && (values.token !== undefined || values['token-file'] !== undefined)) {
    throw new SimulateUsageError('--token and --token-file go with --tenant-url (without it the scenario runs against a built-in server).')
  }
  const token = tenantUrl === undefined ? undefined : await resolveToken(values, env)
  if (tenantUrl !== undefined && token === undefined) {
    throw new SimulateUsageError(`--tenant-url needs a token: --token-file FILE, or the ${TOKEN_ENV} environment variable.`)
  }
  const scenario = await loadScenario(resolve(values.scenario))
  const controller = new AbortController()
  // Ctrl+C stops the run as Entra's "Stop provisioning" does: the report still says what happened
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  let report: ScenarioReport
  try {
    out(`scenario "${scenario.name}": ${scenario.steps.length} steps against ${tenantUrl ?? 'a built-in server (fresh workspace)'}`)
    report =
      tenantUrl !== undefined && token !== undefined
        ? await runScenario(scenario, { tenantUrl, token, signal: controller.signal })
        : await runOnBuiltInServer(scenario, controller.signal)
  } catch (error) {
    if (error instanceof TenantUrlError) throw new SimulateUsageError(`--tenant-url: ${error.message}`)
    throw error
  } finally {
    process.off('SIGINT', stop)
  }
  printReport(report)
  if (typeof values.out === 'string') await writeOutputs(resolve(values.out), report)
  return report.passed ? 0 : 1
}
