import type { ConsoleEvent } from '../../../shared/console/api'
import type { Store } from '../store'
import type { TrafficFeed } from './traffic-feed'

/*
 * The console's event stream, the same for both transports: every finished SCIM request, and a
 * throttled "changed" when users, groups or settings change, so open screens refetch at most a
 * few times a second however fast a provisioning cycle writes.
 */

export const CHANGED_THROTTLE_MS = 300

type Listener = (event: ConsoleEvent) => void

export class ConsoleEventHub {
  private readonly listeners = new Set<Listener>()
  private pendingChange: NodeJS.Timeout | undefined
  private readonly detach: (() => void)[] = []

  constructor(
    private readonly store: Store,
    traffic: TrafficFeed,
  ) {
    this.detach.push(traffic.onEntry((entry) => this.emit({ type: 'traffic', data: entry })))
    this.detach.push(
      store.onCommit(() => {
        if (this.pendingChange) return
        this.pendingChange = setTimeout(() => {
          this.pendingChange = undefined
          this.emit({ type: 'changed', data: { revision: this.store.revision } })
        }, CHANGED_THROTTLE_MS)
        this.pendingChange.unref()
      }),
    )
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get subscriberCount(): number {
    return this.listeners.size
  }

  close(): void {
    if (this.pendingChange) clearTimeout(this.pendingChange)
    for (const off of this.detach) off()
    this.listeners.clear()
  }

  /** For other parts of the harness with news for the console (the simulator's state). */
  publish(event: ConsoleEvent): void {
    this.emit(event)
  }

  private emit(event: ConsoleEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error('[scim-harness] console event listener failed:', error)
      }
    }
  }
}
