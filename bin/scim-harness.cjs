#!/usr/bin/env node
// The CLI is built into out/main/cli.js by `npm run build` (electron-vite, same bundle as the app).
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('scim-harness: not built yet. Run `npm run build` in ' + join(__dirname, '..') + ' first.\n')
  process.exit(1)
}
require(cli)
