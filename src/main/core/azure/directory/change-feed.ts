import type { SourceUser } from '../model'
import { DirectoryError } from './directory-error'

/**
 * The directory's change log: the stand-in for the Graph delta query that incremental cycles
 * read (azure-ad-provisioning.md section 3.1, "changes since the watermark"). Every mutation
 * appends one entry; a watermark is the seq of the last entry a cycle has seen.
 */

export type UserChangeType = 'created' | 'updated' | 'signInBlocked' | 'signInUnblocked' | 'softDeleted' | 'restored' | 'hardDeleted'
export type GroupChangeType = 'created' | 'renamed' | 'deleted'
export type MembershipChangeType = 'memberAdded' | 'memberRemoved'

interface ChangeBase {
  /** 1, 2, 3... in the order the changes happened. */
  seq: number
  /** When it happened, by the directory's clock (ISO timestamp). */
  at: string
}

/** One entry of the change log. A membership change is filed under the group's objectId. */
export type DirectoryChange =
  | (ChangeBase & { kind: 'user'; objectId: string; change: UserChangeType; /** the attributes the change touched */ attributes?: (keyof SourceUser)[] })
  | (ChangeBase & { kind: 'group'; objectId: string; change: GroupChangeType })
  | (ChangeBase & { kind: 'membership'; objectId: string; change: MembershipChangeType; memberId: string })

/** A change as the directory records it; the log numbers and dates it. */
export type NewDirectoryChange = DirectoryChange extends infer C ? (C extends DirectoryChange ? Omit<C, 'seq' | 'at'> : never) : never

/**
 * One object changed since a watermark, once however often it changed (as delta returns each
 * object once). `removed` mirrors Graph's `@removed`: the object no longer exists.
 */
export interface ChangedObject {
  kind: 'user' | 'group' | 'membership'
  objectId: string
  /** What happened to it, oldest first. */
  changes: string[]
  /** seq of its latest change: how far a cycle got if it stops after this object. */
  seq: number
  removed: boolean
  /** user: every attribute its changes touched. */
  attributes?: (keyof SourceUser)[]
  /** membership: members added and not removed again since the watermark (Graph `members@delta`). */
  membersAdded?: string[]
  /** membership: members removed and not added back since the watermark. */
  membersRemoved?: string[]
}

export class ChangeLog {
  private readonly entries: DirectoryChange[] = []

  constructor(private readonly now: () => Date) {}

  /** Records a change; returns it with its seq. */
  append(change: NewDirectoryChange): DirectoryChange {
    const entry = { ...change, seq: this.entries.length + 1, at: this.now().toISOString() } as DirectoryChange
    this.entries.push(entry)
    return entry
  }

  /** The seq of the latest change, 0 before any. */
  watermark(): number {
    return this.entries.length
  }

  /** The raw entries after `watermark`, oldest first. */
  entriesSince(watermark: number): DirectoryChange[] {
    this.checkWatermark(watermark)
    // seq n sits at index n - 1, so the entries after watermark w start at index w
    return this.entries.slice(watermark)
  }

  /**
   * The objects changed after `watermark`, each once, in the order of their first change.
   * `exists` tells whether an object is still in the directory, for `removed`.
   */
  changedSince(watermark: number, exists: (kind: 'user' | 'group', objectId: string) => boolean): ChangedObject[] {
    const byObject = new Map<string, ChangedObject>()
    // net membership per group in Sets: a window can hold thousands of member changes of one group
    const nets = new Map<ChangedObject, { added: Set<string>; removed: Set<string> }>()
    for (const entry of this.entriesSince(watermark)) {
      const key = `${entry.kind}:${entry.objectId}`
      let changed = byObject.get(key)
      if (!changed) {
        changed = { kind: entry.kind, objectId: entry.objectId, changes: [], seq: entry.seq, removed: false }
        byObject.set(key, changed)
      }
      changed.changes.push(entry.change)
      changed.seq = entry.seq
      if (entry.kind === 'user' && entry.attributes) {
        changed.attributes = [...new Set([...(changed.attributes ?? []), ...entry.attributes])]
      }
      if (entry.kind === 'membership') {
        let net = nets.get(changed)
        if (!net) nets.set(changed, (net = { added: new Set(), removed: new Set() }))
        // an add and a remove of the same member cancel out: a cycle only needs the net effect
        const [same, opposite] = entry.change === 'memberAdded' ? [net.added, net.removed] : [net.removed, net.added]
        if (!opposite.delete(entry.memberId)) same.add(entry.memberId)
      }
    }
    const result = [...byObject.values()]
    for (const changed of result) {
      changed.removed = !exists(changed.kind === 'user' ? 'user' : 'group', changed.objectId)
      const net = nets.get(changed)
      if (net) {
        changed.membersAdded = [...net.added]
        changed.membersRemoved = [...net.removed]
      }
    }
    return result
  }

  private checkWatermark(watermark: number): void {
    if (!Number.isInteger(watermark) || watermark < 0 || watermark > this.entries.length) {
      throw new DirectoryError(
        'invalidWatermark',
        `${String(watermark)} is not a watermark of this directory: use a whole number from 0 (everything) to ${this.entries.length} (the latest change). Restart provisioning to read the directory from scratch.`,
      )
    }
  }
}
