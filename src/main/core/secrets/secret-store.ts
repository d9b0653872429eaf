import type { SecretStorage } from '../../../shared/console/simulator-api'

/**
 * Where the harness keeps secrets it must be able to read back (the simulated Entra app's Secret
 * Token, the ngrok authtoken): never in clear inside `simulator.json` or any other workspace file
 * that is shared, exported or backed up with a scenario. The desktop app backs this with
 * Electron's `safeStorage` (the OS keychain / DPAPI / libsecret); `serve` with a private (0600)
 * file, and says so. Portal API tokens do not use this: they are stored only as hashes.
 */
export interface SecretStore {
  /** How the secrets are protected, in words an admin can read (shown beside the field). */
  readonly protection: SecretStorage['protection']
  /** The file holding them (ciphertext under os-encryption), shown to the admin. */
  readonly location?: string
  /** Why the weaker protection is in use when the stronger one was wanted (no OS key store). */
  readonly note?: string
  get(name: string): Promise<string | undefined>
  set(name: string, value: string): Promise<void>
  delete(name: string): Promise<void>
}
