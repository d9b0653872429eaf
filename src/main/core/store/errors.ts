/**
 * The store's typed failures. Each message says what happened and what a person can do about
 * it, because the CLI prints them as one line and the console shows them as a banner.
 */

import { hostname } from 'node:os'
import { join } from 'node:path'
import type { LockContent } from './lock'

/** A change could not be made durable (disk full, I/O error, read-only folder) or the store is closed. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreUnavailableError'
  }
}

/** No good state could be recovered from the workspace; nothing was reset. */
export class StoreCorruptError extends Error {
  constructor(
    message: string,
    /** The files involved, so a caller can point at them. */
    readonly files: string[],
  ) {
    super(message)
    this.name = 'StoreCorruptError'
  }
}

/** Another live process holds the workspace lock. */
export class WorkspaceLockedError extends Error {
  constructor(
    readonly dataDir: string,
    /** The parsed lock file, or null when it could not be read (it is being written right now). */
    readonly lock: LockContent | null,
  ) {
    super(describeLock(dataDir, lock))
    this.name = 'WorkspaceLockedError'
  }
}

function describeLock(dataDir: string, lock: LockContent | null): string {
  if (!lock) return `workspace ${dataDir} is in use by another process (its lock file is being written)`
  const extra = lock.info?.baseUri ? `, ${lock.info.baseUri}` : ''
  if (lock.host !== undefined && lock.host !== hostname()) {
    // its pid cannot be checked from this machine, so it is never taken over automatically
    return `workspace ${dataDir} is in use by ${lock.owner} on host ${lock.host} (pid ${lock.pid}${extra}); stop it there, or, if it is no longer running on ${lock.host}, delete ${join(dataDir, 'harness.lock')}`
  }
  // one writer per workspace (PRODUCT.md): say who holds it and how to get it back
  return `workspace ${dataDir} is in use by ${lock.owner} (pid ${lock.pid}${extra}); stop it first, or use another --data folder`
}
