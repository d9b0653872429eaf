import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store } from '../../src/main/core/store'
import { group, tempDir, user } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  await cleanup()
})

/** Commits, closes (which writes the snapshot), reopens from the snapshot alone. */
async function roundTrip(fill: (store: Store) => Promise<void>): Promise<Store> {
  const store = await Store.open(dir)
  await fill(store)
  await store.close()
  return Store.open(dir)
}

describe('snapshot read in pieces', () => {
  it('reads back non-ASCII text across read boundaries and a record line longer than a read', async () => {
    // 3,000 users of ~1 KB of multi-byte text cross many 512 KiB reads at arbitrary bytes.
    const names = Array.from({ length: 3000 }, (_, n) => `Zoë Ångström-${n} ${'日本語'.repeat(100)}`)
    const memberIds = Array.from({ length: 20_000 }, (_, n) => `member-${n}-${'x'.repeat(20)}`) // one line of ~700 KB
    const reopened = await roundTrip(async (store) => {
      for (let n = 0; n < names.length; n++) await store.commit([{ kind: 'putUser', user: user(n, { displayName: names[n] }) }])
      await store.commit([{ kind: 'putGroup', group: group(1, memberIds) }])
    })
    try {
      expect(reopened.recoveryNotes).toEqual([])
      expect(reopened.userCount).toBe(3000)
      expect(reopened.getUser('user-2999')?.resource.displayName).toBe(names[2999])
      expect([...reopened.users()].map((u) => u.resource.displayName)).toEqual(names)
      expect((reopened.getGroup('group-1')?.resource.members as unknown[]).length).toBe(20_000)
      expect([...reopened.groupIdsOfMember('member-19999-xxxxxxxxxxxxxxxxxxxx')]).toEqual(['group-1'])
    } finally {
      await reopened.close()
    }
  })

  it('serves records whose shared strings equal what was saved', async () => {
    const reopened = await roundTrip(async (store) => {
      await store.commit([{ kind: 'putUser', user: user(1, { userName: 'same@contoso.example', emails: [{ value: 'same@contoso.example', type: 'work' }] }) }])
    })
    try {
      expect(reopened.getUser('user-1')).toEqual(user(1, { userName: 'same@contoso.example', emails: [{ value: 'same@contoso.example', type: 'work' }] }))
    } finally {
      await reopened.close()
    }
  })

  it('still reads a snapshot pretty-printed by hand', async () => {
    const store = await Store.open(dir)
    await store.commit([{ kind: 'putUser', user: user(1) }])
    await store.close()
    const path = join(dir, 'snapshot.json')
    await writeFile(path, JSON.stringify(JSON.parse(await readFile(path, 'utf8')), null, 2))
    const reopened = await Store.open(dir)
    try {
      expect(reopened.recoveryNotes).toEqual([])
      expect(reopened.getUser('user-1')).toEqual(user(1))
    } finally {
      await reopened.close()
    }
  })
})

describe('multi-valued indexes', () => {
  it('keeps the ids of a shared externalId and group membership right as they grow and shrink', async () => {
    const store = await Store.open(dir)
    try {
      await store.commit([
        { kind: 'putUser', user: user(1, { externalId: 'shared' }) },
        { kind: 'putUser', user: user(2, { externalId: 'shared' }) },
        { kind: 'putGroup', group: group(1, ['user-1']) },
        { kind: 'putGroup', group: group(2, ['user-1']) },
      ])
      expect(
        store
          .findUsersByExternalId('shared')
          .map((u) => u.id)
          .sort(),
      ).toEqual(['user-1', 'user-2'])
      expect([...store.groupIdsOfMember('user-1')].sort()).toEqual(['group-1', 'group-2'])
      await store.commit([
        { kind: 'removeUser', id: 'user-1' },
        { kind: 'removeGroup', id: 'group-1' },
      ])
      expect(store.findUsersByExternalId('shared').map((u) => u.id)).toEqual(['user-2'])
      expect([...store.groupIdsOfMember('user-1')]).toEqual(['group-2'])
      await store.commit([
        { kind: 'removeUser', id: 'user-2' },
        { kind: 'removeGroup', id: 'group-2' },
      ])
      expect(store.findUsersByExternalId('shared')).toEqual([])
      expect(store.groupIdsOfMember('user-1').size).toBe(0)
    } finally {
      await store.close()
    }
  })
})
