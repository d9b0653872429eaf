// The long fuzz run (issue 6): the property tests of test/property with many more cases than CI
// runs. FUZZ_RUNS (default 20,000) sets the cases per property; the counts are printed per suite.
import { spawnSync } from 'node:child_process'

const runs = process.env.FUZZ_RUNS ?? '20000'
const started = Date.now()
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/property'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs },
})
console.log(`fuzz: ${runs} cases per property, ${Math.round((Date.now() - started) / 1000)} s, exit ${result.status}`)
process.exit(result.status ?? 1)
