/*
 * Attack scripts for issue 14, item 3: the simulated Entra app's Secret Token. Before the fix
 * simulator.json kept it in clear (and world-readable), so anyone who could read the workspace,
 * or whom a person sent simulator.json to, held a working bearer token for the portal.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { invokeConsole } from '../../src/main/core/api/console-handlers'
import { startHarness, type HarnessOptions, type RunningHarness } from '../../src/main/core/harness'
import { SECRETS_FILE, PrivateFileSecretStore } from '../../src/main/core/secrets/secrets-file'
import { PortalService } from '../../src/main/core/services/portal-service'
import { SIMULATOR_FILE } from '../../src/main/core/simulator/persistence'
import { desktopSecretStores, SafeStorageSecretStore, type OsEncryption } from '../../src/main/electron/safe-storage-secrets'
import { tempDir } from '../helpers/harness'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function harnessIn(dataDir: string, options: Partial<HarnessOptions> = {}): Promise<RunningHarness> {
  const harness = await startHarness({ dataDir, port: 0, owner: 'test', checkConsoleOutput: true, ...options })
  cleanup.push(() => harness.close())
  return harness
}

async function call(h: RunningHarness, method: string, input: unknown = {}): Promise<any> {
  const result = await invokeConsole(h.console, method, input, { checkOutput: true })
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** A workspace whose simulated app holds a real portal token (Admin Credentials saved). */
async function workspaceWithSavedToken(options: Partial<HarnessOptions> = {}): Promise<{ dataDir: string; token: string }> {
  const dataDir = tempDir()
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }))
  const h = await harnessIn(dataDir, options)
  const portal = new PortalService(h.store)
  const { token } = await portal.createToken(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), 'simulated app')
  await portal.updateSettings({ defaultCal: 'Viewer', scimEnabled: true })
  await call(h, 'sim.config.update', { tenantUrl: h.baseUri, token })
  await h.close()
  return { dataDir, token }
}

/** A key store stand-in: reversible, with a marker so ciphertext is recognisable. */
function fakeOsEncryption(backend: ReturnType<OsEncryption['getSelectedStorageBackend']> = 'gnome_libsecret'): OsEncryption {
  return {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (text) => Buffer.concat([Buffer.from('os:'), Buffer.from(text).reverse()]),
    decryptStringAsync: async (buffer) => ({ result: Buffer.from(buffer.subarray(3)).reverse().toString(), shouldReEncrypt: false }),
  }
}

