import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store, StoreCorruptError } from '../../src/main/core/store'
import { filesIn, simulateCrash, tempDir, user } from './store-helpers'

/*
 * Damaged data files, one kind of damage at a time on each file (issue 6): truncated, empty,
 * NUL-filled (what some file systems leave after a power cut) and hand-edited into valid JSON of
 * the wrong shape. The store either opens with the last good state and says what it did, or
 * refuses with StoreCorruptError naming the files; it never opens empty over a workspace that
 * had data, and it never deletes a damaged file (it is moved aside for a person to look at).
 */

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

/** u1 in the .bak snapshot, u1+u2 in snapshot.json, u3 only in the journal after it. */
async function workspace(): Promise<void> {
  const store = await Store.open(dir)
  await store.commit([{ kind: 'putUser', user: user(1) }])
  await store.compact()
  await store.commit([{ kind: 'putUser', user: user(2) }])
  await store.compact()
  await store.commit([{ kind: 'putUser', user: user(3) }])
  await simulateCrash(dir)
}

const damage: Record<string, (text: string) => string | Buffer> = {
  truncated: (text) => text.slice(0, Math.floor(text.length / 2)),
  empty: () => '',
  'NUL-filled': (text) => Buffer.alloc(Buffer.byteLength(text)),
  'hand-edited into the wrong shape': (text) =>
    text.trimStart().startsWith('{') ? '{"format":"scim-harness-snapshot","users":"everyone"}' : '{"seq":"one","mutations":{}}\n',
}

async function journalName(): Promise<string> {
  return (await filesIn(dir))
    .filter((f) => /^journal-\d+\.ndjson$/.test(f))
    .sort()
    .at(-1)!
}

describe.each(Object.entries(damage))('a %s file', (kind, spoil) => {
  it('snapshot.json: opens from the backup plus the journals, with a note, and keeps the damaged file aside', async () => {
    await workspace()
    const path = join(dir, 'snapshot.json')
    await writeFile(path, spoil(await readFile(path, 'utf8')))
    // the backup and the journals hold everything: this must recover, not refuse
    const store = await Store.open(dir)
    open.push(store)
    const ids = [...store.users()].map((u) => u.id).sort()
    expect(ids).toEqual(['user-1', 'user-2', 'user-3'])
    expect(store.recoveryNotes.join('\n')).toMatch(/snapshot\.json/)
    expect((await filesIn(dir)).some((f) => f.startsWith('snapshot.json.corrupt') || f.includes('corrupt'))).toBe(true)
  })

  it('the newest journal: keeps what is good before the damage, never opens empty, says so', async () => {
    await workspace()
    const path = join(dir, await journalName())
    await writeFile(path, spoil(await readFile(path, 'utf8')))
    // the snapshots are intact: this must recover what precedes the damage, not refuse
    const store = await Store.open(dir)
    open.push(store)
    const ids = [...store.users()].map((u) => u.id).sort()
    // the snapshot state is always there; user-3 only if its line survived the damage
    expect(ids.slice(0, 2)).toEqual(['user-1', 'user-2'])
    if (kind !== 'truncated' || !ids.includes('user-3')) expect(store.recoveryNotes.length).toBeGreaterThan(0)
  })

  it('both snapshots: refuses with StoreCorruptError naming the files, and changes nothing', async () => {
    await workspace()
    for (const name of ['snapshot.json', 'snapshot.json.bak']) {
      const path = join(dir, name)
      await writeFile(path, spoil(await readFile(path, 'utf8')))
    }
    const before = (await filesIn(dir)).filter((f) => f !== 'harness.lock')
    const error = await Store.open(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreCorruptError)
    expect((error as Error).message).toMatch(/snapshot\.json/)
    expect((await filesIn(dir)).filter((f) => f !== 'harness.lock')).toEqual(before)
  })
})
