/**
 * Leniency rules: each tolerance the server shows for what Entra ID (or Microsoft's conformance
 * collection) really sends, beyond strict RFC 7644. Every rule has a stable name; the modules
 * that apply them report each firing to a RuleTrace, and the request log records which rules
 * fired on each request (the console's traffic view shows them).
 */

export interface LeniencyRule {
  /** Stable identifier, kebab-case, e.g. `patch-op-case-insensitive`. */
  name: string
  /** What the rule tolerates, in one sentence. */
  summary: string
  /** Where the behaviour comes from: an Entra catalogue id (E1..E16) or a document section. */
  source: string
}

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
