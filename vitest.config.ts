import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@shared': resolve('src/shared') } },
  test: {
    // .test.tsx are component tests; they pick happy-dom with a `// @vitest-environment happy-dom` line
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // tests start real servers and child processes; two workers match the 2-core machines
    maxWorkers: 2,
    // CI reads the counts from the JSON report (.ci/run prints "N passed, N failed")
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/results/vitest.json' }]] : ['default'],
  },
})
