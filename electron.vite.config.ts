import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      // lowdb is ESM-only: bundle it into the CJS main rather than require() it at run time;
      // zod is bundled too: loading its ~95 module files from node_modules cost ~80 ms of every
      // cold start (measured at 100k users, where the whole start must stay under 2 s). Both are
      // devDependencies for that reason: package.json `dependencies` are what the installer ships
      // and must be exactly what the bundles require() (test/smoke/runtime-dependencies.test.ts);
      // the exclusions stay so that listing either there again cannot externalize it.
      externalizeDeps: { exclude: ['lowdb', 'zod'] },
      rollupOptions: {
        // one build, two entries: the Electron app and the headless CLI share the same core chunks
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // a sandboxed preload must be one self-contained CJS file
    build: { externalizeDeps: false },
  },
  renderer: {
    resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@shared': resolve('src/shared') } },
    plugins: [react()],
  },
})
