/**
 * A view of a workspace that takes no lock and writes nothing, for `scim-harness users` while a
 * server holds the workspace.
 */

import { promises as fs } from 'node:fs'
import { isCode } from './lock'
import { StoreReader } from './reader'
import type { ReadableState } from './reader'
import { recover } from './recovery'
import { StoreState } from './state'

class ReadOnlyStore extends StoreReader {
  constructor(dir: string, state: StoreState, notes: string[]) {
    super(dir, state, notes)
  }

  async close(): Promise<void> {}
}

/**
 * Loads a workspace's durable state without taking its lock or touching any file. Damage is
 * reported in `recoveryNotes` (and left in place for the owning process to repair). A missing
 * folder reads as an empty, fresh workspace.
 */
export async function openReadOnly(dir: string): Promise<ReadableState> {
  try {
    await fs.stat(dir)
  } catch (error) {
    if (isCode(error, 'ENOENT')) return new ReadOnlyStore(dir, new StoreState(), [])
    throw error
  }
  const recovered = await recover(dir, { readOnly: true })
  return new ReadOnlyStore(dir, recovered.state, recovered.notes)
}
