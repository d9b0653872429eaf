/**
 * One writer per workspace: the lock file `harness.lock`, naming its owner (pid, process start
 * time, boot id, host). A lock left by a process that no longer runs is taken over, because a
 * crash must not lock a person out of their own data; a lock held from another host (a shared
 * network folder) is never taken over from here, since its pid means nothing on this machine.
 *
 * Stale means: same host, and the pid is gone, or a process with that pid runs but started at
 * another time or in another boot (pid reuse: a container's pid 1 after `kill -9` and restart).
 * See process-identity.ts for what is known on which platform.
 *
 * Atomicity (issue 14, item 5: two processes used to both take the same stale lock):
 *  - Creating: the content is written to a private temp file first and `link()`ed to
 *    `harness.lock`. link fails with EEXIST if the name exists, atomically, and a reader never
 *    sees a half-written lock. (Filesystems without hard links fall back to open 'wx'.)
 *  - Taking over: only whoever holds the *claim* on the exact stale content may delete it. The
 *    claim is `harness.lock.claim-<sha256 of the stale bytes>`, created the same exclusive way,
 *    so of all the processes that read the same stale lock exactly one gets it. The claimant
 *    re-reads the lock; if it still holds those bytes, nobody else can change them (the dead
 *    owner cannot, other claimants cannot, creators cannot while the name exists), so deleting
 *    it is safe; then it competes, like anyone, to link its own lock. A claimant killed between
 *    claim and cleanup leaves a claim whose owner is dead: that claim is removed the same way,
 *    under a claim on *its* bytes, so no step ever relies on timing.
 * Waiting on a live claimant is bounded (CONTENDED_WAIT_MS); it then reports the workspace as
 * locked, which is what the loser of a race must see anyway.
 */

import { createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { WorkspaceLockedError } from './errors'
import { PRIVATE_FILE_MODE } from './private-files'
import { currentProcessIdentity, liveness } from './process-identity'

export const LOCK_FILE = 'harness.lock'

/** What the lock file holds; `info` carries e.g. the running server's baseUri for the CLI's message. */
export interface LockContent {
  pid: number
  startedAt: string
  owner: string
  /** os.hostname() of the owner; absent in locks written before issue 14 (then taken to be this host). */
  host?: string
  /** The owner's kernel boot id (Linux). */
  bootId?: string
  /** The owner's start time in clock ticks since boot (Linux, /proc/<pid>/stat field 22). */
  pidStart?: string
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

/** A lock file younger than this that cannot be parsed is being written by its owner right now (an older version, or a filesystem without link()). */
const UNREADABLE_GRACE_MS = 2_000
/** How long to keep retrying while another process holds the claim on the same stale lock. */
const CONTENDED_WAIT_MS = 3_000

/** Lock and claim files this process holds now (path -> startedAt): its own pid proves nothing. */
const heldHere = new Map<string, string>()

/**
 * Reads the workspace's lock file.
 * @returns the parsed content, or null when there is no lock file or it cannot be parsed.
 */
export async function readLock(dir: string): Promise<LockContent | null> {
  const bytes = await readBytes(join(dir, LOCK_FILE))
  return bytes === null ? null : parseLock(bytes.toString('utf8'))
}

/**
 * Takes the workspace lock or throws WorkspaceLockedError when a live process (or another host)
 * holds it.
 * @returns the lock and, when a stale lock was taken over, a note saying so.
 */
export async function acquireLock(dir: string, owner: string, info?: Record<string, string>): Promise<{ lock: WorkspaceLock; note?: string }> {
  const path = join(dir, LOCK_FILE)
  const content: LockContent = { pid: process.pid, startedAt: new Date().toISOString(), owner, ...currentProcessIdentity(), ...(info ? { info } : {}) }
  const bytes = Buffer.from(JSON.stringify(content))
  const giveUpAt = Date.now() + CONTENDED_WAIT_MS
  let note: string | undefined
  for (;;) {
    if (await createExclusive(path, bytes)) {
      heldHere.set(path, content.startedAt)
      await sweepLeftovers(dir)
      return { lock: heldLock(path, content), note }
    }
    const found = await readBytes(path)
    if (found === null) continue // released between our link and our read
    const verdict = await judge(path, found)
    if (verdict.state === 'held') throw new WorkspaceLockedError(dir, verdict.lock)
    const outcome = await removeIfUnchanged(path, found)
    if (outcome === 'removed') {
      note = takeOverNote(verdict.lock)
      continue
    }
    // 'changed' or 'contended': someone else is taking it over; look again shortly, not forever
    if (Date.now() > giveUpAt) throw new WorkspaceLockedError(dir, verdict.lock)
    if (outcome === 'contended') await sleep(5 + Math.random() * 20)
  }
}

function takeOverNote(lock: LockContent | null): string {
  return lock
    ? `Took over a stale workspace lock left by ${lock.owner} (pid ${lock.pid}, started ${lock.startedAt}); that process is no longer running.`
    : 'Took over an unreadable workspace lock file left by a process that stopped while writing it.'
}

type Verdict = { state: 'held' | 'stale'; lock: LockContent | null }

/** Whether a lock (or claim) file's bytes name a holder that still counts. */
async function judge(path: string, bytes: Buffer): Promise<Verdict> {
  const lock = parseLock(bytes.toString('utf8'))
  if (!lock) {
    const mtime = await fs.stat(path).then(
      (s) => s.mtimeMs,
      () => 0,
    )
    return { state: Date.now() - mtime < UNREADABLE_GRACE_MS ? 'held' : 'stale', lock: null }
  }
  // another host's pid cannot be checked from here: a person must decide (errors.ts says how)
  if (lock.host !== undefined && lock.host !== hostname()) return { state: 'held', lock }
  // this process knows exactly what it holds; a lock with its pid it does not hold is a previous
  // incarnation's (a container's pid 1 restarted after kill -9)
  if (lock.pid === process.pid) return { state: heldHere.get(path) === lock.startedAt ? 'held' : 'stale', lock }
  return { state: liveness(lock.pid, lock) === 'alive' ? 'held' : 'stale', lock }
}

/**
 * Deletes `path` if it still holds `stale`, under the claim on those bytes (see the file comment).
 * 'changed': it no longer holds them (or is gone); 'contended': another live process holds the claim.
 */
async function removeIfUnchanged(path: string, stale: Buffer): Promise<'removed' | 'changed' | 'contended'> {
  const claim = claimPath(path, stale)
  const claimContent: LockContent = { pid: process.pid, startedAt: new Date().toISOString(), owner: 'workspace lock take-over', ...currentProcessIdentity() }
  if (!(await createExclusive(claim, Buffer.from(JSON.stringify(claimContent))))) {
    const other = await readBytes(claim)
    if (other === null) return 'changed' // finished meanwhile: look again
    // a claimant killed mid-take-over: clear its claim (under a claim of its own), then retry
    if ((await judge(claim, other)).state === 'stale') await removeIfUnchanged(claim, other)
    return 'contended'
  }
  heldHere.set(claim, claimContent.startedAt)
  try {
    const now = await readBytes(path)
    if (now === null || !now.equals(stale)) return 'changed'
    await fs.rm(path, { force: true })
    return 'removed'
  } finally {
    heldHere.delete(claim)
    await fs.rm(claim, { force: true })
  }
}

function claimPath(path: string, bytes: Buffer): string {
  const lockPath = join(dirname(path), LOCK_FILE)
  return `${lockPath}.claim-${createHash('sha256').update(bytes).digest('hex').slice(0, 24)}`
}

/** Creates `path` with `bytes` unless it exists; the file appears whole (link of a private temp file). */
async function createExclusive(path: string, bytes: Buffer): Promise<boolean> {
  const tmp = `${join(dirname(path), LOCK_FILE)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  await fs.writeFile(tmp, bytes, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  try {
    await fs.link(tmp, path)
    return true
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false
    // FAT, some network shares: no hard links. O_EXCL is still atomic; readers get the unreadable-file grace.
    if (['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EXDEV'].some((code) => isCode(error, code))) return createWithOpenExclusive(path, bytes)
    throw error
  } finally {
    await fs.rm(tmp, { force: true })
  }
}

async function createWithOpenExclusive(path: string, bytes: Buffer): Promise<boolean> {
  let handle: fs.FileHandle
  try {
    handle = await fs.open(path, 'wx', PRIVATE_FILE_MODE)
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false
    throw error
  }
  try {
    await handle.writeFile(bytes)
  } finally {
    await handle.close()
  }
  return true
}

/** Temp and claim files left by processes killed mid-way; they never block anyone, this only tidies. */
async function sweepLeftovers(dir: string): Promise<void> {
  try {
    for (const name of await fs.readdir(dir)) {
      const temp = /^harness\.lock\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)
      if (temp && Number(temp[1]) !== process.pid && liveness(Number(temp[1]), {}) === 'dead') await fs.rm(join(dir, name), { force: true })
      if (name.startsWith(`${LOCK_FILE}.claim-`)) {
        const bytes = await readBytes(join(dir, name))
        if (bytes !== null && (await judge(join(dir, name), bytes)).state === 'stale') await removeIfUnchanged(join(dir, name), bytes)
      }
    }
  } catch {
    // tidying only
  }
}

async function readBytes(path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path)
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null
    throw error
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
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
      const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
      await fs.writeFile(tmp, JSON.stringify(content), { mode: PRIVATE_FILE_MODE })
      await fs.rename(tmp, path)
    },
    async release() {
      const current = parseLock(await fs.readFile(path, 'utf8').catch(() => ''))
      if (current && current.pid === content.pid && current.startedAt === content.startedAt) {
        await fs.rm(path, { force: true })
      }
      if (heldHere.get(path) === content.startedAt) heldHere.delete(path)
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
    const optional = (key: 'host' | 'bootId' | 'pidStart') => (typeof v[key] === 'string' ? { [key]: v[key] } : {})
    return {
      pid: v.pid,
      startedAt: v.startedAt,
      owner: v.owner,
      ...optional('host'),
      ...optional('bootId'),
      ...optional('pidStart'),
      ...(info ? { info } : {}),
    }
  } catch {
    return null
  }
}

/** True when `error` is a Node system error with the given code. */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}
