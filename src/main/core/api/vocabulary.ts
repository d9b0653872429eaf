import { SHARED_VOCABULARY, type Vocabulary } from '../../../shared/console/vocabulary'
import { CYCLE_INTERVAL_MS } from '../azure/engine/quarantine'
import { leniencyCatalogue } from '../scim/rule-catalogue'
import { DEFAULT_OPTIONS } from '../simulator/simulator-session'

/*
 * `vocabulary.get`: the contract's own lists (src/shared/console/vocabulary.ts) with what only
 * the core holds, the leniency catalogue and the simulator's defaults. Built once: none of it
 * changes while the harness runs.
 */

let built: Vocabulary | undefined

export function vocabulary(): Vocabulary {
  built ??= {
    ...SHARED_VOCABULARY,
    leniencyRules: leniencyCatalogue().map(({ name, summary, source }) => ({ name, summary, source })),
    simulatorDefaults: { options: { ...DEFAULT_OPTIONS }, cycleIntervalMs: CYCLE_INTERVAL_MS },
  }
  return built
}
