/**
 * The store: the single owner of persistent state (snapshot + journal, in-memory indexes,
 * group commit, recovery, workspace lock). Everything else reads and commits through this API.
 *
 * What lowdb is here: its `Low` class over our own durable adapter (snapshot-file.ts), used only
 * to read and write the snapshot. `Low` is a ~20-line holder (read() keeps what the adapter
 * returns in `.data`, write() hands `.data` back to it); the fsync'ed snapshot and its backup,
 * the journal, group commit, compaction, recovery and the in-memory indexes are all this folder's.
 */

export { Store } from './store'
export type { StoreOptions, StoreStats } from './store'
export { openReadOnly } from './read-only'
export type { ReadableState } from './reader'
export { readLock, LOCK_FILE } from './lock'
export type { LockContent } from './lock'
export { StoreCorruptError, StoreUnavailableError, WorkspaceLockedError } from './errors'
export type { JournalFile, OpenJournalFile } from './journal'
export { isJournalName, openNodeJournalFile } from './journal'
export { BACKUP_FILE, SNAPSHOT_FILE } from './snapshot-file'
export * from './records'
