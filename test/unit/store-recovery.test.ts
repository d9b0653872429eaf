import { appendFile, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store, StoreCorruptError, openReadOnly, readLock } from '../../src/main/core/store'
import { filesIn, simulateCrash, tempDir, user } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>
const open: Store[] = []

async function openStore(): Promise<Store> {
  const store = await Store.open(dir)
  open.push(store)
  return store
}

const journal1 = () => join(dir, 'journal-000001.ndjson')
const ids = (store: { users(): Iterable<{ id: string }> }) => [...store.users()].map((u) => u.id)

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined)
  await cleanup()
})

/** u1 in snapshot A (now the .bak), u2 in snapshot B, u3 only in the journal. */
async function workspaceWithBackup(): Promise<void> {
  const store = await openStore()
  await store.commit([{ kind: 'putUser', user: user(1) }])
  await store.compact()
  await store.commit([{ kind: 'putUser', user: user(2) }])
  await store.compact()
  await store.commit([{ kind: 'putUser', user: user(3) }])
  await simulateCrash(dir)
}

describe('store recovery at open', () => {
  it('drops a torn last journal line quietly with a note, and appends cleanly after it', async () => {
    const first = await openStore()
    for (const n of [1, 2, 3]) await first.commit([{ kind: 'putUser', user: user(n) }])
    await simulateCrash(dir)
    await appendFile(journal1(), '{"seq":4,"m":[{"kind":"putUser","user":{"id":"user-4","reso')

    const second = await openStore()
    expect(ids(second)).toEqual(['user-1', 'user-2', 'user-3'])
    expect(second.recoveryNotes.join('\n')).toMatch(/incomplete line 4 .*dropped/)
    await second.commit([{ kind: 'putUser', user: user(5) }])
    await simulateCrash(dir)

    const third = await openStore()
    expect(ids(third)).toEqual(['user-1', 'user-2', 'user-3', 'user-5'])
    expect(third.recoveryNotes.join('\n')).not.toMatch(/incomplete|damaged/)
  })

  it('sets a journal with a damaged middle line aside and restores the state before the damage', async () => {
    const first = await openStore()
    for (const n of [1, 2, 3, 4, 5]) await first.commit([{ kind: 'putUser', user: user(n) }])
    await simulateCrash(dir)
    const lines = (await readFile(journal1(), 'utf8')).split('\n')
    lines[2] = lines[2].slice(0, 40) + '\u0000garbage'
    await writeFile(journal1(), lines.join('\n'))

    const second = await openStore()
    expect(ids(second)).toEqual(['user-1', 'user-2'])
    const notes = second.recoveryNotes.join('\n')
    expect(notes).toMatch(/journal-000001\.ndjson is damaged at line 3; 2 later change\(s\)/)
    expect(notes).toMatch(/set aside as journal-000001\.ndjson\.corrupt-/)
    expect((await filesIn(dir)).some((name) => name.startsWith('journal-000001.ndjson.corrupt-'))).toBe(true)

    await second.commit([{ kind: 'putUser', user: user(6) }])
    await simulateCrash(dir)
    const third = await openStore()
    expect(ids(third)).toEqual(['user-1', 'user-2', 'user-6'])
    expect(third.recoveryNotes.join('\n')).not.toMatch(/damaged/)
  })

  it.each([
    ['garbage', (text: string) => `not json at all ${text.slice(0, 10)}`],
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length * 0.6))],
    ['empty', () => ''],
    ['NUL-filled', (text: string) => '\u0000'.repeat(text.length)],
    ['valid JSON of the wrong shape', () => '{"users":[]}'],
  ])('sets a %s snapshot aside and restores the backup plus the journal after it', async (_kind, damage) => {
    await workspaceWithBackup()
    const path = join(dir, 'snapshot.json')
    await writeFile(path, damage(await readFile(path, 'utf8')))

    const store = await openStore()
    expect(ids(store)).toEqual(['user-1', 'user-2', 'user-3'])
    expect(store.recoveryNotes.join('\n')).toMatch(
      /snapshot\.json was damaged .*set aside as snapshot\.json\.corrupt-.*restored the previous snapshot snapshot\.json\.bak/,
    )
    expect((await filesIn(dir)).some((name) => name.startsWith('snapshot.json.corrupt-'))).toBe(true)
    await simulateCrash(dir)

    const again = await openStore()
    expect(ids(again)).toEqual(['user-1', 'user-2', 'user-3'])
    expect(again.recoveryNotes.join('\n')).not.toMatch(/damaged|restored/)
  })

  it('rebuilds from the journal alone when the only snapshot is damaged and the journal starts at the first change', async () => {
    const first = await openStore()
    await first.commit([{ kind: 'putUser', user: user(1) }])
    await first.compact()
    await first.commit([{ kind: 'putUser', user: user(2) }])
    await simulateCrash(dir)
    await writeFile(join(dir, 'snapshot.json'), '{"format":"scim-harness-snap')

    const second = await openStore()
    expect(ids(second)).toEqual(['user-1', 'user-2'])
    expect(second.recoveryNotes.join('\n')).toMatch(/rebuilt from the journal alone/)
  })

  it('refuses to start empty when no good state remains, naming the files and changing nothing', async () => {
    await workspaceWithBackup()
    await writeFile(join(dir, 'snapshot.json'), '')
    await writeFile(join(dir, 'snapshot.json.bak'), '\u0000\u0000\u0000')
    const before = await filesIn(dir)

    const error = await Store.open(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreCorruptError)
    expect((error as Error).message).toMatch(
      /No good state can be recovered .*snapshot\.json is damaged \(the snapshot file is empty\).*snapshot\.json\.bak is damaged too/,
    )
    expect(await filesIn(dir)).toEqual(before.filter((name) => name !== 'harness.lock'))
    expect(await readLock(dir)).toBeNull()
  })

  it('refuses to start empty when the snapshot is missing but the journal needs one', async () => {
    await workspaceWithBackup()
    await rm(join(dir, 'snapshot.json'))
    await rm(join(dir, 'snapshot.json.bak'))
    await expect(Store.open(dir)).rejects.toThrow(StoreCorruptError)
  })

  it('reads a workspace without locking or changing it, even while another store holds it', async () => {
    const writer = await openStore()
    for (const n of [1, 2]) await writer.commit([{ kind: 'putUser', user: user(n) }])
    await appendFile(journal1(), '{"seq":3,"m":[')
    const before = await readFile(journal1(), 'utf8')

    const view = await openReadOnly(dir)
    expect(ids(view)).toEqual(['user-1', 'user-2'])
    expect(view.findUserByUserName('USER2@contoso.example')?.id).toBe('user-2')
    expect(await readFile(journal1(), 'utf8')).toBe(before)
    expect((await readLock(dir))?.pid).toBe(process.pid)
  })

  it('reads a folder that does not exist as an empty workspace', async () => {
    const view = await openReadOnly(join(dir, 'nothing-here'))
    expect(view.userCount).toBe(0)
    expect(await filesIn(dir)).toEqual([])
  })
})
