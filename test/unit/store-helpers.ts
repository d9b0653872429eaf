/** Fixture builders for the store tests: real records, real temp folders. */

import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GroupRecord, UserRecord } from '../../src/main/core/store'

/** A SCIM-shaped user of about 1 KB. */
export function user(n: number, overrides: Partial<UserRecord['resource']> = {}): UserRecord {
  const id = `user-${n}`
  return {
    id,
    resource: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id,
      externalId: `ext-${n}`,
      userName: `User${n}@Contoso.example`,
      active: true,
      displayName: `User ${n}`,
      name: { givenName: `Given${n}`, familyName: `Family${n}` },
      emails: [{ value: `user${n}@contoso.example`, type: 'work', primary: true }],
      meta: { resourceType: 'User', created: '2024-01-01T00:00:00.000Z', lastModified: '2024-01-01T00:00:00.000Z', version: `W/"${n}"` },
      ...overrides,
    },
    cal: 'Viewer',
    calReason: { kind: 'default' },
    federated: true,
  }
}

export function group(n: number, memberIds: string[], overrides: Partial<GroupRecord['resource']> = {}): GroupRecord {
  const id = `group-${n}`
  return {
    id,
    resource: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id,
      displayName: `Group ${n}`,
      externalId: `gext-${n}`,
      members: memberIds.map((value) => ({ value })),
      ...overrides,
    },
  }
}

/** A fresh temp folder per test, removed afterwards. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'store-test-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** The pid of a process that has already exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid as number
}

/**
 * Leaves the workspace as a killed process would: the store is dropped without close(), so no
 * compaction runs, and its lock now names a pid that no longer exists.
 */
export async function simulateCrash(dir: string): Promise<void> {
  await writeFile(join(dir, 'harness.lock'), JSON.stringify({ pid: deadPid(), startedAt: '2024-01-01T00:00:00Z', owner: 'crashed test' }))
}

/** Names in the folder, sorted. */
export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort()
}
