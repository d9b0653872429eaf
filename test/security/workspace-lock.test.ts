/*
 * Attack scripts for issue 14, item 5: the workspace lock. Before the fix the lock trusted a pid
 * alone (a server that ran as pid 1 in a container locked itself out after kill -9), took over
 * locks held from other hosts, and two processes could both take the same stale lock (15 of 30
 * trials).
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'rolldown'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LOCK_FILE, readLock, Store, WorkspaceLockedError } from '../../src/main/core/store'
import { bootId, processStartTime } from '../../src/main/core/store/process-identity'

let work: string
let racer: string
const children: ChildProcess[] = []

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lock-attack-'))
  racer = join(work, 'racer.mjs')
  await build({ input: join(__dirname, 'fixtures', 'lock-racer.ts'), platform: 'node', logLevel: 'silent', output: { file: racer, format: 'esm' } })
})
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

let workspaces = 0
async function workspace(lock?: object): Promise<string> {
  const dir = join(work, `ws-${++workspaces}`)
  await mkdir(dir)
  if (lock) await writeFile(join(dir, LOCK_FILE), JSON.stringify(lock))
  return dir
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number
}

function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
  children.push(child)
  return child
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')))
    })
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before answering: ${err}`)))
  })
}

const linux = process.platform === 'linux'

describe('workspace lock: who holds it', () => {
  it('records the pid, the process start time, the boot id and the host', async () => {
    const dir = await workspace()
    const store = await Store.open(dir, { owner: 'scim-harness serve' })
    try {
      const lock = await readLock(dir)
      expect(lock).toMatchObject({ pid: process.pid, owner: 'scim-harness serve', host: hostname() })
      if (linux) expect(lock).toMatchObject({ bootId: bootId(), pidStart: processStartTime(process.pid) })
    } finally {
      await store.close()
    }
  })

  it.runIf(linux)('recovers a lock whose pid now belongs to another process (started at another time)', async () => {
    const stranger = sleeper()
    const dir = await workspace({
      pid: stranger.pid,
      startedAt: '2026-01-01T00:00:00.000Z',
      owner: 'scim-harness serve',
      host: hostname(),
      bootId: bootId(),
      pidStart: '1',
    })
    const store = await Store.open(dir, { owner: 'second' })
    try {
      expect(store.recoveryNotes[0]).toMatch(/Took over a stale workspace lock left by scim-harness serve/)
      expect(await readLock(dir)).toMatchObject({ pid: process.pid, owner: 'second' })
    } finally {
      await store.close()
    }
  })

  it('recovers a lock naming this very pid that this process does not hold (pid 1 in a container, restarted after kill -9)', async () => {
    // the restarted container's server is pid 1 again: the lock names "itself"
    const dir = await workspace({ pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z', owner: 'scim-harness serve', host: hostname(), pidStart: '1' })
    const store = await Store.open(dir, { owner: 'restarted server' })
    try {
      expect(store.recoveryNotes[0]).toMatch(/Took over a stale workspace lock/)
    } finally {
      await store.close()
    }
  })

  it.runIf(linux)('recovers a lock written before the last reboot even if its pid runs again', async () => {
    const stranger = sleeper()
    const dir = await workspace({
      pid: stranger.pid,
      startedAt: '2026-01-01T00:00:00.000Z',
      owner: 'scim-harness serve',
      host: hostname(),
      bootId: '00000000-0000-0000-0000-000000000000',
      pidStart: processStartTime(stranger.pid as number),
    })
    const store = await Store.open(dir, { owner: 'after reboot' })
    await store.close()
  })

  it('still refuses a lock held by a live process whose start time matches (one this process holds: store-lock.test.ts)', async () => {
    const owner = sleeper()
    const dir = await workspace({
      pid: owner.pid,
      startedAt: '2026-01-01T00:00:00.000Z',
      owner: 'scim-harness serve',
      host: hostname(),
      ...(linux && { bootId: bootId(), pidStart: processStartTime(owner.pid as number) }),
    })
    await expect(Store.open(dir)).rejects.toThrow(WorkspaceLockedError)
  })

  it('recovers the lock of a server killed with SIGKILL', async () => {
    const dir = await workspace()
    const doomed = spawn(process.execPath, [racer, 'hold', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(doomed)
    expect(await firstLine(doomed)).toBe('held')
    await expect(Store.open(dir)).rejects.toThrow(/in use by doomed server/)
    const exited = new Promise((resolve) => doomed.once('exit', resolve))
    doomed.kill('SIGKILL')
    await exited

    const store = await Store.open(dir, { owner: 'next server' })
    try {
      expect(store.recoveryNotes[0]).toMatch(/Took over a stale workspace lock left by doomed server \(pid \d+/)
    } finally {
      await store.close()
    }
  })

  it('never takes over a lock held from another host, and says which host holds it', async () => {
    // a shared network folder: the pid means nothing here, dead or alive
    const lock = {
      pid: deadPid(),
      startedAt: '2026-01-01T00:00:00.000Z',
      owner: 'scim-harness serve',
      host: 'build-agent-7',
      info: { baseUri: 'http://10.0.0.7:8787/scim/v2' },
    }
    const dir = await workspace(lock)
    const error = await Store.open(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkspaceLockedError)
    expect((error as Error).message).toBe(
      `workspace ${dir} is in use by scim-harness serve on host build-agent-7 (pid ${lock.pid}, http://10.0.0.7:8787/scim/v2); stop it there, or, if it is no longer running on build-agent-7, delete ${join(dir, LOCK_FILE)}`,
    )
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toEqual(lock)
  })
})

describe('workspace lock: racing for a stale lock', () => {
  it('recovers when the process taking over a stale lock was itself killed half-way (its claim left behind)', async () => {
    const stale = JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z', owner: 'killed server' })
    const dir = await workspace()
    await writeFile(join(dir, LOCK_FILE), stale)
    const claim = `${LOCK_FILE}.claim-${createHash('sha256').update(stale).digest('hex').slice(0, 24)}`
    await writeFile(
      join(dir, claim),
      JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:01.000Z', owner: 'workspace lock take-over', host: hostname() }),
    )

    const store = await Store.open(dir, { owner: 'next server' })
    try {
      expect(store.recoveryNotes[0]).toMatch(/Took over a stale workspace lock left by killed server/)
      expect((await readdir(dir)).filter((name) => name.includes('.claim-'))).toEqual([])
    } finally {
      await store.close()
    }
  })

  it('lets exactly one of several processes take over the same stale lock, in each of 30 trials', async () => {
    const trials = 30
    const racers = 5
    const dead = deadPid()
    const dirs: string[] = []
    for (let i = 0; i < trials; i++) dirs.push(await workspace({ pid: dead, startedAt: '2026-01-01T00:00:00.000Z', owner: 'killed server' }))
    const dirsFile = join(work, 'race-dirs.json')
    await writeFile(dirsFile, JSON.stringify(dirs))
    // every racer waits for the same instants, so they all find the stale lock together
    const startAt = Date.now() + 2_500
    const processes = Array.from({ length: racers }, () => {
      const child = spawn(process.execPath, [racer, 'race', dirsFile, String(startAt), '60'], { stdio: ['pipe', 'pipe', 'pipe'] })
      children.push(child)
      return child
    })
    const outcomes = (await Promise.all(processes.map(firstLine))).map((line) => JSON.parse(line) as string[])
    for (const child of processes) child.stdin?.end()

    const errors = outcomes.flat().filter((o) => o.startsWith('error'))
    expect(errors).toEqual([])
    const winnersPerTrial = dirs.map((_, trial) => outcomes.filter((o) => o[trial] === 'won').length)
    expect(winnersPerTrial).toEqual(dirs.map(() => 1))
  }, 60_000)
})
