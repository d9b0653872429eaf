import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writePrivateFile } from '../store/private-files'
import type { SecretStore } from './secret-store'

/*
 * `secrets.json` in the workspace folder (issue 14, item 3): the secrets the harness must read
 * back, apart from simulator.json so that they never travel with a scenario, a bug report or a
 * copy of the simulator's state. Always 0600. Each entry is either in clear (`serve`: the file's
 * mode is the protection, and the console says so) or ciphertext from the desktop app's OS key
 * store, base64. One file for both, so a workspace opened by `serve` and by the desktop app
 * in turn keeps one set of secrets: the desktop app encrypts a clear entry the first time it
 * reads it; `serve` cannot decrypt an encrypted one and reports it as not set.
 */

export const SECRETS_FILE = 'secrets.json'

const entrySchema = z.union([z.strictObject({ clear: z.string() }), z.strictObject({ osEncrypted: z.string() })])
const fileSchema = z.strictObject({
  format: z.literal('scim-harness-secrets'),
  version: z.literal(1),
  secrets: z.record(z.string(), entrySchema),
})
export type SecretEntry = z.output<typeof entrySchema>

/** Reads and rewrites secrets.json, one change at a time (the simulator and the tunnel share it). */
export class SecretsFile {
  readonly path: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.path = join(dataDir, SECRETS_FILE)
  }

  async read(name: string): Promise<SecretEntry | undefined> {
    await this.queue.catch(() => undefined)
    return (await this.load())[name]
  }

  /** Sets (or with undefined, removes) one entry; the file is replaced atomically, created 0600. */
  update(name: string, entry: SecretEntry | undefined): Promise<void> {
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        const secrets = await this.load()
        if (entry === undefined) delete secrets[name]
        else secrets[name] = entry
        const temp = `${this.path}.${randomBytes(4).toString('hex')}.tmp`
        try {
          await writePrivateFile(temp, `${JSON.stringify({ format: 'scim-harness-secrets', version: 1, secrets }, null, 2)}\n`)
          await fs.rename(temp, this.path)
        } catch (error) {
          await fs.rm(temp, { force: true })
          throw error
        }
      })
    this.queue = next
    return next
  }

  private async load(): Promise<Record<string, SecretEntry>> {
    let text: string
    try {
      text = await fs.readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    const parsed = fileSchema.safeParse(safeJson(text))
    // never overwrite what cannot be read: the person may want those secrets back
    if (!parsed.success) throw new Error(`${this.path} is not a SCIM Harness secrets file; move it aside or fix it, then try again.`)
    return { ...parsed.data.secrets }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * The `serve` secret store: secrets in clear in a file only this user account can read (0600 in
 * a 0700 folder). The honest protection for a headless process with no key store to ask.
 */
export class PrivateFileSecretStore implements SecretStore {
  readonly protection = 'private-file' as const
  readonly location: string
  private readonly file: SecretsFile

  constructor(
    dataDir: string,
    /** Why this store is used where an encrypted one was wanted (desktop without a key store). */
    readonly note?: string,
  ) {
    this.file = new SecretsFile(dataDir)
    this.location = this.file.path
  }

  async get(name: string): Promise<string | undefined> {
    const entry = await this.file.read(name)
    // an entry the desktop app encrypted cannot be read here: as good as unset
    return entry && 'clear' in entry ? entry.clear : undefined
  }

  set(name: string, value: string): Promise<void> {
    return this.file.update(name, { clear: value })
  }

  delete(name: string): Promise<void> {
    return this.file.update(name, undefined)
  }
}
