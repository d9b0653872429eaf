import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Store, StoreUnavailableError, openNodeJournalFile } from '../../src/main/core/store'
import type { OpenJournalFile } from '../../src/main/core/store'
import { simulateCrash, tempDir, user } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>
const open: Store[] = []

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined)
  await cleanup()
})

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code })
}

/** A journal whose appends (optionally after writing half the data) or fsyncs fail while `fault` is set. */
function faultyJournal(): { openJournalFile: OpenJournalFile; fault: { on: 'append' | 'sync' | null; code: string } } {
  const fault: { on: 'append' | 'sync' | null; code: string } = { on: null, code: 'ENOSPC' }
  const openJournalFile: OpenJournalFile = async (path) => {
    const real = await openNodeJournalFile(path)
    return {
      ...real,
      async append(data) {
        if (fault.on === 'append') {
          await real.append(data.subarray(0, Math.floor(data.length / 2)))
          throw systemError(fault.code)
        }
        await real.append(data)
      },
      async sync() {
        if (fault.on === 'sync') throw systemError(fault.code)
        await real.sync()
      },
    }
  }
  return { openJournalFile, fault }
}

describe('group commit', () => {
  it('resolves 32 concurrent commits with far fewer fsyncs than commits', async () => {
    const store = await Store.open(dir)
    open.push(store)
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 32 }, (_, i) => store.commit([{ kind: 'putUser', user: user(round * 32 + i) }])))
    }
    expect(store.stats.commits).toBe(128)
    expect(store.stats.flushes).toBeLessThanOrEqual(16)
    const lines = (await readFile(join(dir, 'journal-000001.ndjson'), 'utf8')).trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line).seq)).toEqual(Array.from({ length: 128 }, (_, i) => i + 1))
  })
})

describe('when the journal cannot be written', () => {
  it.each(['sync', 'append'] as const)('rejects every waiting commit, undoes them in memory, and recovers on a later commit (failing %s)', async (on) => {
    const { openJournalFile, fault } = faultyJournal()
    const store = await Store.open(dir, { openJournalFile })
    open.push(store)
    await store.commit([{ kind: 'putUser', user: user(1) }])

    fault.on = on
    fault.code = on === 'sync' ? 'ENOSPC' : 'EIO'
    const results = await Promise.allSettled([2, 3, 4, 5].map((n) => store.commit([{ kind: 'putUser', user: user(n) }])))
    for (const result of results) {
      expect(result.status).toBe('rejected')
      const reason = (result as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(StoreUnavailableError)
      expect(reason.message).toMatch(on === 'sync' ? /disk is full/ : /I\/O error/)
    }
    await vi.waitFor(() => expect(store.getUser('user-2')).toBeUndefined())
    expect(store.userCount).toBe(1)
    await expect(store.commit([{ kind: 'putUser', user: user(6) }])).rejects.toThrow(StoreUnavailableError)
    await vi.waitFor(() => expect(store.getUser('user-6')).toBeUndefined())

    fault.on = null
    await store.commit([{ kind: 'putUser', user: user(7) }])
    expect([...store.users()].map((u) => u.id)).toEqual(['user-1', 'user-7'])
    await simulateCrash(dir)

    const reopened = await Store.open(dir)
    open.push(reopened)
    expect([...reopened.users()].map((u) => u.id)).toEqual(['user-1', 'user-7'])
    expect(reopened.recoveryNotes.join('\n')).not.toMatch(/damaged|incomplete/)
  })
})
