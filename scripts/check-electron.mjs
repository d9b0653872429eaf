#!/usr/bin/env node
// `npm start` runs this first (issue 14, item 10). Without the Electron binary (npm install ran with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, or the download failed) electron-vite ends in a stack trace
// ("Error: Electron uninstall") after a full build; this says so in one line, before the build,
// and points to the two ways forward. It must not require('electron'): that module's index.js
// starts the download itself when the binary is missing.
//
// The checks follow electron-vite 6's getElectronPath() and electron 45's index.js: the
// ELECTRON_EXEC_PATH override, else node_modules/electron/path.txt naming the executable under
// dist/ (ELECTRON_OVERRIDE_DIST_PATH replaces dist/), and the file itself.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/** Where the Electron executable should be, or why there is none. */
export function findElectron(env = process.env, root = process.cwd()) {
  if (env.ELECTRON_EXEC_PATH) {
    return existsSync(env.ELECTRON_EXEC_PATH)
      ? { path: env.ELECTRON_EXEC_PATH }
      : { missing: `ELECTRON_EXEC_PATH names ${env.ELECTRON_EXEC_PATH}, which does not exist` }
  }
  let moduleDir
  try {
    moduleDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'))
  } catch {
    return { missing: 'the electron package is not installed (run npm install)' }
  }
  const pathFile = join(moduleDir, 'path.txt')
  if (!existsSync(pathFile))
    return { missing: 'the Electron binary is not installed (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD, or the download failed)', moduleDir }
  const executable = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(moduleDir, 'dist'), readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable)
    ? { path: executable }
    : { missing: `the Electron binary is missing from ${dirname(executable)} (the download did not finish)`, moduleDir }
}

/** The one line `npm start` prints when there is no binary. */
export function missingElectronLine(reason) {
  return (
    `scim-harness: ${reason}. Fetch it with \`node node_modules/electron/install.js\` (needs the internet and Node >= 22.12), ` +
    'or run the harness without Electron: `npm run build && npx scim-harness serve` and open the Console URL it prints.'
  )
}

// run as a script (npm start); imported, it only exports the checks
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = findElectron()
  if (found.missing) {
    process.stderr.write(`${missingElectronLine(found.missing)}\n`)
    process.exit(1)
  }
}
