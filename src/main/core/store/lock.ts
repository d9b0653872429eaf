/**
 * One writer per workspace: an exclusive lock file created with O_EXCL ('wx'). A lock left by a
 * process that no longer exists is taken over, because a crash must not lock a person out of
 * their own data.
 */

import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { WorkspaceLockedError } from './errors'

export const LOCK_FILE = 'harness.lock'

/** What the lock file holds; `info` carries e.g. the running server's baseUri for the CLI's message. */
export interface LockContent {
  pid: number
  startedAt: string
  owner: string
  info?: Record<string, string>
}

/** A lock this process holds. */
export interface WorkspaceLock {
  readonly path: string
  readonly content: LockContent
  /** Rewrites the lock's info (atomically: readers never see half a file). */
  setInfo(info: Record<string, string>): Promise<void>
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>
}

/** A lock file younger than this that cannot be parsed is being written by its owner right now. */
const UNREADABLE_GRACE_MS = 2_000

/**
 * Reads the workspace's lock file.
 * @returns the parsed content, or null when there is no lock file or it cannot be parsed.
 */
export async function readLock(dir: string): Promise<LockContent | null> {
  try {
    return parseLock(await fs.readFile(join(dir, LOCK_FILE), 'utf8'))
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null
    throw error
  }
}

/**
 * Takes the workspace lock or throws WorkspaceLockedError when a live process holds it.
 * @returns the lock and, when a stale lock was taken over, a note saying so.
 */
export async function acquireLock(
  dir: string,
  owner: string,
  info?: Record<string, string>,
): Promise<{ lock: WorkspaceLock; note?: string }> {
  const path = join(dir, LOCK_FILE)
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString(), owner, ...(info ? { info } : {}) }
  let note: string | undefined
  // Two rounds: the second follows the removal of a stale lock; losing that race to another
  // process taking over at the same moment ends in WorkspaceLockedError, as it should.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await fs.open(path, 'wx')
      try {
        await handle.writeFile(JSON.stringify(content))
      } finally {
        await handle.close()
      }
      return { lock: heldLock(path, content), note }
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error
    }
    const existing = await inspectExisting(path)
    if (existing.state === 'live') throw new WorkspaceLockedError(dir, existing.lock)
    note = existing.lock
      ? `Took over a stale workspace lock left by ${existing.lock.owner} (pid ${existing.lock.pid}, started ${existing.lock.startedAt}); that process is no longer running.`
      : 'Took over an unreadable workspace lock file left by a process that stopped while writing it.'
    await fs.rm(path, { force: true })
  }
  throw new WorkspaceLockedError(dir, await readLock(dir))
}

async function inspectExisting(path: string): Promise<{ state: 'live' | 'stale'; lock: LockContent | null }> {
  let text: string
  let ageMs: number
  try {
    text = await fs.readFile(path, 'utf8')
    ageMs = Date.now() - (await fs.stat(path)).mtimeMs
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { state: 'stale', lock: null } // released meanwhile
    throw error
  }
  const lock = parseLock(text)
  if (!lock) return { state: ageMs < UNREADABLE_GRACE_MS ? 'live' : 'stale', lock: null }
  return { state: isAlive(lock.pid) ? 'live' : 'stale', lock }
}

/** process.kill(pid, 0) probes without signalling; EPERM means alive but owned by someone else. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return isCode(error, 'EPERM')
  }
}

function heldLock(path: string, initial: LockContent): WorkspaceLock {
  let content = initial
  return {
    path,
    get content() {
      return content
    },
    async setInfo(info) {
      content = { ...content, info: { ...info } }
      const tmp = `${path}.${process.pid}.tmp`
      await fs.writeFile(tmp, JSON.stringify(content))
      await fs.rename(tmp, path)
    },
    async release() {
      const current = parseLock(await fs.readFile(path, 'utf8').catch(() => ''))
      if (current && current.pid === content.pid && current.startedAt === content.startedAt) {
        await fs.rm(path, { force: true })
      }
    },
  }
}

function parseLock(text: string): LockContent | null {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return null
    const v = value as Record<string, unknown>
    if (typeof v.pid !== 'number' || typeof v.startedAt !== 'string' || typeof v.owner !== 'string') return null
    const info = typeof v.info === 'object' && v.info !== null ? (v.info as Record<string, string>) : undefined
    return { pid: v.pid, startedAt: v.startedAt, owner: v.owner, ...(info ? { info } : {}) }
  } catch {
    return null
  }
}

/** True when `error` is a Node system error with the given code. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}
