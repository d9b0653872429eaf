/**
 * Group commit. Commits queue their journal line; one flush at a time writes everything queued
 * and fsyncs once, so 32 concurrent commits share a handful of fsyncs instead of paying 32.
 */

import { join } from 'node:path'
import { fsyncDir } from './durable-fs'
import { journalName } from './journal'
import type { JournalFile, OpenJournalFile } from './journal'

type QueueItem =
  | { kind: 'line'; text: string; resolve: () => void; reject: (error: unknown) => void }
  | { kind: 'rotate'; resolve: (generation: number) => void; reject: (error: unknown) => void }

export interface JournalWriterHooks {
  /** After each successful flush: bytes and lines made durable by it. */
  onFlushed(bytes: number, lines: number): void
  /** A write, fsync or truncate failed; returns the error every queued commit is rejected with. */
  onFailure(error: unknown, path: string): unknown
}

export class JournalWriter {
  private queue: QueueItem[] = []
  private running = false
  private idleWaiters: (() => void)[] = []
  /** After a failed write the file may hold part of a batch: cut it back before writing again. */
  private needsTruncate = false

  constructor(
    private readonly dir: string,
    private gen: number,
    private file: JournalFile,
    /** Length of the file that is known durable; a rebuild after failure reads no further. */
    private durable: number,
    private readonly openFile: OpenJournalFile,
    private readonly hooks: JournalWriterHooks,
  ) {}

  get generation(): number {
    return this.gen
  }

  get durableSize(): number {
    return this.durable
  }

  get path(): string {
    return join(this.dir, journalName(this.gen))
  }

  /** Queues a line; resolves once it is fsync'ed. */
  append(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'line', text, resolve, reject })
      this.schedule()
    })
  }

  /**
   * Starts the next generation once every line queued so far is durable in the current one.
   * @returns the new generation; everything appended after this call lands in it.
   */
  rotate(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'rotate', resolve, reject })
      this.schedule()
    })
  }

  /** Resolves when nothing is queued or being written. */
  drain(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Closes the file; call after drain(). */
  close(): Promise<void> {
    return this.file.close()
  }

  private schedule(): void {
    if (this.running) return
    this.running = true
    // setImmediate rather than writing at once: commits issued in the same tick join the first flush.
    setImmediate(() => void this.run())
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]
      if (head.kind === 'rotate') {
        this.queue.shift()
        await this.startNextGeneration(head)
        continue
      }
      const cut = this.queue.findIndex((item) => item.kind === 'rotate')
      const batch = this.queue.splice(0, cut < 0 ? this.queue.length : cut) as Extract<QueueItem, { kind: 'line' }>[]
      const data = Buffer.from(batch.map((item) => item.text).join(''), 'utf8')
      try {
        if (this.needsTruncate) {
          await this.file.truncate(this.durable)
          this.needsTruncate = false
        }
        await this.file.append(data)
        await this.file.sync()
      } catch (error) {
        this.needsTruncate = true
        this.failAll(batch, error)
        continue
      }
      this.durable += data.length
      for (const item of batch) item.resolve()
      this.hooks.onFlushed(data.length, batch.length)
    }
    this.running = false
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private async startNextGeneration(item: Extract<QueueItem, { kind: 'rotate' }>): Promise<void> {
    const next = this.gen + 1
    let file: JournalFile | undefined
    try {
      // Open the new file before closing the old one, so a failure leaves us writing where we were.
      // A failed batch may have left part of itself at the old file's end; cut it off first so
      // the old generation ends on a whole line.
      if (this.needsTruncate) {
        await this.file.truncate(this.durable)
        await this.file.sync()
        this.needsTruncate = false
      }
      file = await this.openFile(join(this.dir, journalName(next)))
      const size = await file.size()
      await fsyncDir(this.dir)
      await this.file.close()
      this.file = file
      this.gen = next
      this.durable = size
      item.resolve(next)
    } catch (error) {
      if (file && this.file !== file) await file.close().catch(() => undefined)
      item.reject(error)
    }
  }

  /** Every commit queued behind a failed batch sat on top of it in memory, so it fails too. */
  private failAll(batch: QueueItem[], error: unknown): void {
    const rest = this.queue.splice(0)
    const reported = this.hooks.onFailure(error, this.path)
    for (const item of [...batch, ...rest]) item.reject(reported)
  }
}
