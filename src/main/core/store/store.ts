/**
 * The Store: the single owner of persistent state. Memory is updated when `commit` is called;
 * the commit's journal line is durable when its promise resolves.
 *
 * Compaction, and why every crash point is safe:
 *  1. capture the state at seq S (synchronously: arrays of record references);
 *  2. rotate the journal: once every line ≤ S is fsync'ed in generation g, later lines go to g+1;
 *  3. write the snapshot (seq S, generation g+1): temp → fsync → link old one to .bak → rename → fsync dir;
 *  4. delete journal generations the .bak no longer needs.
 * A crash before 3's rename leaves the old snapshot plus generations g and g+1, which replay to
 * the same state; after it, replay skips every line ≤ S. The .bak plus the journal kept for it
 * is a second complete copy, used when snapshot.json is found damaged.
 */

import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { Low } from 'lowdb'
import { fsyncDir } from './durable-fs'
import { makePrivateDir, tightenWorkspace } from './private-files'
import { StoreUnavailableError } from './errors'
import { journalLine, journalName, listJournals, openNodeJournalFile } from './journal'
import type { OpenJournalFile } from './journal'
import { JournalWriter } from './journal-writer'
import { acquireLock } from './lock'
import type { WorkspaceLock } from './lock'
import { StoreReader } from './reader'
import type { Mutation } from './records'
import { recover } from './recovery'
import type { Recovered } from './recovery'
import { BACKUP_FILE, SNAPSHOT_FILE, SnapshotFile } from './snapshot-file'
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot-shape'
import type { SnapshotData } from './snapshot-shape'

export interface StoreOptions {
  /** Who holds the workspace, shown to whoever finds it locked ("scim-harness serve"). */
  owner?: string
  lockInfo?: Record<string, string>
  /** Compact in the background once the journal since the last snapshot passes this size. Default 64 MiB. */
  compactAfterBytes?: number
  /** …or this many commits. Default 200,000. */
  compactAfterEntries?: number
  /** Test seam: how journal files are opened (inject failures to prove ENOSPC/EIO handling). */
  openJournalFile?: OpenJournalFile
}

export interface StoreStats {
  commits: number
  /** Journal write+fsync rounds; with group commit this stays well below `commits`. */
  flushes: number
  compactions: number
}

type CommitListener = (mutations: Mutation[]) => void

export class Store extends StoreReader {
  readonly stats: StoreStats = { commits: 0, flushes: 0, compactions: 0 }
  private readonly writer: JournalWriter
  /**
   * lowdb's `Low` over our SnapshotFile adapter, used only by compaction to write the snapshot.
   * It adds nothing to calling the adapter itself (`write()` is `adapter.write(this.data)`) and
   * does not hold the live state, which lives in StoreState's maps: `data` is set for the
   * length of one write. Calling `SnapshotFile.write(data)` directly would do exactly the same.
   */
  private readonly db: Low<SnapshotData | null>
  private readonly listeners = new Set<CommitListener>()
  private revisionCounter = 0
  private seq: number
  private snapshotSeq: number
  private snapshotGeneration: number
  private bytesSinceSnapshot: number
  private entriesSinceSnapshot: number
  private failure: StoreUnavailableError | null = null
  private rebuilding: Promise<void> | null = null
  private compacting: Promise<void> | null = null
  private closed = false

  private constructor(
    dir: string,
    recovered: Recovered,
    private readonly lock: WorkspaceLock,
    file: Awaited<ReturnType<OpenJournalFile>>,
    openFile: OpenJournalFile,
    private readonly options: StoreOptions,
  ) {
    super(dir, recovered.state, recovered.notes)
    this.seq = recovered.seq
    this.snapshotSeq = recovered.snapshotSeq
    this.snapshotGeneration = recovered.snapshotGeneration
    this.bytesSinceSnapshot = recovered.replayedBytes
    this.entriesSinceSnapshot = recovered.replayedEntries
    this.db = new Low<SnapshotData | null>(new SnapshotFile(join(dir, SNAPSHOT_FILE), join(dir, BACKUP_FILE)), null)
    const { generation, size } = recovered.appendAt
    this.writer = new JournalWriter(dir, generation, file, size, openFile, {
      onFlushed: (bytes, lines) => this.flushed(bytes, lines),
      onFailure: (error, path) => this.writeFailed(error, path),
    })
  }

