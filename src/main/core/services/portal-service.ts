import type { Store } from '../store'
import type { Mutation, PortalSettings, TokenRecord } from '../store/records'
import { calGroups } from './cal-groups'
import { applySettingsChange, createToken, evaluateCal, PortalError, revokeToken } from '../portal'

/*
 * Portal administration through the one writer: settings, tokens, CAL re-evaluation. Used by
 * the CLI now and by the console API later, so both apply the same rules and refusals.
 */

export class PortalService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get settings(): PortalSettings {
    return this.store.portal
  }

  tokens(): TokenRecord[] {
    return [...this.store.tokens()]
  }

  /** Generates a token; the plain token is returned once and only its hash is stored. */
  async createToken(expires: string, label?: string): Promise<{ token: string; record: TokenRecord }> {
    const created = createToken({ label, expires, now: this.clock() })
    await this.store.commit([{ kind: 'putToken', token: created.record }])
    return created
  }

  /** Revokes a token by id (or unique id prefix, as the CLI lists them). */
  async revokeToken(idOrPrefix: string): Promise<TokenRecord> {
    const matches = this.tokens().filter((t) => t.id === idOrPrefix || t.id.startsWith(idOrPrefix))
    if (matches.length !== 1) {
      throw new PortalError(
        'tokenNotFound',
        matches.length === 0
          ? `No token with id '${idOrPrefix}'. List them with: scim-harness token list`
          : `'${idOrPrefix}' matches ${matches.length} tokens; give more of the id.`,
      )
    }
    const revoked = revokeToken(matches[0], this.clock())
    await this.store.commit([{ kind: 'putToken', token: revoked }])
    return revoked
  }

  /**
   * Applies a settings change with its refusals, and re-evaluates every user's CAL when the
   * rules, the default CAL, the catalogue or the conflict policy changed (rules are re-evaluated
   * on every change that can affect them: PRODUCT.md).
   */
  async updateSettings(change: Partial<PortalSettings>): Promise<PortalSettings> {
    const before = this.store.portal
    const next = applySettingsChange(before, change, { tokens: this.store.tokens(), now: this.clock() })
    const mutations: Mutation[] = [{ kind: 'setPortal', portal: next }]
    const calInputsChanged =
      JSON.stringify([before.calRules, before.defaultCal, before.cals, before.calConflictPolicy]) !==
      JSON.stringify([next.calRules, next.defaultCal, next.cals, next.calConflictPolicy])
    if (calInputsChanged) {
      for (const user of this.store.users()) {
        const groups = calGroups(this.store, this.store.groupIdsOfMember(user.id))
        const { cal, reason } = evaluateCal({ user: user.resource, groups, settings: next })
        if (cal !== user.cal || JSON.stringify(reason) !== JSON.stringify(user.calReason)) {
          mutations.push({ kind: 'putUser', user: { ...user, cal, calReason: reason } })
        }
      }
    }
    await this.store.commit(mutations)
    return next
  }
}
