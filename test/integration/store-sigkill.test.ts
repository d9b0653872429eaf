import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'rolldown'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Store } from '../../src/main/core/store'

let work: string
let childScript: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'store-sigkill-'))
  childScript = join(work, 'child.mjs')
  // tsx is not installed: bundle the TypeScript child (and the store it imports) to one ESM file.
  await build({
    input: join(__dirname, 'fixtures', 'store-sigkill-child.ts'),
    platform: 'node',
    logLevel: 'silent',
    output: { file: childScript, format: 'esm' },
  })
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** Runs the child until SIGKILL after `killAfterMs` from its first commit; returns the ids it acknowledged. */
function runAndKill(dir: string, killAfterMs: number, compactAfterEntries: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, String(compactAfterEntries)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (!out.startsWith('ready\n') && (out + chunk).startsWith('ready\n')) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      out += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`))
      // Only whole lines: the kill may cut the last id in half.
      const lines = out.split('\n').slice(1, -1)
      resolve(lines)
    })
  })
}

describe('store under SIGKILL', () => {
  // Compaction thresholds vary so that kills also land in the middle of background compactions.
  it.each([200_000, 400, 120])('keeps every acknowledged commit whole when killed mid-stream (compacting every %i)', async (compactAfterEntries) => {
    const dir = join(work, `data-${compactAfterEntries}`)
    const killAfterMs = 200 + Math.floor(Math.random() * 600)
    const acknowledged = await runAndKill(dir, killAfterMs, compactAfterEntries)
    expect(acknowledged.length).toBeGreaterThan(0)

    const store = await Store.open(dir)
    try {
      for (const id of acknowledged) expect(store.getUser(id), `acknowledged ${id} is missing`).toBeDefined()
      for (const user of store.users()) {
        const n = user.id.slice(2)
        expect(user.resource).toEqual({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: user.id,
          userName: `user${n}@contoso.example`,
          externalId: `ext-${n}`,
          padding: 'p'.repeat(900),
        })
        expect(store.findUserByUserName(`USER${n}@contoso.example`)?.id).toBe(user.id)
      }
      expect(store.recoveryNotes.join('\n')).not.toMatch(/damaged|lost|set aside/)
    } finally {
      await store.close()
    }
  })
})
