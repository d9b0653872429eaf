import { describe, expect, it } from 'vitest'
import { leniencyCatalogue } from '../../src/main/core/scim/rule-catalogue'

describe('the leniency rule catalogue', () => {
  it('names every rule once, in kebab-case, with a summary and a source', () => {
    const rules = leniencyCatalogue()
    expect(rules.length).toBeGreaterThan(25)
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length)
    for (const rule of rules) {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(rule.summary.length).toBeGreaterThan(20)
      expect(rule.source.length).toBeGreaterThan(1)
    }
  })

  it('contains the Entra rules the issue names', () => {
    const names = leniencyCatalogue().map((r) => r.name)
    for (const name of [
      'patch-op-case-insensitive',
      'string-boolean',
      'patch-pathless-dotted-keys',
      'patch-filtered-upsert',
      'patch-remove-with-value',
      'complex-plain-value',
    ]) {
      expect(names).toContain(name)
    }
  })
})
