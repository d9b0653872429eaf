/**
 * The desktop app's secret store (issue 14, item 3): Electron `safeStorage` encrypts each secret
 * with a key the operating system keeps (macOS Keychain, Windows DPAPI, libsecret or KWallet on
 * Linux); secrets.json holds only the ciphertext, base64. Electron-free apart from the shape of
 * `safeStorage`, which is passed in, so it is tested under Node.
 *
 * On Linux without a key store Electron falls back to the `basic_text` backend, whose key is a
 * constant compiled into Chromium: that is obfuscation, not encryption, so it counts as
 * unavailable here and the private file (0600) is used instead, with a note saying why.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
import type { SafeStorage } from 'electron'
import { PrivateFileSecretStore, SecretsFile } from '../core/secrets/secrets-file'
import type { SecretStore } from '../core/secrets/secret-store'

/** The parts of Electron's safeStorage this store uses (the async API; the sync one is deprecated in Electron 45). */
export type OsEncryption = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>

/** Whether real OS encryption is there; `reason` says why not, shown after "Stored in <file>, readable only by your user account." */
export async function osEncryptionStatus(
  safeStorage: OsEncryption,
  platform = process.platform,
): Promise<{ available: true } | { available: false; reason: string }> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return { available: false, reason: "The operating system's key store is not available." }
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { available: false, reason: 'No key store (GNOME Keyring or KWallet) was found on this desktop.' }
  }
  return { available: true }
}

export class SafeStorageSecretStore implements SecretStore {
  readonly protection = 'os-encryption' as const
  readonly location: string
  private readonly file: SecretsFile

  constructor(
    dataDir: string,
    private readonly safeStorage: OsEncryption,
  ) {
    this.file = new SecretsFile(dataDir)
    this.location = this.file.path
  }

  async get(name: string): Promise<string | undefined> {
    const entry = await this.file.read(name)
    if (entry === undefined) return undefined
    if ('clear' in entry) {
      // written by `serve` (or before issue 14): encrypt it now that a key store is at hand
      await this.set(name, entry.clear)
      return entry.clear
    }
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(Buffer.from(entry.osEncrypted, 'base64'))
    if (shouldReEncrypt) await this.set(name, result) // the OS rotated the key
    return result
  }

  async set(name: string, value: string): Promise<void> {
    const ciphertext = await this.safeStorage.encryptStringAsync(value)
    await this.file.update(name, { osEncrypted: ciphertext.toString('base64') })
  }

  delete(name: string): Promise<void> {
    return this.file.update(name, undefined)
  }
}

/**
 * The secret store for each workspace the desktop app opens: OS encryption when it is really
 * there, otherwise the private file with the reason attached (shown beside the Secret Token).
 */
export async function desktopSecretStores(safeStorage: OsEncryption): Promise<(dataDir: string) => SecretStore> {
  const status = await osEncryptionStatus(safeStorage)
  if (status.available) return (dataDir) => new SafeStorageSecretStore(dataDir, safeStorage)
  console.warn(`SCIM Harness: ${status.reason} Secrets are kept in a file only this user account can read (secrets.json in each workspace).`)
  return (dataDir) => new PrivateFileSecretStore(dataDir, status.reason)
}
