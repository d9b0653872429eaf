/**
 * The append-only journal: one JSON line per commit, `{"seq":N,"m":[…mutations]}\n`, in files
 * numbered by generation (`journal-000001.ndjson`). A compaction starts a new generation, so a
 * snapshot never needs the journal truncated under it (see store-compaction notes in store.ts).
 */

import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { decodeText, readIfExists, writeAll } from './durable-fs'
import { PRIVATE_FILE_MODE } from './private-files'
import type { Mutation } from './records'

const JOURNAL_NAME = /^journal-(\d+)\.ndjson$/

/** Whether a file name is one of the store's journal generations. */
export function isJournalName(name: string): boolean {
  return JOURNAL_NAME.test(name)
}

/** The file name of a journal generation. */
export function journalName(generation: number): string {
  return `journal-${String(generation).padStart(6, '0')}.ndjson`
}

/** The journal files in `dir`, oldest generation first. */
export async function listJournals(dir: string): Promise<{ generation: number; path: string }[]> {
  const names = await fs.readdir(dir)
  return names
    .map((name) => ({ match: JOURNAL_NAME.exec(name), name }))
    .filter((entry): entry is { match: RegExpExecArray; name: string } => entry.match !== null)
    .map(({ match, name }) => ({ generation: Number(match[1]), path: join(dir, name) }))
    .sort((a, b) => a.generation - b.generation)
}

/**
 * The seam through which the journal touches the disk. Tests pass a wrapper that fails on
 * demand to prove ENOSPC/EIO handling; everything else uses `openNodeJournalFile`.
 */
export interface JournalFile {
  append(data: Buffer): Promise<void>
  /** fdatasync: the appended bytes (and the file length) are on stable storage when it resolves. */
  sync(): Promise<void>
  truncate(size: number): Promise<void>
  size(): Promise<number>
  close(): Promise<void>
}

export type OpenJournalFile = (path: string) => Promise<JournalFile>

/** Opens (creating if needed) a journal file for appending. */
export const openNodeJournalFile: OpenJournalFile = async (path) => {
  const handle = await fs.open(path, 'a', PRIVATE_FILE_MODE)
  return {
    append: (data) => writeAll(handle, data),
    sync: () => handle.datasync(),
    truncate: (size) => handle.truncate(size),
    size: async () => (await handle.stat()).size,
    close: () => handle.close(),
  }
}

export interface JournalEntry {
  seq: number
  mutations: Mutation[]
}

/** What reading one journal file found. */
export interface JournalRead {
  entries: JournalEntry[]
  /** Byte length of the whole, valid lines (where appending may resume). */
  validBytes: number
  /** Damage after the valid lines, if any. */
  damage?: {
    /** 1-based line number of the first bad line. */
    line: number
    /** True when no valid line follows the damage: a torn tail, the mark of a crash mid-write. */
    tailOnly: boolean
    /** Valid lines found after the damage (never replayed: their predecessors are lost). */
    linesAfter: number
  }
}

/** Formats one commit as a journal line. */
export function journalLine(seq: number, mutations: Mutation[]): string {
  return `${JSON.stringify({ seq, m: mutations })}\n`
}

/**
 * Reads a journal file up to `maxBytes` (the known-durable length, when rebuilding after a
 * failed write). A last line without its newline was never acknowledged, so it counts as torn.
 */
export async function readJournal(path: string, maxBytes?: number): Promise<JournalRead> {
  const bytes = (await readIfExists(path, maxBytes)) ?? Buffer.alloc(0)
  const text = decodeText(bytes)
  const latin1 = text.length === bytes.length // then character offsets are byte offsets
  const entries: JournalEntry[] = []
  let offset = 0
  let lineNumber = 0
  while (offset < text.length) {
    lineNumber++
    const end = text.indexOf('\n', offset)
    const entry = end < 0 ? null : parseLine(text.slice(offset, end))
    if (!entry) {
      const linesAfter = countValidLines(text, end < 0 ? text.length : end + 1)
      const validBytes = latin1 ? offset : Buffer.byteLength(text.slice(0, offset), 'utf8')
      return { entries, validBytes, damage: { line: lineNumber, tailOnly: linesAfter === 0, linesAfter } }
    }
    entries.push(entry)
    offset = end + 1
  }
  return { entries, validBytes: bytes.length }
}

function parseLine(line: string): JournalEntry | null {
  try {
    const value: unknown = JSON.parse(line)
    if (typeof value !== 'object' || value === null) return null
    const { seq, m } = value as { seq?: unknown; m?: unknown }
    if (!Number.isSafeInteger(seq) || !Array.isArray(m) || !m.every(isMutation)) return null
    return { seq: seq as number, mutations: m as Mutation[] }
  } catch {
    return null
  }
}

function isMutation(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Record<string, unknown>
  const record = (key: string): boolean => {
    const r = m[key] as Record<string, unknown> | null | undefined
    return typeof r === 'object' && r !== null && typeof r.id === 'string'
  }
  switch (m.kind) {
    case 'putUser':
      return record('user')
    case 'putGroup':
      return record('group')
    case 'putToken':
      return record('token')
    case 'removeUser':
    case 'removeGroup':
      return typeof m.id === 'string'
    case 'setPortal':
      return typeof m.portal === 'object' && m.portal !== null
    default:
      return false
  }
}

function countValidLines(text: string, from: number): number {
  let count = 0
  let offset = from
  while (offset < text.length) {
    const end = text.indexOf('\n', offset)
    if (end < 0) break
    if (parseLine(text.slice(offset, end))) count++
    offset = end + 1
  }
  return count
}
