/**
 * The request log: append-only NDJSON beside the snapshot (`requests.ndjson`), rotated by size.
 * Writes are buffered and never fsync'ed: it is a log, and a lost last line after a power cut
 * costs nothing, whereas an fsync per request would halve the server's throughput.
 */

import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { TrafficEntry } from '../../../shared/console/api'
import { isCode } from './lock'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files'

export interface RequestLogOptions {
  /** Rotate when the current file would pass this size. Default 20 MB. */
  maxBytes?: number
  /** Rotated files kept (`requests.1.ndjson` newest … `requests.<keep>.ndjson` oldest). Default 3. */
  keep?: number
  /** How long lines wait in memory before being written together. Default 100 ms. */
  flushDelayMs?: number
  /** The file's name without `.ndjson`; rotated files are `<name>.<n>.ndjson`. Default `requests`. */
  name?: string
}

/**
 * One SCIM request as the log keeps it (redacted, bodies clipped): the contract's Traffic entry
 * without the feed's sequence number, which the live feed adds (api/traffic-feed.ts).
 */
export type RequestLogEntry = Omit<TrafficEntry, 'seq'>

export const REQUEST_LOG_FILE = 'requests.ndjson'
/**
 * Samples of requests refused for want of a valid token, apart from the request log so that no
 * volume of them rotates authorised requests away (issue 14); small, one rotation.
 */
export const REFUSED_LOG_OPTIONS = { name: 'requests-refused', maxBytes: 1024 * 1024, keep: 1 } as const satisfies RequestLogOptions

export class RequestLog {
  readonly path: string
  /** The last write error, if any: the log never throws into the request that produced the line. */
  lastError: Error | null = null
  private readonly maxBytes: number
  private readonly keep: number
  private readonly flushDelayMs: number
  private readonly name: string
  private buffer: string[] = []
  private size: number | null = null
  private writing: Promise<void> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(
    private readonly dir: string,
    options: RequestLogOptions = {},
  ) {
    this.name = options.name ?? 'requests'
    this.path = join(dir, `${this.name}.ndjson`)
    this.maxBytes = options.maxBytes ?? 20 * 1024 * 1024
    this.keep = options.keep ?? 3
    this.flushDelayMs = options.flushDelayMs ?? 100
  }

  /** Queues one entry as a line. Entries appended after close() are dropped. */
  append(entry: object): void {
    if (this.closed) return
    this.buffer.push(`${JSON.stringify(entry)}\n`)
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushDelayMs)
      this.timer.unref() // a pending log line must not keep a finished process alive
    }
  }

  /** Writes every queued line. Resolves even if the write failed (see `lastError`). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const text = this.buffer.join('')
    this.buffer = []
    if (text === '') return this.writing
    this.writing = this.writing.then(() =>
      this.write(text).catch((error: Error) => {
        this.lastError = error
      }),
    )
    return this.writing
  }

  /** Flushes and stops accepting entries. */
  async close(): Promise<void> {
    await this.flush()
    this.closed = true
  }

  /**
   * The newest `n` entries, oldest first, reading back through rotated files when needed.
   * Lines that do not parse (a torn last line) are skipped.
   */
  async readRecent(n: number): Promise<unknown[]> {
    await this.flush()
    const found: unknown[] = []
    const files = [this.path, ...Array.from({ length: this.keep }, (_, i) => this.rotated(i + 1))]
    for (const file of files) {
      let text: string
      try {
        text = await fs.readFile(file, 'utf8')
      } catch (error) {
        if (isCode(error, 'ENOENT')) continue
        throw error
      }
      const lines = text.split('\n')
      for (let i = lines.length - 1; i >= 0 && found.length < n; i--) {
        if (lines[i] === '') continue
        try {
          found.push(JSON.parse(lines[i]))
        } catch {
          // a torn line from a crash: not worth failing the console over
        }
      }
      if (found.length >= n) break
    }
    return found.reverse()
  }

  private rotated(index: number): string {
    return join(this.dir, `${this.name}.${index}.ndjson`)
  }

  private async write(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text)
    if (this.size === null) {
      await fs.mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR_MODE })
      this.size = await fs.stat(this.path).then(
        (stat) => stat.size,
        () => 0,
      )
    }
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate()
    // 0600: the log holds SCIM bodies (issue 14, item 3)
    await fs.appendFile(this.path, text, { mode: PRIVATE_FILE_MODE })
    this.size += bytes
  }

  private async rotate(): Promise<void> {
    for (let i = this.keep - 1; i >= 1; i--) {
      await fs.rename(this.rotated(i), this.rotated(i + 1)).catch((error) => {
        if (!isCode(error, 'ENOENT')) throw error
      })
    }
    if (this.keep >= 1) await fs.rename(this.path, this.rotated(1))
    else await fs.rm(this.path, { force: true })
    this.size = 0
  }
}
