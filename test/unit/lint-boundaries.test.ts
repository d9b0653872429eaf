import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/*
 * The import boundaries of eslint.config.mjs, proved on imports that would cross them. `npm run
 * lint` passing says only that no file crosses a boundary today; this says the rules would
 * notice one that does.
 */

const eslint = new ESLint({ cwd: join(__dirname, '..', '..') })

/** The no-restricted-imports findings for `code` linted as if it were the file at `filePath`. */
async function refusedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => /'([^']+)' import/.exec(m.message)?.[1] ?? m.message)
}

const CROSSING = [
  "import { app } from 'electron'",
  "import { readFileSync } from 'node:fs'",
  "import { readFile } from 'fs/promises'",
  "import { Harness } from '../../main/core/harness'",
  "import { useRouter } from '@renderer/stores/router'",
  "import { useState } from 'react'",
  'export const used = [app, readFileSync, readFile, Harness, useRouter, useState]',
].join('\n')

describe('import boundaries', () => {
  it('keeps the shared contract free of electron, Node, the main process, the console and React', async () => {
    expect(await refusedImports('src/shared/console/new-schema.ts', CROSSING)).toEqual([
      'electron',
      'node:fs',
      'fs/promises',
      '../../main/core/harness',
      '@renderer/stores/router',
      'react',
    ])
  })

  it('keeps the console away from electron, Node and the main process', async () => {
    expect(await refusedImports('src/renderer/src/features/users/new-page.tsx', CROSSING)).toEqual([
      'electron',
      'node:fs',
      'fs/promises',
      '../../main/core/harness',
    ])
  })

  it('keeps one console screen from importing another, while every screen may use the shared layers', async () => {
    const crossing = [
      "import { UsersPage } from '../users/UsersPage'",
      "import { buildHar } from '../../features/traffic/har'",
      "import { LogsPage } from '@renderer/features/sim-logs/LogsPage'",
      "import { Button } from '../../components/ui'",
      "import { formatDate } from '../../lib/format'",
      "import { useRouter } from '../../stores/router'",
      "import { GroupDetailPage } from './GroupDetailPage'",
      'export const used = [UsersPage, buildHar, LogsPage, Button, formatDate, useRouter, GroupDetailPage]',
    ].join('\n')
    expect(await refusedImports('src/renderer/src/features/groups/new-page.tsx', crossing)).toEqual([
      '../users/UsersPage',
      '../../features/traffic/har',
      '@renderer/features/sim-logs/LogsPage',
    ])
  })

  it('keeps the shared layers of the console below its screens', async () => {
    const feature = "import { TrafficPage } from '../features/traffic/TrafficPage'\nexport const used = TrafficPage"
    expect(await refusedImports('src/renderer/src/stores/new-store.ts', feature)).toEqual(['../features/traffic/TrafficPage'])
    expect(await refusedImports('src/renderer/src/lib/new-helper.ts', feature)).toEqual(['../features/traffic/TrafficPage'])
    expect(
      await refusedImports('src/renderer/src/components/new-part.tsx', "import { formatDate } from '../lib/format'\nexport const used = formatDate"),
    ).toEqual([])
  })

  it('lets the preload import electron and nothing of the console or the main process', async () => {
    expect(await refusedImports('src/preload/index.ts', CROSSING)).toEqual([
      'node:fs',
      'fs/promises',
      '../../main/core/harness',
      '@renderer/stores/router',
      'react',
    ])
  })

  it('keeps electron at the edge of the main process', async () => {
    const electron = "import { app } from 'electron'\nexport const used = app"
    expect(await refusedImports('src/main/core/server/new-module.ts', electron)).toEqual(['electron'])
    expect(await refusedImports('src/main/cli/new-command.ts', electron)).toEqual(['electron'])
    expect(await refusedImports('src/main/electron/new-window.ts', electron)).toEqual([])
    expect(await refusedImports('src/main/index.ts', electron)).toEqual([])
  })

  it('keeps the console handlers from importing the HTTP transport that serves them', async () => {
    expect(await refusedImports('src/main/core/api/new-handlers.ts', "import { createApp } from '../server/app'\nexport const used = createApp")).toEqual([
      '../server/app',
    ])
    expect(
      await refusedImports(
        'src/main/core/api/simulator/new-namespace.ts',
        "import { consoleRouter } from '../../server/console-http'\nexport const used = consoleRouter",
      ),
    ).toEqual(['../../server/console-http'])
    expect(
      await refusedImports('src/main/core/api/new-handlers.ts', "import { SCIM_BASE_PATH } from '../scim/base-path'\nexport const used = SCIM_BASE_PATH"),
    ).toEqual([])
    expect(
      await refusedImports('src/main/core/server/new-module.ts', "import { invokeConsole } from '../api/console-handlers'\nexport const used = invokeConsole"),
    ).toEqual([])
  })

  it('does not mistake a module named like a Node built-in for one', async () => {
    expect(await refusedImports('src/shared/ipc.ts', "import { api } from './console/api'\nexport const used = api")).toEqual([])
  })
})