  /**
   * Opens a workspace for writing: creates the folder, takes its lock (WorkspaceLockedError if a
   * live process holds it), recovers the state (StoreCorruptError if nothing good remains).
   */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    await makePrivateDir(dir)
    const { lock, note } = await acquireLock(dir, options.owner ?? 'scim-harness', options.lockInfo)
    try {
      // a workspace from before issue 14 has 0755/0644 entries: only its owner may read them now
      const tightened = await tightenWorkspace(dir)
      const recovered = await recover(dir, { readOnly: false })
      if (tightened > 0)
        recovered.notes.unshift(
          `Made ${tightened} file${tightened === 1 ? '' : 's'} and folder${tightened === 1 ? '' : 's'} of this workspace readable only by your user account (they were readable by other accounts on this computer).`,
        )
      if (note) recovered.notes.unshift(note)
      const openFile = options.openJournalFile ?? openNodeJournalFile
      const file = await openFile(join(dir, journalName(recovered.appendAt.generation)))
      if (recovered.appendAt.size === 0) await fsyncDir(dir)
      const store = new Store(dir, recovered, lock, file, openFile, options)
      // Damage was set aside: write what was recovered at once, so the disk holds it again.
      if (recovered.needsSnapshot) await store.compactOnce(true)
      return store
    } catch (error) {
      await lock.release().catch(() => undefined)
      throw error
    }
  }

  /**
   * Applies the mutations to memory now (so the next request and uniqueness checks see them) and
   * resolves once their journal line is fsync'ed. Rejects with StoreUnavailableError when the
   * write fails; the memory is then rebuilt from disk, so the change is no longer visible.
   */
  commit(mutations: Mutation[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError(`The store for ${this.dataDir} is closed; reopen it to make changes.`))
    if (this.rebuilding && this.failure) return Promise.reject(this.failure)
    const seq = this.seq + 1
    // Serialise first: a record that cannot be written (a cycle, a BigInt) must not reach memory.
    const line = journalLine(seq, mutations)
    this.seq = seq
    for (const mutation of mutations) this.state.apply(mutation)
    this.revisionCounter++
    this.stats.commits++
    for (const listener of this.listeners) {
      try {
        listener(mutations)
      } catch (error) {
        // A faulty listener (the console) must not turn a saved change into a failed request.
        console.error('store onCommit listener failed:', error)
      }
    }
    return this.writer.append(line).catch(async (error: unknown) => {
      // Refuse only once memory is back to what is durable: a client that reads right after its
      // 503 must not still see the change it was told was not saved (found by the full-disk test).
      await this.rebuilding
      throw error
    })
  }

  /**
   * Changes whenever what readers see changes: on every commit and when memory is rebuilt from
   * disk after a failed write (which no commit listener hears). Caches of derived views key on it.
   */
  get revision(): number {
    return this.revisionCounter
  }

  /** Calls `listener` after each commit's mutations are in memory. Returns the unsubscribe function. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Records e.g. the server's baseUri in the lock file, for the CLI's "in use by" message. Never rejects. */
  async setLockInfo(info: Record<string, string>): Promise<void> {
    try {
      await this.lock.setInfo(info)
    } catch (error) {
      this.recoveryNotes.push(`Could not update the workspace lock file: ${(error as Error).message}`)
    }
  }

  /** Writes a snapshot of everything committed and starts a new journal generation. */
  compact(): Promise<void> {
    return this.compactOnce(false)
  }

  /** Flushes, compacts and releases the lock. Later commits reject. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.writer.drain()
      await this.rebuilding
      await this.compacting?.catch(() => undefined)
      // If the disk is failing the journal still holds every acknowledged change: skip the snapshot.
      // A snapshot that cannot be written now (disk just filled up) costs only a longer replay
      // at the next start, so closing still succeeds and releases the workspace.
      if (!this.failure) {
        await this.compactOnce(false).catch((error: unknown) => {
          this.recoveryNotes.push(
            `The snapshot was not written at close (${(error as { code?: string }).code ?? (error as Error).message}); the journal holds every change and is replayed at the next start.`,
          )
        })
      }
    } finally {
      await this.writer.close().catch(() => undefined)
      await this.lock.release()
    }
  }

  private compactOnce(force: boolean): Promise<void> {
    this.compacting ??= this.runCompaction(force).finally(() => {
      this.compacting = null
    })
    return this.compacting
  }

  private async runCompaction(force: boolean): Promise<void> {
    await this.rebuilding
    if (this.seq === this.snapshotSeq && !force) return
    const seq = this.seq
    const data: SnapshotData = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      seq,
      generation: 0,
      savedAt: new Date().toISOString(),
      counts: { users: this.state.users.size, groups: this.state.groups.size, tokens: this.state.tokens.size },
      portal: this.state.portal,
      tokens: [...this.state.tokens.values()],
      groups: [...this.state.groups.values()],
      users: [...this.state.users.values()],
    }
    // Count afresh from the cut; after a failed compaction this also spaces out the retries.
    this.bytesSinceSnapshot = 0
    this.entriesSinceSnapshot = 0
    data.generation = await this.writer.rotate()
    this.db.data = data
    try {
      await this.db.write()
    } finally {
      // lowdb keeps `data` otherwise: its arrays would pin every record as of this snapshot, so
      // each record replaced until the next compaction stayed in memory twice (found while
      // explaining the 1.3 GB RSS after a long write-heavy run).
      this.db.data = null
    }
    const keepFrom = this.snapshotGeneration // the .bak's generation: it needs the journal from there
    this.snapshotSeq = seq
    this.snapshotGeneration = data.generation
    this.stats.compactions++
    for (const journal of await listJournals(this.dataDir)) {
      if (journal.generation < keepFrom) await fs.rm(journal.path, { force: true })
    }
  }

  private flushed(bytes: number, lines: number): void {
    this.stats.flushes++
    this.failure = null
    this.bytesSinceSnapshot += bytes
    this.entriesSinceSnapshot += lines
    const limitBytes = this.options.compactAfterBytes ?? 64 * 1024 * 1024
    const limitEntries = this.options.compactAfterEntries ?? 200_000
    if (!this.closed && !this.compacting && (this.bytesSinceSnapshot >= limitBytes || this.entriesSinceSnapshot >= limitEntries)) {
      // In the background: the journal keeps every change durable meanwhile, so a failed
      // compaction costs nothing but a longer replay; it is retried after another threshold.
      this.compactOnce(false).catch(() => undefined)
    }
  }

  private writeFailed(error: unknown, path: string): StoreUnavailableError {
    const code = (error as { code?: string }).code
    const failure = new StoreUnavailableError(
      `Could not save the change to ${path} (${code ?? (error as Error).message}); it was not saved and has been undone. ` +
        `${ADVICE[code ?? ''] ?? 'Check the disk and the folder.'} The next change retries the write.`,
      { cause: error },
    )
    this.failure = failure
    this.rebuilding ??= this.rebuild().finally(() => {
      this.rebuilding = null
    })
    return failure
  }

  /** Memory goes back to what is durable, so nothing unacknowledged stays visible. */
  private async rebuild(): Promise<void> {
    await this.compacting?.catch(() => undefined)
    try {
      const durable = await recover(this.dataDir, {
        readOnly: true,
        durableLimit: { generation: this.writer.generation, size: this.writer.durableSize },
      })
      this.state = durable.state
      this.seq = durable.seq
      this.revisionCounter++
    } catch (error) {
      // Cannot even read the disk back: refuse every change until the workspace is reopened.
      this.closed = true
      this.recoveryNotes.push(`Could not reload ${this.dataDir} after a failed write (${(error as Error).message}); reopen the workspace.`)
    }
  }
}

const ADVICE: Record<string, string> = {
  ENOSPC: 'The disk is full: free some space.',
  EDQUOT: 'The disk quota is used up: free some space.',
  EROFS: 'The folder is on a read-only file system: choose another data folder.',
  EACCES: 'This process may not write to the folder: check its permissions.',
  EPERM: 'This process may not write to the folder: check its permissions.',
  EIO: 'The disk reported an I/O error: check the disk.',
}
