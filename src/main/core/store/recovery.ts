/**
 * Rebuilding the state at open: the snapshot, then the journal lines after it. Damage is set
 * aside (never deleted) and reported in plain words; when nothing good remains, StoreCorruptError
 * is thrown and no file is touched, so nothing is ever silently reset.
 */

import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import { Low } from 'lowdb'
import { corruptName, exists, fsyncDir } from './durable-fs'
import { StoreCorruptError } from './errors'
import { listJournals, readJournal } from './journal'
import { BACKUP_FILE, SNAPSHOT_FILE, SnapshotFile } from './snapshot-file'
import { SnapshotInvalidError } from './snapshot-shape'
import type { SnapshotData } from './snapshot-shape'
import { shareUserStrings } from './shared-strings'
import { StoreState } from './state'

export interface RecoverOptions {
  /** Set nothing aside and truncate nothing (openReadOnly, and rebuilds after a failed write). */
  readOnly: boolean
  /** Read this generation's journal only up to `size` bytes: the part known to be durable. */
  durableLimit?: { generation: number; size: number }
}

export interface Recovered {
  state: StoreState
  /** The last sequence number applied. */
  seq: number
  /** The sequence number of the snapshot used as base (0 without one). */
  snapshotSeq: number
  /** That snapshot's journal generation (0 without one). */
  snapshotGeneration: number
  notes: string[]
  /** Where new journal lines go: an existing generation's end, or a new generation (size 0). */
  appendAt: { generation: number; size: number }
  /** True when memory holds state that is no longer on disk as is (a file was set aside or a backup used). */
  needsSnapshot: boolean
  /** Journal lines replayed and their bytes, which count towards the next compaction. */
  replayedEntries: number
  replayedBytes: number
}

type SnapshotRead = { kind: 'ok'; data: SnapshotData } | { kind: 'missing' } | { kind: 'invalid'; reason: string }

// lowdb's `Low` is a thin holder here: `read()` keeps what SnapshotFile.read() returns in `data`
// (null: no file), no more than calling the adapter directly would; the streaming parse, the shape
// checks and the damage reports are the adapter's.
async function readSnapshot(path: string): Promise<SnapshotRead> {
  const db = new Low<SnapshotData | null>(new SnapshotFile(path), null)
  try {
    await db.read()
  } catch (error) {
    if (error instanceof SnapshotInvalidError) return { kind: 'invalid', reason: error.reason }
    throw error
  }
  return db.data ? { kind: 'ok', data: db.data } : { kind: 'missing' }
}

