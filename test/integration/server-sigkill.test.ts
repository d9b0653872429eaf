import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enableWorkspace, killAllServers, requireBuiltCli, startServe, type ServeProcess } from '../helpers/cli'
import { entraUser, patchOp, scimRequest, tempDir } from '../helpers/harness'

/*
 * The durability promise at the server level: whatever `serve` acknowledged (201, 204) survives a
 * SIGKILL in the middle of a burst, and a restart recovers a whole state (nothing half-applied),
 * again and again on the same workspace.
 */

const CLIENTS = 32
/** Kill-and-restart rounds of the POST burst: 3 in CI; `npm run crash` runs many more. */
const ROUNDS = Number(process.env['CRASH_ROUNDS'] ?? 3)
/** What the rounds proved, printed at the end (docs/reliability.md quotes the long run). */
const tally = { kills: 0, acknowledgedVerified: 0, attempted: 0 }

let dir: string
let token: string
beforeAll(async () => {
  requireBuiltCli()
  dir = tempDir('scim-harness-server-sigkill-')
  token = await enableWorkspace(dir)
})
afterAll(async () => {
  console.log(
    `[crash] ${tally.kills} SIGKILLs survived, ${tally.acknowledgedVerified} acknowledged writes verified after restart (${tally.attempted} attempted)`,
  )
  await killAllServers()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const auth = () => ({ authorization: `Bearer ${token}` })

interface Op {
  method: string
  path: string
  body: unknown
  /** The status that acknowledges this operation. */
  ack: number
}

interface BurstResult<T> {
  acknowledged: T[]
  attempted: number
  /** Answers that were neither the acknowledgement nor a connection error: always a bug. */
  unexpected: string[]
}

/**
 * Fires `op(n)` from CLIENTS concurrent clients until the server dies. The server is SIGKILLed at
 * a random moment 300-900 ms after the burst is flowing (its first acknowledgement: on a loaded
 * machine a fresh server can take longer than that to answer at all). A client stops at its
 * first connection error: the server is gone.
 */
async function burstUntilKilled<T>(server: ServeProcess, op: (n: number) => Op, onAck: (n: number, body: any) => T): Promise<BurstResult<T>> {
  const acknowledged: T[] = []
  const unexpected: string[] = []
  let next = 0
  let attempted = 0
  let killTimer: NodeJS.Timeout | undefined
  const scheduleKill = (ms: number) => {
    clearTimeout(killTimer)
    killTimer = setTimeout(() => server.child.kill('SIGKILL'), ms)
  }
  // no acknowledgement at all within 10 s: kill anyway, the assertions below then say why
  scheduleKill(10_000)
  const client = async () => {
    for (;;) {
      const n = next++
      const { method, path, body, ack } = op(n)
      attempted++
      let res
      try {
        res = await scimRequest(server.baseUri + path, method, body, auth())
      } catch {
        return // the server was killed: this request may or may not have been applied
      }
      if (res.status !== ack) {
        unexpected.push(`${method} ${path} -> ${res.status} ${res.text.slice(0, 200)}`)
        continue
      }
      if (acknowledged.length === 0) scheduleKill(300 + Math.floor(Math.random() * 600))
      acknowledged.push(onAck(n, res.json))
    }
  }
  let running = CLIENTS
  const clients = Promise.all(Array.from({ length: CLIENTS }, () => client().finally(() => running--)))
  let stuck: NodeJS.Timeout | undefined
  const diagnosis = new Promise<never>((_, reject) => {
    stuck = setTimeout(() => {
      const state = server.child.signalCode ?? server.child.exitCode ?? 'still running'
      reject(new Error(`burst did not end within 20 s: ${running} of ${CLIENTS} clients still waiting; server: ${state}; ${acknowledged.length} acknowledged`))
    }, 20_000)
  })
  try {
    await Promise.race([clients, diagnosis])
    expect(await Promise.race([server.exited, diagnosis])).toEqual({ code: null, signal: 'SIGKILL' })
  } finally {
    clearTimeout(killTimer)
    clearTimeout(stuck)
  }
  return { acknowledged, attempted, unexpected }
}

/** Every user the server lists, page by page. */
async function listAllUsers(baseUri: string): Promise<any[]> {
  const all: any[] = []
  for (let start = 1; ; start += 1000) {
    const page = await scimRequest(`${baseUri}/Users?startIndex=${start}&count=1000`, 'GET', undefined, auth())
    expect(page.status).toBe(200)
    all.push(...page.json.Resources)
    if (page.json.Resources.length === 0 || all.length >= page.json.totalResults) return all
  }
}

async function totalUsers(baseUri: string): Promise<number> {
  const res = await scimRequest(`${baseUri}/Users?count=0`, 'GET', undefined, auth())
  expect(res.status).toBe(200)
  return res.json.totalResults
}

/**
 * The restart took the killed server's lock over and found nothing to repair: a SIGKILL is not
 * a torn disk, so no file may be set aside and nothing may be reported lost.
 */
function expectCleanRecovery(ended: { code: number | null }, restarted: ServeProcess): void {
  expect(ended.code).toBe(0)
  expect(restarted.stderr()).toMatch(/stale workspace lock/)
  expect(restarted.stderr()).not.toMatch(/damaged|set aside|not replayed|lost/i)
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) await fn(items[i++])
    }),
  )
}

