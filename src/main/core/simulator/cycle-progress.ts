import type { Exchange, Transport } from '../azure/engine'
import type { WireRequest } from '../azure/requests'

/*
 * The running cycle's progress. The engine has no progress hook (its passes collect their log
 * entries and hand them over when the cycle ends), so progress is derived from the wire: every
 * object a cycle processes starts with one read of the target, a match query or a GET by id
 * (azure-ad-provisioning.md 3.3, 3.4). `done` counts those reads after the keep-alive probe,
 * `total` is the number of objects the cycle will look at, estimated from the directory and the
 * scope before it starts. It is an estimate, capped at the total, and docs/simulator.md says so.
 */

/** A read that begins an object's processing: a filter query or a GET of one resource. */
function isObjectRead(request: WireRequest): boolean {
  if (request.method !== 'GET') return false
  const path = new URL(request.url).pathname
  return /\/(Users|Groups)(\/[^/]+)?$/.test(path)
}

export class ProgressTransport implements Transport {
  private reads = 0
  private counting = false

  constructor(private readonly inner: Transport) {}

  /** Starts counting for a new cycle; the first reads are Test Connection's probes, not objects. */
  begin(probeReads: number): void {
    this.reads = -probeReads
    this.counting = true
  }

  end(): void {
    this.counting = false
  }

  /** Objects read in the target since begin(). */
  get objectsRead(): number {
    return Math.max(0, this.reads)
  }

  async send(request: WireRequest, signal?: AbortSignal): Promise<Exchange> {
    if (this.counting && isObjectRead(request)) this.reads++
    return this.inner.send(request, signal)
  }
}