describe('the Secret Token at rest', () => {
  it('never writes the Secret Token into simulator.json; serve keeps it in a 0600 secrets.json and says so', async () => {
    const { dataDir, token } = await workspaceWithSavedToken()
    expect((await readFile(join(dataDir, SIMULATOR_FILE))).includes(token)).toBe(false)

    const secretsPath = join(dataDir, SECRETS_FILE)
    if (process.platform !== 'win32') expect((await stat(secretsPath)).mode & 0o777).toBe(0o600)
    const h = await harnessIn(dataDir)
    const state = await call(h, 'sim.state')
    expect(state.tokenStorage).toEqual({ protection: 'private-file', location: secretsPath })
    expect(h.secrets.protection).toBe('private-file')
  })

  it('keeps the Secret Token across a restart: Test Connection with the saved credentials succeeds', async () => {
    const { dataDir } = await workspaceWithSavedToken()
    const h = await harnessIn(dataDir)
    expect((await call(h, 'sim.state')).tokenSet).toBe(true)
    expect((await call(h, 'sim.testConnection', {})).success).toBe(true)
  })

  it('moves a clear token found in an old simulator.json to the secret store and rewrites the file without it', async () => {
    const { dataDir, token } = await workspaceWithSavedToken()
    // as written before issue 14: the token inside settings, no secrets.json
    const path = join(dataDir, SIMULATOR_FILE)
    const old = JSON.parse(await readFile(path, 'utf8'))
    old.settings.token = token
    await writeFile(path, JSON.stringify(old))
    await rm(join(dataDir, SECRETS_FILE))

    const h = await harnessIn(dataDir)
    const state = await call(h, 'sim.state')
    expect(state.tokenSet).toBe(true)
    expect((await readFile(path)).includes(token)).toBe(false)
    expect(await new PrivateFileSecretStore(dataDir).get('simulator.secretToken')).toBe(token)
    expect((await call(h, 'sim.testConnection', {})).success).toBe(true)
  })

  it('still saves the rest of the simulator when secrets.json cannot be read, and leaves that file alone', async () => {
    const { dataDir, token } = await workspaceWithSavedToken()
    await writeFile(join(dataDir, SECRETS_FILE), 'not json')
    const h = await harnessIn(dataDir)
    await call(h, 'sim.config.update', { tenantUrl: 'https://scim.example.test/scim/v2', token: 'Typed-While-Broken' })
    await h.close()

    const saved = await readFile(join(dataDir, SIMULATOR_FILE), 'utf8')
    expect(JSON.parse(saved).settings.tenantUrl).toBe('https://scim.example.test/scim/v2')
    expect(saved).not.toContain('Typed-While-Broken')
    expect(saved).not.toContain(token)
    expect(await readFile(join(dataDir, SECRETS_FILE), 'utf8')).toBe('not json')
  })

  it('keeps a clear token from an old simulator.json in that file while secrets.json cannot be read', async () => {
    const { dataDir, token } = await workspaceWithSavedToken()
    const path = join(dataDir, SIMULATOR_FILE)
    const old = JSON.parse(await readFile(path, 'utf8'))
    old.settings.token = token
    await writeFile(path, JSON.stringify(old))
    await writeFile(join(dataDir, SECRETS_FILE), 'not json')

    const h = await harnessIn(dataDir)
    await call(h, 'sim.config.update', { tenantUrl: 'https://scim.example.test/scim/v2' })
    await h.close()
    const saved = JSON.parse(await readFile(path, 'utf8'))
    expect(saved.settings).toMatchObject({ tenantUrl: 'https://scim.example.test/scim/v2', token })
  })

  it('forgets the token in the secret store when it is cleared', async () => {
    const { dataDir, token } = await workspaceWithSavedToken()
    const h = await harnessIn(dataDir)
    await call(h, 'sim.config.update', { token: '' })
    await h.close()
    expect((await readFile(join(dataDir, SECRETS_FILE))).includes(token)).toBe(false)
  })
})

describe('the desktop app: OS encryption', () => {
  it('stores only ciphertext when the OS key store is there', async () => {
    const { dataDir, token } = await workspaceWithSavedToken({ secrets: (dir) => new SafeStorageSecretStore(dir, fakeOsEncryption()) })
    const bytes = await readFile(join(dataDir, SECRETS_FILE))
    expect(bytes.includes(token)).toBe(false)
    expect(JSON.parse(bytes.toString()).secrets['simulator.secretToken']).toHaveProperty('osEncrypted')

    const h = await harnessIn(dataDir, { secrets: (dir) => new SafeStorageSecretStore(dir, fakeOsEncryption()) })
    expect((await call(h, 'sim.state')).tokenStorage.protection).toBe('os-encryption')
    expect((await call(h, 'sim.testConnection', {})).success).toBe(true)
  })

  it('encrypts a token that serve stored in clear the first time the desktop app reads it', async () => {
    const { dataDir, token } = await workspaceWithSavedToken()
    const h = await harnessIn(dataDir, { secrets: (dir) => new SafeStorageSecretStore(dir, fakeOsEncryption()) })
    expect((await call(h, 'sim.state')).tokenSet).toBe(true)
    expect((await readFile(join(dataDir, SECRETS_FILE))).includes(token)).toBe(false)
  })

  it("falls back to the private file, saying why, when Linux has only Chromium's built-in key", async () => {
    const stores = await desktopSecretStores(fakeOsEncryption('basic_text'))
    const store = stores('/tmp/ws')
    if (process.platform === 'linux') {
      expect(store.protection).toBe('private-file')
      expect(store.note).toMatch(/No key store \(GNOME Keyring or KWallet\) was found/)
    }
    const unavailable = await desktopSecretStores({ ...fakeOsEncryption(), isAsyncEncryptionAvailable: async () => false })
    expect(unavailable('/tmp/ws')).toMatchObject({ protection: 'private-file', note: expect.stringMatching(/key store is not available/) })
  })
})
