import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enableWorkspace, killAllServers, requireBuiltCli, startServe, type ServeProcess } from '../helpers/cli'
import { entraUser, tempDir } from '../helpers/harness'

/*
 * Attack: a regular expression stalls the server (issue 14, item 1). An admin saves a CAL rule
 * whose pattern backtracks catastrophically on V8's RegExp (one copied from the web, or one
 * written to slip past the old syntactic guard: `[]|(a+)+b]` read as a character class to the
 * guard and as `(a+)+b` to V8). Then any SCIM client POSTs a user whose title is 32 a's: the
 * rule runs on that title, and every other request waits. The old code took over a minute on
 * that one POST.
 *
 * The server runs as `serve` in a child process so that, should it stall, this test's own
 * timers still fire: each request is cut off after 5 s and the test fails quickly, instead of
 * waiting out the stall.
 */

const LIMIT_MS = 2000
const CUT_OFF_MS = 5000

let dataDir: string
let server: ServeProcess
let scimToken: string
let consoleOrigin: string
let consoleToken: string

beforeAll(async () => {
  requireBuiltCli()
  dataDir = tempDir()
  scimToken = await enableWorkspace(dataDir)
  server = await startServe(dataDir)
  // the console line follows the base URI line
  const deadline = Date.now() + 10_000
  let consoleUrl: RegExpExecArray | null = null
  while (!(consoleUrl = /^Console: (http:\/\/[^/]+)\/console\/#token=(\S+)$/m.exec(server.stdout())) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  if (!consoleUrl) throw new Error(`serve printed no console URL: ${server.stdout()}`)
  ;[, consoleOrigin, consoleToken] = consoleUrl
})
afterAll(async () => {
  await killAllServers()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A request cut off after CUT_OFF_MS, with how long it took. */
async function timed(url: string, init: RequestInit): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now()
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(CUT_OFF_MS) })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started }
}

const consoleCall = (method: string, input: unknown) =>
  timed(`${consoleOrigin}/console/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${consoleToken}` },
    body: JSON.stringify(input),
  })

const scim = (method: string, path: string, body?: unknown) =>
  timed(server.baseUri + path, {
    method,
    headers: { authorization: `Bearer ${scimToken}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })

const rule = (id: string, matchingText: string, attributePath = 'title') => ({
  id,
  attributePath,
  condition: 'matchesRegex',
  matchingText,
  targetCal: 'Manager',
  enabled: true,
})

/**
 * Each pattern, and what must happen to it: run (it is saved, and runs in linear time), or
 * refused at save with a message saying why. Every one of them stalls a backtracking engine on
 * the titles below, or (the refused ones) cannot run without one.
 */
const PATTERNS: [string, RegExp | 'runs'][] = [
  ['[]|(a+)+b]', 'runs'],
  [
    '[\\s\\S]{0,1000}[\\s\\S]{0,1000}[\\s\\S]{0,1000}x',
    /too large to run safely: it compiles to \d+ steps and the limit is 500\. A counted repeat is copied once per count/,
  ],
  ['(a+)+$', 'runs'],
  ['(a+)+b', 'runs'],
  ['.*.*.*x', 'runs'],
  ['(a|a)*b', 'runs'],
  ['(a|aa)+$', 'runs'],
  ['^(\\w+\\s?)*$', 'runs'],
  ['(.*a){12}$', 'runs'],
  // the costliest shape the engine accepts: every instruction of a ~500-step program stays alive
  ['(?:.{0,80}a){3}!', 'runs'],
  ['^(?!.*contractor)', /uses a lookahead \(\?!\.\.\.\).*linear-time engine \(RE2\)/],
  ['(?<=@)contoso', /uses a lookbehind \(\?<=\.\.\.\)/],
  ['^(a+)\\1$', /uses a backreference \(\\1\)/],
]

/** Titles crafted for the patterns above: 32 characters (the reported case), then 10,000. */
const TITLES = [
  'a'.repeat(32),
  'a'.repeat(32) + '!',
  'a'.repeat(31) + 'x',
  ' '.repeat(32) + '!',
  'a'.repeat(10_000),
  'a'.repeat(10_000) + '!',
  'ab'.repeat(5000),
]

describe('a regular expression in a CAL rule cannot stall the server', () => {
  it('refuses at save, with the reason, each pattern the linear-time engine cannot run, and saves the others', async () => {
    for (const [pattern, expected] of PATTERNS) {
      // the console's Add Rule check, then Save Changes
      const checked = await consoleCall('cal.checkRule', { rule: rule('r1', pattern) })
      const saved = await consoleCall('portal.update', { calRules: [rule('r1', pattern)] })
      expect(checked.ms, pattern).toBeLessThan(LIMIT_MS)
      if (expected === 'runs') {
        expect(checked.body, pattern).toEqual({ ok: true, value: { ok: true } })
        expect(saved.body.ok, pattern).toBe(true)
      } else {
        expect(checked.body, pattern).toMatchObject({
          ok: false,
          error: { code: 'invalidRegex', field: 'matchingText', message: expect.stringMatching(expected) },
        })
        expect(saved.body, pattern).toMatchObject({
          ok: false,
          error: { code: 'invalidRegex', field: 'calRules[0].matchingText', message: expect.stringMatching(/^CAL rule 1: /) },
        })
      }
    }
  })

  it('answers each hostile POST promptly, and a concurrent GET /Users while it runs', async () => {
    // every pattern the server accepts (tried by saving it), on the title and on an email
    const calRules = []
    for (const [i, [pattern]] of PATTERNS.entries()) {
      const candidate = [rule(`t${i}`, pattern), rule(`e${i}`, pattern, 'emails.value')]
      if ((await consoleCall('portal.update', { calRules: candidate })).body.ok) calRules.push(...candidate)
    }
    const saved = await consoleCall('portal.update', { calRules })
    expect(saved.body.ok).toBe(true)
    expect(calRules.length).toBeGreaterThanOrEqual(2)

    let polling = true
    const gets: number[] = []
    const poll = (async () => {
      while (polling) {
        const res = await scim('GET', '/Users?count=1')
        expect(res.status).toBe(200)
        gets.push(res.ms)
        await new Promise((r) => setTimeout(r, 20))
      }
    })()

    const posts: { title: string; ms: number }[] = []
    try {
      for (const [i, title] of TITLES.entries()) {
        const email = `${title.slice(0, 40).replace(/\W/g, 'a')}${i}@contoso.com`
        const res = await scim('POST', '/Users', entraUser(`stall-${i}@contoso.com`, { title, emails: [{ primary: true, type: 'work', value: email }] }))
        expect(res.status, `title of ${title.length} characters`).toBe(201)
        posts.push({ title: `${title.slice(0, 12)}… (${title.length})`, ms: res.ms })
      }
    } finally {
      polling = false
      await poll
    }

    for (const post of posts) expect(post.ms, post.title).toBeLessThan(LIMIT_MS)
    expect(gets.length).toBeGreaterThan(0)
    expect(Math.max(...gets)).toBeLessThan(LIMIT_MS)

    // and the rules still decide: `(a+)+$` matched the 32 a's
    const list = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "stall-0@contoso.com"')}`)
    expect(list.body.totalResults).toBe(1)
    const users = await consoleCall('users.list', { search: 'stall-0@contoso.com' })
    expect(users.body.value.items[0]).toMatchObject({ cal: 'Manager' })
  })
})
