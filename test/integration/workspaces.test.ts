import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { invokeConsole } from '../../src/main/core/api/console-handlers'
import { startHarness } from '../../src/main/core/harness'
import { HarnessHost } from '../../src/main/core/harness-host'
import { Store } from '../../src/main/core/store'
import { WorkspaceRegistry } from '../../src/main/core/workspace-registry'
import { tempDir } from '../helpers/harness'

/*
 * Workspaces in the desktop app: open, create and switch data folders (one portal each), on the
 * same port, with the previous one reopened when the new one cannot be opened. Real harnesses,
 * real folders.
 */

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function hostIn(root: string): Promise<HarnessHost> {
  const host = new HarnessHost({
    start: startHarness,
    base: { host: '127.0.0.1', port: 0, owner: 'test', checkConsoleOutput: true },
    registry: new WorkspaceRegistry(join(root, 'app', 'workspaces.json')),
  })
  cleanup.push(() => host.close())
  return host
}

async function call(host: HarnessHost, method: string, input: unknown = {}) {
  return invokeConsole((await host.running).console, method, input, { checkOutput: true })
}

describe('workspaces', () => {
  it('creates a new workspace, switches to it on the same port, and back, each keeping its own portal', async () => {
    const root = tempDir()
    cleanup.push(() => rmSync(root, { recursive: true, force: true }))
    const first = join(root, 'first')
    const host = await hostIn(root)
    const opened = await host.open(first)
    const port = opened.port
    await call(host, 'portal.update', { name: 'Contoso' })

    const second = join(root, 'second')
    const created = await call(host, 'workspace.create', { dir: second })
    expect(created).toMatchObject({ ok: true, value: { dataDir: second, port, canSwitchWorkspace: true } })
    expect(await call(host, 'portal.get')).toMatchObject({ ok: true, value: { settings: { name: 'My Portal' } } })
    // the first workspace's lock was released when it closed
    const peek = await Store.open(first, { owner: 'peek' })
    await peek.close()

    expect(await call(host, 'workspace.open', { dir: first })).toMatchObject({ ok: true, value: { dataDir: first, port } })
    expect(await call(host, 'portal.get')).toMatchObject({ ok: true, value: { settings: { name: 'Contoso' } } })
    const listed = await call(host, 'workspace.list')
    expect(listed.ok && (listed.value as any).recent.map((r: any) => r.dir)).toEqual([first, second])
  })

  it('refuses folders that are not workspaces, not empty, or relative, and keeps the open one', async () => {
    const root = tempDir()
    cleanup.push(() => rmSync(root, { recursive: true, force: true }))
    const host = await hostIn(root)
    const current = join(root, 'current')
    await host.open(current)
    const notWorkspace = join(root, 'photos')
    mkdirSync(notWorkspace)
    writeFileSync(join(notWorkspace, 'cat.jpg'), 'x')
    expect(await call(host, 'workspace.open', { dir: notWorkspace })).toMatchObject({ ok: false, error: { code: 'not-a-workspace', field: 'dir' } })
    expect(await call(host, 'workspace.create', { dir: notWorkspace })).toMatchObject({ ok: false, error: { code: 'folder-not-empty' } })
    expect(await call(host, 'workspace.open', { dir: 'relative/path' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await call(host, 'workspace.open', { dir: join(root, 'missing') })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await call(host, 'status.get')).toMatchObject({ ok: true, value: { dataDir: current } })
  })

  it('reopens the previous workspace when the new one is locked by another process', async () => {
    const root = tempDir()
    cleanup.push(() => rmSync(root, { recursive: true, force: true }))
    const host = await hostIn(root)
    const mine = join(root, 'mine')
    await host.open(mine)
    const busy = join(root, 'busy')
    const other = await startHarness({ dataDir: busy, port: 0, owner: 'scim-harness serve' })
    cleanup.push(() => other.close())
    const result = await call(host, 'workspace.open', { dir: busy })
    expect(result).toMatchObject({ ok: false, error: { code: 'workspace-unavailable' } })
    expect(!result.ok && result.error.message).toMatch(/scim-harness serve/)
    expect(await call(host, 'status.get')).toMatchObject({ ok: true, value: { dataDir: mine } })
  })

  it('under serve (no host) the workspace methods say how to use another folder', async () => {
    const dir = tempDir()
    const harness = await startHarness({ dataDir: dir, port: 0, owner: 'test' })
    cleanup.push(async () => {
      await harness.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const result = await invokeConsole(harness.console, 'workspace.open', { dir: tempDir() })
    expect(result).toMatchObject({ ok: false, error: { code: 'not-supported' } })
    expect(!result.ok && result.error.message).toMatch(/--data DIR/)
    expect(await invokeConsole(harness.console, 'workspace.list', {}, { checkOutput: true })).toMatchObject({
      ok: true,
      value: { current: dir, recent: [], canSwitch: false },
    })
  })
})
