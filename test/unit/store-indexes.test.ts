import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Store } from '../../src/main/core/store'
import { group, tempDir, user } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>
let store: Store

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
  store = await Store.open(dir)
})
afterEach(async () => {
  await store.close()
  await cleanup()
})

describe('store read API and indexes', () => {
  it('finds a user by id and by userName in any letter case', async () => {
    await store.commit([{ kind: 'putUser', user: user(1) }])
    expect(store.getUser('user-1')?.resource.userName).toBe('User1@Contoso.example')
    expect(store.findUserByUserName('user1@contoso.EXAMPLE')?.id).toBe('user-1')
    expect(store.findUserByUserName('user2@contoso.example')).toBeUndefined()
  })

  it('sees a commit in memory before its promise resolves', () => {
    const saved = store.commit([{ kind: 'putUser', user: user(1) }])
    expect(store.findUserByUserName('USER1@contoso.example')?.id).toBe('user-1')
    return saved
  })

  it('moves the userName index entry when a user is renamed', async () => {
    await store.commit([{ kind: 'putUser', user: user(1) }])
    await store.commit([{ kind: 'putUser', user: user(1, { userName: 'renamed@contoso.example' }) }])
    expect(store.findUserByUserName('user1@contoso.example')).toBeUndefined()
    expect(store.findUserByUserName('RENAMED@contoso.example')?.id).toBe('user-1')
  })

  it('returns every user sharing an externalId, and drops them from the index on removal', async () => {
    await store.commit([
      { kind: 'putUser', user: user(1, { externalId: 'shared' }) },
      { kind: 'putUser', user: user(2, { externalId: 'shared' }) },
    ])
    expect(
      store
        .findUsersByExternalId('shared')
        .map((u) => u.id)
        .sort(),
    ).toEqual(['user-1', 'user-2'])
    await store.commit([{ kind: 'removeUser', id: 'user-1' }])
    expect(store.findUsersByExternalId('shared').map((u) => u.id)).toEqual(['user-2'])
    expect(store.findUserByUserName('user1@contoso.example')).toBeUndefined()
    expect(store.userCount).toBe(1)
  })

  it('lists users in insertion order, keeping a replaced user in its place', async () => {
    await store.commit([1, 2, 3].map((n) => ({ kind: 'putUser' as const, user: user(n) })))
    await store.commit([{ kind: 'putUser', user: user(1, { displayName: 'changed' }) }])
    expect([...store.users()].map((u) => u.id)).toEqual(['user-1', 'user-2', 'user-3'])
  })

  it('indexes groups by displayName (any case), externalId and member', async () => {
    await store.commit([
      { kind: 'putGroup', group: group(1, ['user-1', 'user-2']) },
      { kind: 'putGroup', group: group(2, ['user-2']) },
    ])
    expect(store.findGroupByDisplayName('GROUP 1')?.id).toBe('group-1')
    expect(store.findGroupsByExternalId('gext-2').map((g) => g.id)).toEqual(['group-2'])
    expect([...store.groupIdsOfMember('user-2')].sort()).toEqual(['group-1', 'group-2'])
    expect([...store.groupIdsOfMember('user-1')]).toEqual(['group-1'])
    expect(store.groupCount).toBe(2)
  })

  it('updates the member index when a group changes its members or is removed', async () => {
    await store.commit([{ kind: 'putGroup', group: group(1, ['user-1', 'user-2']) }])
    await store.commit([{ kind: 'putGroup', group: group(1, ['user-3'], { displayName: 'Renamed' }) }])
    expect(store.groupIdsOfMember('user-1').size).toBe(0)
    expect([...store.groupIdsOfMember('user-3')]).toEqual(['group-1'])
    expect(store.findGroupByDisplayName('group 1')).toBeUndefined()
    await store.commit([{ kind: 'removeGroup', id: 'group-1' }])
    expect(store.groupIdsOfMember('user-3').size).toBe(0)
    expect(store.findGroupByDisplayName('renamed')).toBeUndefined()
    expect([...store.groups()]).toEqual([])
  })

  it('keeps the portal settings and tokens', async () => {
    expect(store.portal.cals[0]).toBe('Administrator')
    await store.commit([
      { kind: 'setPortal', portal: { ...store.portal, defaultCal: 'Viewer', scimEnabled: true } },
      {
        kind: 'putToken',
        token: { id: 't1', label: 'CI', hash: 'ab', createdAt: '2024-01-01T00:00:00Z', expiresAt: '2030-01-01T00:00:00Z', lastUsedAt: null, revokedAt: null },
      },
    ])
    expect(store.portal.defaultCal).toBe('Viewer')
    expect(store.getToken('t1')?.label).toBe('CI')
    expect([...store.tokens()].length).toBe(1)
  })

  it('tells onCommit listeners after the mutations are in memory, until they unsubscribe', async () => {
    const seen: string[] = []
    const stop = store.onCommit((mutations) => seen.push(`${mutations[0].kind}:${store.userCount}`))
    await store.commit([{ kind: 'putUser', user: user(1) }])
    stop()
    await store.commit([{ kind: 'putUser', user: user(2) }])
    expect(seen).toEqual(['putUser:1'])
  })
})
