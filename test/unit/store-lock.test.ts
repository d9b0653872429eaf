import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store, WorkspaceLockedError, readLock } from '../../src/main/core/store'
import { simulateCrash, tempDir, user } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>
let sleeper: ChildProcess | undefined

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  sleeper?.kill('SIGKILL')
  sleeper = undefined
  await cleanup()
})

describe('workspace lock', () => {
  it('refuses a workspace whose lock names a live process, saying who holds it', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    const lock = { pid: sleeper.pid, startedAt: '2024-01-01T00:00:00Z', owner: 'scim-harness serve', info: { baseUri: 'http://127.0.0.1:8787/scim/v2' } }
    await writeFile(join(dir, 'harness.lock'), JSON.stringify(lock))

    const error = await Store.open(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkspaceLockedError)
    expect((error as WorkspaceLockedError).lock).toEqual(lock)
    expect((error as Error).message).toBe(
      `workspace ${dir} is in use by scim-harness serve (pid ${sleeper.pid}, http://127.0.0.1:8787/scim/v2); stop it first, or use another --data folder`,
    )
  })

  it('refuses a second store on a workspace this process already holds', async () => {
    const store = await Store.open(dir, { owner: 'first' })
    try {
      await expect(Store.open(dir)).rejects.toThrow(/in use by first/)
    } finally {
      await store.close()
    }
  })

  it('takes over a lock left by a process that died, with a note', async () => {
    await simulateCrash(dir)
    const store = await Store.open(dir, { owner: 'second' })
    try {
      expect(store.recoveryNotes[0]).toMatch(/Took over a stale workspace lock left by crashed test/)
      expect(await readLock(dir)).toMatchObject({ pid: process.pid, owner: 'second' })
      await store.commit([{ kind: 'putUser', user: user(1) }])
    } finally {
      await store.close()
    }
  })

  it('records lock info for other processes and releases the lock at close', async () => {
    const store = await Store.open(dir, { owner: 'scim-harness serve' })
    await store.setLockInfo({ baseUri: 'http://127.0.0.1:9999/scim/v2' })
    expect((await readLock(dir))?.info).toEqual({ baseUri: 'http://127.0.0.1:9999/scim/v2' })
    await store.close()
    expect(await readLock(dir)).toBeNull()
    const again = await Store.open(dir)
    await again.close()
  })
})
