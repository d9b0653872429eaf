// Compiles the simulated Entra engine (src/main/core/azure/engine and directory, TypeScript) into
// plain ESM under .bench/engine-bundle/ and imports it. The built app holds the engine only as an
// internal chunk of out/main/cli.js with no exports, and tsx and vite-node are not installed, so
// the benchmark builds it with Vite (a devDependency, the bundler electron-vite drives for the
// app): an SSR build, not minified, node20 target, node_modules left external. About 0.5 s.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'
import { outDir, root } from './built-harness.mjs'

const bundleDir = join(outDir, 'engine-bundle')

/** Builds and imports { Directory, ProvisioningEngine, defaultAppConfig, ... } from the current sources. */
export async function loadEngine() {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: {
        input: {
          directory: join(root, 'src/main/core/azure/directory/index.ts'),
          engine: join(root, 'src/main/core/azure/engine/index.ts'),
        },
        output: { format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  })
  // the bundle sits under the repository so its bare imports (zod) resolve from node_modules
  const directory = await import(pathToFileURL(join(bundleDir, 'directory.mjs')).href)
  const engine = await import(pathToFileURL(join(bundleDir, 'engine.mjs')).href)
  return { ...directory, ...engine }
}
