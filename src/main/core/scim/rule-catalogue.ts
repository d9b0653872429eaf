import type { LeniencyRule } from './leniency'
import { FILTER_RULES } from './filter'
import { PATCH_RULES } from './patch'
import { INPUT_RULES } from './resource-input'
import { PROJECTION_RULES } from './projection'
import { SERVICE_RULES } from './service'

/**
 * Every leniency rule the server can fire, once each, in a stable order: the console's
 * traffic view explains a fired rule's name from here, and the rule table in
 * docs/scim-server.md is checked against it.
 */
export function leniencyCatalogue(): LeniencyRule[] {
  const seen = new Map<string, LeniencyRule>()
  for (const rule of [...INPUT_RULES, ...PATCH_RULES, ...FILTER_RULES, ...PROJECTION_RULES, ...SERVICE_RULES]) {
    const other = seen.get(rule.name)
    if (other && other !== rule) throw new Error(`two leniency rules share the name '${rule.name}'`)
    seen.set(rule.name, rule)
  }
  return [...seen.values()]
}