// each round: two server start-ups, a burst and a full read-back, on a 2-core machine
describe('serve under SIGKILL', { timeout: 45_000 }, () => {
  /** userName -> id of every user acknowledged so far, over all rounds. */
  const acknowledgedUsers = new Map<string, string>()
  /** Users counted after the last restart: they are all in the workspace for good. */
  let usersBefore = 0

  it.for(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'keeps every acknowledged POST /Users whole when killed mid-burst (round %i, same workspace)',
    async (round) => {
      const server = await startServe(dir)
      const userName = (n: number) => `r${round}-u${n}@contoso.example`
      const burst = await burstUntilKilled(
        server,
        (n) => ({ method: 'POST', path: '/Users', body: entraUser(userName(n)), ack: 201 }),
        (n, body) => ({ userName: userName(n), id: body?.id as string }),
      )
      expect(burst.unexpected).toEqual([])
      expect(burst.acknowledged.length).toBeGreaterThan(0)
      for (const { userName: name, id } of burst.acknowledged) {
        expect(id, `201 for ${name} without an id`).toEqual(expect.any(String))
        acknowledgedUsers.set(name, id)
      }

      const restarted = await startServe(dir)
      // this round's acknowledgements, one by one as Entra would read them back
      await inParallel(burst.acknowledged, 16, async ({ userName: name, id }) => {
        const read = await scimRequest(`${restarted.baseUri}/Users/${id}`, 'GET', undefined, auth())
        expect(read.status, `acknowledged ${name} (${id}) is missing after restart`).toBe(200)
        expect(read.json.userName).toBe(name)
      })

      const total = await totalUsers(restarted.baseUri)
      expect(total).toBeGreaterThanOrEqual(usersBefore + burst.acknowledged.length)
      expect(total).toBeLessThanOrEqual(usersBefore + burst.attempted)

      // nothing half-applied, nothing from an earlier round lost
      const listed = await listAllUsers(restarted.baseUri)
      expect(listed).toHaveLength(total)
      const byUserName = new Map<string, any>()
      for (const user of listed) {
        expect(user).toMatchObject({ id: expect.any(String), userName: expect.any(String), meta: { resourceType: 'User', created: expect.any(String) } })
        expect(byUserName.has(user.userName), `${user.userName} listed twice`).toBe(false)
        byUserName.set(user.userName, user)
        expect(user.emails).toEqual([{ primary: true, type: 'work', value: user.userName }])
        expect(user.externalId).toBe(user.userName.split('@')[0])
      }
      for (const [name, id] of acknowledgedUsers) expect(byUserName.get(name)?.id, `acknowledged ${name} lost`).toBe(id)

      usersBefore = total
      tally.kills++
      tally.attempted += burst.attempted
      tally.acknowledgedVerified += burst.acknowledged.length
      expectCleanRecovery(await restarted.stop('SIGTERM'), restarted)
    },
  )

  it('keeps every acknowledged PATCH (Entra active "False", group member Add) when killed mid-burst', async () => {
    const server = await startServe(dir)
    const scim = (method: string, path: string, body?: unknown) => scimRequest(server.baseUri + path, method, body, auth())
    const userIds: string[] = []
    await inParallel(
      Array.from({ length: 200 }, (_, n) => `mix-u${n}@contoso.example`),
      16,
      async (name) => {
        const created = await scim('POST', '/Users', entraUser(name))
        expect(created.status).toBe(201)
        userIds.push(created.json.id)
      },
    )
    usersBefore = await totalUsers(server.baseUri)
    const groupIds: string[] = []
    for (const name of ['Sales', 'Support', 'Engineering', 'Finance']) {
      const created = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `${name} mix` })
      expect(created.status).toBe(201)
      groupIds.push(created.json.id)
    }

    type Acked = { kind: 'deactivate'; userId: string } | { kind: 'member'; groupId: string; userId: string }
    const opOf = (n: number): Acked => {
      const userId = userIds[Math.floor(n / 2) % userIds.length]
      return n % 2 === 0 ? { kind: 'deactivate', userId } : { kind: 'member', groupId: groupIds[n % groupIds.length], userId }
    }
    const burst = await burstUntilKilled(
      server,
      (n) => {
        const o = opOf(n)
        return o.kind === 'deactivate'
          ? { method: 'PATCH', path: `/Users/${o.userId}`, body: patchOp({ op: 'Replace', path: 'active', value: 'False' }), ack: 204 }
          : { method: 'PATCH', path: `/Groups/${o.groupId}`, body: patchOp({ op: 'Add', path: 'members', value: [{ value: o.userId }] }), ack: 204 }
      },
      opOf,
    )
    expect(burst.unexpected).toEqual([])
    const deactivated = burst.acknowledged.filter((a) => a.kind === 'deactivate')
    const memberships = burst.acknowledged.filter((a) => a.kind === 'member')
    expect(deactivated.length).toBeGreaterThan(0)
    expect(memberships.length).toBeGreaterThan(0)

    const restarted = await startServe(dir)
    await inParallel([...new Set(deactivated.map((a) => a.userId))], 16, async (id) => {
      const read = await scimRequest(`${restarted.baseUri}/Users/${id}`, 'GET', undefined, auth())
      expect(read.status).toBe(200)
      expect(read.json.active, `acknowledged deactivation of ${id} lost`).toBe(false)
    })
    for (const groupId of groupIds) {
      const read = await scimRequest(`${restarted.baseUri}/Groups/${groupId}`, 'GET', undefined, auth())
      expect(read.status).toBe(200)
      const members = new Set(((read.json.members ?? []) as Array<{ value: string }>).map((m) => m.value))
      for (const a of memberships) {
        if (a.kind === 'member' && a.groupId === groupId) expect(members.has(a.userId), `acknowledged member ${a.userId} of ${groupId} lost`).toBe(true)
      }
    }
    // the PATCH burst added and removed no users
    expect(await totalUsers(restarted.baseUri)).toBe(usersBefore)
    tally.kills++
    tally.attempted += burst.attempted
    tally.acknowledgedVerified += burst.acknowledged.length
    expectCleanRecovery(await restarted.stop('SIGTERM'), restarted)
  })
})
