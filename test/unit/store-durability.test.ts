import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store } from '../../src/main/core/store'
import { filesIn, group, simulateCrash, tempDir, user } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>
const open: Store[] = []

async function openStore(options: Parameters<typeof Store.open>[1] = {}): Promise<Store> {
  const store = await Store.open(dir, options)
  open.push(store)
  return store
}

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined)
  await cleanup()
})

describe('store durability', () => {
  it('keeps every acknowledged commit across a crash, replaying the journal alone', async () => {
    const first = await openStore()
    for (let n = 1; n <= 20; n++) await first.commit([{ kind: 'putUser', user: user(n) }])
    await first.commit([
      { kind: 'removeUser', id: 'user-5' },
      { kind: 'putGroup', group: group(1, ['user-1']) },
    ])
    await simulateCrash(dir)
    expect(await filesIn(dir)).not.toContain('snapshot.json')

    const second = await openStore()
    expect(second.userCount).toBe(19)
    expect(second.getUser('user-5')).toBeUndefined()
    expect(second.findUserByUserName('USER20@contoso.example')?.id).toBe('user-20')
    expect([...second.groupIdsOfMember('user-1')]).toEqual(['group-1'])
    expect(second.recoveryNotes.join(' ')).toMatch(/stale workspace lock/)
  })

  it('writes a snapshot at close and reopens from it with the same state and order', async () => {
    const first = await openStore()
    await first.commit([3, 1, 2].map((n) => ({ kind: 'putUser' as const, user: user(n) })))
    await first.commit([{ kind: 'setPortal', portal: { ...first.portal, name: 'Contoso' } }])
    await first.close()
    const snapshot = JSON.parse(await readFile(join(dir, 'snapshot.json'), 'utf8'))
    expect(snapshot.users.map((u: { id: string }) => u.id)).toEqual(['user-3', 'user-1', 'user-2'])
    expect(snapshot.seq).toBe(2)

    const second = await openStore()
    expect([...second.users()].map((u) => u.id)).toEqual(['user-3', 'user-1', 'user-2'])
    expect(second.portal.name).toBe('Contoso')
    expect(second.findUserByUserName('user1@contoso.example')?.id).toBe('user-1')
    expect(second.recoveryNotes).toEqual([])
  })

  it('combines a snapshot with the journal written after it', async () => {
    const first = await openStore()
    await first.commit([{ kind: 'putUser', user: user(1) }])
    await first.compact()
    await first.commit([{ kind: 'putUser', user: user(2) }])
    await first.commit([{ kind: 'putUser', user: user(1, { userName: 'moved@contoso.example' }) }])
    await simulateCrash(dir)

    const second = await openStore()
    expect([...second.users()].map((u) => u.id)).toEqual(['user-1', 'user-2'])
    expect(second.findUserByUserName('moved@contoso.example')?.id).toBe('user-1')
    expect(second.findUserByUserName('user1@contoso.example')).toBeUndefined()
  })

  it('compacts in the background past the entry limit and keeps only the journals the backup needs', async () => {
    const store = await openStore({ compactAfterEntries: 10 })
    for (let round = 0; round < 4; round++) {
      for (let n = 0; n < 12; n++) await store.commit([{ kind: 'putUser', user: user(round * 100 + n) }])
      await store.compact() // waits for the background compaction if one is running
    }
    expect(store.stats.compactions).toBeGreaterThanOrEqual(4)
    const journals = (await filesIn(dir)).filter((name) => name.startsWith('journal-'))
    expect(journals.length).toBeLessThanOrEqual(2)
    expect(await filesIn(dir)).toContain('snapshot.json.bak')
    await store.close()

    const again = await openStore()
    expect(again.userCount).toBe(48)
  })

  it('does not rewrite the snapshot when nothing changed since the last one', async () => {
    const store = await openStore()
    await store.commit([{ kind: 'putUser', user: user(1) }])
    await store.compact()
    await store.compact()
    expect(store.stats.compactions).toBe(1)
  })

  it('rejects commits after close', async () => {
    const store = await openStore()
    await store.close()
    await expect(store.commit([{ kind: 'putUser', user: user(1) }])).rejects.toThrow(/closed/)
  })
})
