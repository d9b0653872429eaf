import type { LeniencyRule } from '../../../shared/console/vocabulary'

/**
 * Leniency rules: each tolerance the server shows for what Entra ID (or Microsoft's conformance
 * collection) really sends, beyond strict RFC 7644. Every rule has a stable name; the modules
 * that apply them report each firing to a RuleTrace, and the request log records which rules
 * fired on each request (the console's traffic view shows them).
 */

/** The contract's shape (src/shared/console/vocabulary.ts): `vocabulary.get` serves the catalogue to Traffic. */
export type { LeniencyRule } from '../../../shared/console/vocabulary'

/** Collects the rules that fired while one request was handled. */
export class RuleTrace {
  private readonly fired = new Map<string, number>()

  fire(rule: LeniencyRule): void {
    this.fired.set(rule.name, (this.fired.get(rule.name) ?? 0) + 1)
  }

  /** Rule names in the order they first fired. */
  names(): string[] {
    return [...this.fired.keys()]
  }

  has(name: string): boolean {
    return this.fired.has(name)
  }
}
