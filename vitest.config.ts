import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { configDefaults, defineConfig } from 'vitest/config'

// Tests that start the built CLI or serve the built console, or spawn other processes: they run
// in the slow project. The rest of test/security runs in-process and is fast.
const SPAWNING_SECURITY_TESTS = ['test/security/regex-stall.test.ts', 'test/security/token-exposure.test.ts', 'test/security/workspace-lock.test.ts']

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@shared': resolve('src/shared') } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // tests start real servers and child processes; two workers match the 2-core machines
    maxWorkers: 2,
    // CI reads the counts from the JSON report (.ci/run prints "N passed, N failed")
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/results/vitest.json' }]] : ['default'],
    // `npm run test:unit` runs `fast` alone; `npm test` builds, then runs both.
    // `extends: true`: each project keeps the plugins, aliases and options above.
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          // .test.tsx are component tests; they pick happy-dom with a `// @vitest-environment happy-dom` line
          include: ['test/unit/**/*.test.ts', 'test/property/**/*.test.ts', 'test/renderer/**/*.test.{ts,tsx}', 'test/security/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SPAWNING_SECURITY_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/smoke/**/*.test.ts', ...SPAWNING_SECURITY_TESTS],
          // these run out/: build it first when it is missing or older than src/
          globalSetup: ['test/helpers/ensure-built.ts'],
        },
      },
    ],
  },
})
