/**
 * The snapshot file and its lowdb adapter. The file is plain JSON (lowdb, `jq` or an editor can
 * read it) laid out one record per line, so the writer can stream it without building a 100 MB
 * string and the reader can parse records one by one: measured on 100k users (116 MB), per-line
 * parsing took 1.5–1.9 s against 1.9–2.4 s for one JSON.parse, with 100 MB less peak RSS.
 */

import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import { decodeText, fsyncDir, readIfExists, writeAll } from './durable-fs'
import { isCode } from './lock'
import { checkCounts, checkGroup, checkHeader, checkSnapshot, checkToken, checkUser, SnapshotInvalidError } from './snapshot-shape'
import type { SnapshotData } from './snapshot-shape'

export const SNAPSHOT_FILE = 'snapshot.json'
export const BACKUP_FILE = 'snapshot.json.bak'

const SECTIONS = ['tokens', 'groups', 'users'] as const
const CHECKS = { tokens: checkToken, groups: checkGroup, users: checkUser } as const
/** Flush the write buffer at about 1 MB: large enough for few syscalls, small enough to keep RSS flat. */
const CHUNK_CHARS = 1 << 20

/**
 * lowdb adapter for the snapshot. `write` goes temp file → fsync → (hard-link the current
 * snapshot to `snapshot.json.bak`) → rename → fsync dir, so at every instant `snapshot.json` is
 * a whole, durable file. `read` returns null when the file is missing and throws
 * SnapshotInvalidError when it is damaged.
 */
export class SnapshotFile implements Adapter<SnapshotData | null> {
  constructor(
    readonly path: string,
    /** Where the previous good snapshot is kept; omit to keep none (when reading a backup itself). */
    private readonly backupPath?: string,
  ) {}

  async read(): Promise<SnapshotData | null> {
    const bytes = await readIfExists(this.path)
    if (bytes === null) return null
    return parseSnapshot(bytes)
  }

  async write(data: SnapshotData | null): Promise<void> {
    if (!data) return // lowdb never passes null; the type allows it so Low<SnapshotData | null> can say "missing"
    const dir = dirname(this.path)
    const tmp = join(dir, `.${basename(this.path)}.tmp`)
    const handle = await fs.open(tmp, 'w')
    try {
      await writeSnapshotTo(handle, data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (this.backupPath) await this.keepBackup()
    await fs.rename(tmp, this.path)
    await fsyncDir(dir)
  }

  /**
   * A hard link costs nothing and keeps the old inode alive under the backup name once the
   * rename replaces `snapshot.json`; the final directory fsync makes both names durable.
   */
  private async keepBackup(): Promise<void> {
    const backup = this.backupPath as string
    const tmp = `${backup}.tmp`
    await fs.rm(tmp, { force: true })
    try {
      await fs.link(this.path, tmp)
    } catch (error) {
      if (isCode(error, 'ENOENT')) return // no previous snapshot to keep
      await fs.copyFile(this.path, tmp) // filesystems without hard links
    }
    await fs.rename(tmp, backup)
  }
}

async function writeSnapshotTo(handle: fs.FileHandle, data: SnapshotData): Promise<void> {
  const header = {
    format: data.format,
    version: data.version,
    seq: data.seq,
    generation: data.generation,
    savedAt: data.savedAt,
    counts: { users: data.users.length, groups: data.groups.length, tokens: data.tokens.length },
    portal: data.portal,
  }
  let buffer = `${JSON.stringify(header).slice(0, -1)},\n`
  for (const section of SECTIONS) {
    const records = data[section]
    buffer += `"${section}":[\n`
    for (let i = 0; i < records.length; i++) {
      buffer += JSON.stringify(records[i]) + (i < records.length - 1 ? ',\n' : '\n')
      if (buffer.length >= CHUNK_CHARS) {
        await writeAll(handle, Buffer.from(buffer, 'utf8'))
        buffer = ''
      }
    }
    buffer += section === 'users' ? ']}\n' : '],\n'
  }
  await writeAll(handle, Buffer.from(buffer, 'utf8'))
}

/** Parses and checks a snapshot's bytes; throws SnapshotInvalidError saying what is wrong. */
export function parseSnapshot(bytes: Buffer): SnapshotData {
  if (bytes.length === 0) throw new SnapshotInvalidError('the snapshot file is empty')
  if (bytes.every((byte) => byte === 0)) {
    throw new SnapshotInvalidError('the snapshot file holds only NUL bytes (a write lost in a power cut)')
  }
  const text = decodeText(bytes)
  try {
    return parseLines(text)
  } catch (lineError) {
    // Not our line layout (e.g. pretty-printed by hand): accept any valid JSON of the right shape.
    let whole: unknown
    try {
      whole = JSON.parse(text)
    } catch (error) {
      const reason = lineError instanceof SnapshotInvalidError ? lineError.reason : (error as Error).message
      throw new SnapshotInvalidError(`the snapshot is not valid JSON (${reason})`)
    }
    checkSnapshot(whole)
    return whole
  }
}

function parseLines(text: string): SnapshotData {
  const lines = text.split('\n')
  const first = lines[0]
  if (!first.startsWith('{') || !first.endsWith(',')) throw new SnapshotInvalidError('the snapshot header line is damaged')
  const header: unknown = JSON.parse(`${first.slice(0, -1)}}`)
  checkHeader(header)
  const data = { ...header, tokens: [], groups: [], users: [] } as SnapshotData
  let i = 1
  for (const section of SECTIONS) {
    if (lines[i++] !== `"${section}":[`) throw new SnapshotInvalidError(`the snapshot's "${section}" list is missing or damaged`)
    const records: unknown[] = data[section]
    const check = CHECKS[section] as (value: unknown, where: string) => void
    for (;;) {
      const line = lines[i++]
      if (line === undefined) throw new SnapshotInvalidError(`the snapshot ends inside its "${section}" list: it was cut short`)
      if (line === '],' || line === ']}') break
      const record: unknown = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line)
      check(record, `${section} record ${records.length + 1}`)
      records.push(record)
    }
  }
  if (lines[i - 1] !== ']}' || lines.slice(i).some((rest) => rest.trim() !== '')) {
    throw new SnapshotInvalidError('the snapshot has unexpected content after its end')
  }
  checkCounts(data)
  return data
}
