import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // tests start real servers and child processes; two workers match the 2-core machines
    maxWorkers: 2,
    // CI reads the counts from the JSON report (.ci/run prints "N passed, N failed")
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/results/vitest.json' }]] : ['default'],
  },
})
