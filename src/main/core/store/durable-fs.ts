/**
 * Small fs helpers for crash-safe files. The rule everywhere: write a temp file, fsync it,
 * rename it into place, fsync the directory, because steno (lowdb's writer) renames without
 * fsync and a power cut can then leave an empty or NUL-filled file (lowdb #139, #352).
 */

import { promises as fs } from 'node:fs'
import { isAscii } from 'node:buffer'
import { isCode } from './lock'

/** Makes renames and creations in `dir` durable. Windows cannot open a directory; NTFS journals metadata anyway. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes every buffer fully; a file write may be partial, and a silent short write would tear a line. */
export async function writeAll(handle: fs.FileHandle, data: Buffer): Promise<void> {
  let offset = 0
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset)
    offset += bytesWritten
  }
}

/**
 * Decodes a file's bytes. Latin-1 is several times faster than UTF-8 for a 100 MB snapshot and
 * gives the same string when every byte is ASCII, which SCIM data mostly is (measured: 100 ms
 * vs 340 ms for 116 MB).
 */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/** Reads a file, or null when it does not exist. */
export async function readIfExists(path: string, maxBytes?: number): Promise<Buffer | null> {
  try {
    if (maxBytes === undefined) return await fs.readFile(path)
    const handle = await fs.open(path, 'r')
    try {
      const buffer = Buffer.alloc(maxBytes)
      let read = 0
      while (read < maxBytes) {
        const { bytesRead } = await handle.read(buffer, read, maxBytes - read, read)
        if (bytesRead === 0) break
        read += bytesRead
      }
      return buffer.subarray(0, read)
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null
    throw error
  }
}

/** True when the path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false
    throw error
  }
}

/** A name for a damaged file set aside: `<name>.corrupt-<timestamp>`, kept for a person to inspect. */
export function corruptName(path: string, now = new Date()): string {
  return `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`
}
