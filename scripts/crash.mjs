// The long crash run (issue 6): `serve` SIGKILLed at random moments during write bursts, restarted
// and checked, CRASH_ROUNDS times (default 25) on one workspace. Needs `npm run build` first.
import { spawnSync } from 'node:child_process'

const rounds = process.env.CRASH_ROUNDS ?? '25'
const started = Date.now()
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/integration/server-sigkill.test.ts', '--testTimeout', '120000'], {
  stdio: 'inherit',
  env: { ...process.env, CRASH_ROUNDS: rounds },
})
console.log(`crash: ${rounds} POST rounds + 1 PATCH round, ${Math.round((Date.now() - started) / 1000)} s, exit ${result.status}`)
process.exit(result.status ?? 1)
