// The long runs of issue 6: the CI tests again with far more cases than CI affords.
//   node scripts/long-run.mjs fuzz    the property tests of test/property, FUZZ_RUNS cases (20,000)
//   node scripts/long-run.mjs crash   `serve` SIGKILLed during write bursts, CRASH_ROUNDS rounds (25);
//                                     needs `npm run build` first
import { spawnSync } from 'node:child_process'

const RUNS = {
  fuzz: { variable: 'FUZZ_RUNS', fallback: '20000', args: ['test/property'], what: (n) => `${n} cases per property` },
  crash: {
    variable: 'CRASH_ROUNDS',
    fallback: '25',
    args: ['test/integration/server-sigkill.test.ts', '--testTimeout', '120000'],
    what: (n) => `${n} POST rounds + 1 PATCH round`,
  },
}

const name = process.argv[2]
const run = RUNS[name]
if (!run) {
  console.error(`usage: node scripts/long-run.mjs ${Object.keys(RUNS).join('|')}`)
  process.exit(2)
}
const count = process.env[run.variable] ?? run.fallback
const started = Date.now()
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...run.args], {
  stdio: 'inherit',
  env: { ...process.env, [run.variable]: count },
})
console.log(`${name}: ${run.what(count)}, ${Math.round((Date.now() - started) / 1000)} s, exit ${result.status}`)
process.exit(result.status ?? 1)