/** Loads the workspace's durable state and repairs what can be repaired (unless read-only). */
export async function recover(dir: string, options: RecoverOptions): Promise<Recovered> {
  const now = new Date()
  const notes: string[] = []
  const moveAside: string[] = []
  const asideName = (path: string) => basename(corruptName(path, now))
  const snapshotPath = join(dir, SNAPSHOT_FILE)
  const backupPath = join(dir, BACKUP_FILE)
  const journals = await listJournals(dir)

  let base: SnapshotData | null = null
  let needsSnapshot = false
  const main = await readSnapshot(snapshotPath)
  const problems: string[] = []
  if (main.kind === 'ok') {
    base = main.data
  } else {
    if (main.kind === 'invalid') {
      problems.push(`${SNAPSHOT_FILE} is damaged (${main.reason})`)
      moveAside.push(snapshotPath)
    }
    const backup = await readSnapshot(backupPath)
    if (backup.kind === 'ok') {
      base = backup.data
      needsSnapshot = true
      notes.push(
        `${main.kind === 'invalid' ? `${SNAPSHOT_FILE} was damaged (${main.reason}) and was set aside as ${asideName(snapshotPath)}` : `${SNAPSHOT_FILE} was missing`}; ` +
          `restored the previous snapshot ${BACKUP_FILE} (saved ${backup.data.savedAt}) and replayed the journal after it.`,
      )
    } else if (backup.kind === 'invalid') {
      problems.push(`${BACKUP_FILE} is damaged too (${backup.reason})`)
      moveAside.push(backupPath)
    }
  }

  if (!base) {
    // Generation 1 holds every change from #1 until two snapshots have been written, so while it
    // exists the journal alone is the whole history; without it, a lost snapshot means lost data.
    const first = journals[0]?.generation === 1 ? (await readJournal(journals[0].path)).entries[0] : undefined
    const standsAlone = journals.length === 0 ? main.kind === 'missing' && problems.length === 0 : journals[0].generation === 1 && (first?.seq ?? 1) === 1
    if (!standsAlone) {
      const names = [SNAPSHOT_FILE, BACKUP_FILE, ...journals.map((j) => basename(j.path))].join(', ')
      const why = problems.length > 0 ? problems.join('; ') : `${SNAPSHOT_FILE} is missing`
      throw new StoreCorruptError(
        `No good state can be recovered in ${dir}: ${why}, and the journal does not reach back to the first change. ` +
          `Nothing was changed. Restore the workspace from a backup, or move it aside to start a new one (files: ${names}).`,
        [snapshotPath, backupPath, ...journals.map((j) => j.path)],
      )
    }
    if (problems.length > 0) {
      needsSnapshot = true
      notes.push(`${problems.join('; ')}; the damaged files were set aside and the state was rebuilt from the journal alone.`)
    }
  }

  const state = new StoreState()
  if (base) {
    state.portal = base.portal
    for (const token of base.tokens) state.apply({ kind: 'putToken', token })
    for (const group of base.groups) state.putGroup(group)
    for (const user of base.users) state.putUser(user)
  }
  const snapshotSeq = base?.seq ?? 0
  let expected = snapshotSeq + 1
  let stopped = false
  const truncate: { path: string; size: number }[] = []
  let lastRead: { generation: number; size: number } | undefined
  let replayedEntries = 0
  let replayedBytes = 0
  // Generations before the snapshot's hold only lines it already includes: skip reading them.
  for (const journal of journals.filter((j) => j.generation >= (base?.generation ?? 0))) {
    const name = basename(journal.path)
    if (stopped) {
      moveAside.push(journal.path)
      notes.push(`${name} comes after the damage and was not replayed; it was set aside as ${asideName(journal.path)}.`)
      continue
    }
    const limit = options.durableLimit?.generation === journal.generation ? options.durableLimit.size : undefined
    const read = await readJournal(journal.path, limit)
    for (const entry of read.entries) {
      if (entry.seq < expected) continue
      if (entry.seq > expected) {
        stopped = true
        notes.push(
          `${name} jumps from change #${expected - 1} to #${entry.seq}: the changes in between are lost. ` +
            `The state was restored up to change #${expected - 1}; the file was set aside as ${asideName(journal.path)}.`,
        )
        break
      }
      for (const mutation of entry.mutations) {
        if (mutation.kind === 'putUser') shareUserStrings(mutation.user) // parsed here, so ours to change
        state.apply(mutation)
      }
      expected++
      replayedEntries++
    }
    replayedBytes += read.validBytes
    lastRead = { generation: journal.generation, size: read.validBytes }
    if (!stopped && read.damage?.tailOnly) {
      truncate.push({ path: journal.path, size: read.validBytes })
      notes.push(`${name} ended with an incomplete line ${read.damage.line} (a write cut off by a crash, never acknowledged); it was dropped.`)
    } else if (!stopped && read.damage) {
      stopped = true
      notes.push(
        `${name} is damaged at line ${read.damage.line}; ${read.damage.linesAfter} later change(s) in it could not be replayed. ` +
          `The state was restored up to change #${expected - 1}; the file was set aside as ${asideName(journal.path)}.`,
      )
    }
    if (stopped) moveAside.push(journal.path)
  }

  if (!options.readOnly) {
    for (const path of moveAside) if (await exists(path)) await fs.rename(path, corruptName(path, now))
    for (const cut of truncate) if (!moveAside.includes(cut.path)) await truncateDurably(cut.path, cut.size)
    if (moveAside.length > 0) await fsyncDir(dir)
  }
  needsSnapshot ||= moveAside.some((path) => path !== backupPath)
  // Append to the newest journal when it was read whole and kept; otherwise start a generation
  // above every one seen (set-aside files included), so the next recovery reads it after the rest.
  const newest = journals.at(-1)
  const appendAt =
    !needsSnapshot && lastRead && newest && lastRead.generation === newest.generation
      ? lastRead
      : { generation: Math.max(newest?.generation ?? 0, base?.generation ?? 0) + 1, size: 0 }
  // userName keys became NFC + lower case (issue 14): a workspace from before may hold two forms
  // of one name. Both users are kept; say so rather than fail or merge them.
  for (const clash of state.userNameClashesNow()) {
    notes.push(
      `Users ${clash.ids[0]} ('${clash.userNames[0]}') and ${clash.ids[1]} ('${clash.userNames[1]}') have one userName in Unicode NFC, ignoring case; ` +
        `both were kept, a lookup by that userName finds ${clash.ids[1]}. Rename or delete one of them.`,
    )
  }
  return {
    state,
    seq: expected - 1,
    snapshotSeq,
    snapshotGeneration: base?.generation ?? 0,
    notes,
    appendAt,
    needsSnapshot,
    replayedEntries,
    replayedBytes,
  }
}

async function truncateDurably(path: string, size: number): Promise<void> {
  const handle = await fs.open(path, 'r+')
  try {
    await handle.truncate(size)
    await handle.sync()
  } finally {
    await handle.close()
  }
}
