import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { consoleCall, entraUser, startTestHarness, type TestHarness } from '../helpers/harness'
import type { TrafficEntry, UnauthenticatedSummary } from '../../src/shared/console/api'
import { SAMPLES_PER_MINUTE } from '../../src/main/core/api/unauthenticated-tally'
import { REFUSED_LOG_OPTIONS } from '../../src/main/core/store/request-log'

/*
 * Issue 14: "Anyone who can reach the tunnel can flush the request history without a token:
 * unauthenticated requests are logged before auth, 6,000 of them rotated every log file away."
 * The attack: 6,000 requests without a valid token, each with a ~15 KB URL (the request log
 * kept paths whole: 6,000 x 15 KB is more than the 20 MB x 4 files the log keeps), between
 * authorised ones. Afterwards every authorised request must still be in the log on disk and in
 * Traffic, and the refused ones counted.
 */

const FLOOD = 6_000
const CONCURRENCY = 32
const LONG_FILTER = `userName eq "${'x'.repeat(15_000)}"`

/** Every line of the request log and its rotations (not the refused samples' file). */
function requestLogLines(dir: string): Record<string, unknown>[] {
  return readdirSync(dir)
    .filter((f) => /^requests(\.\d+)?\.ndjson$/.test(f))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('request log flood: unauthenticated requests never push authorised ones out', () => {
  let h: TestHarness
  const authorised: string[] = []

  /** An authorised request, marked so it can be found again in the log. */
  const marked = async (n: number): Promise<void> => {
    const mark = `/Users?filter=${encodeURIComponent(`externalId eq "authorised-${n}"`)}`
    const res = await h.scim('GET', mark)
    expect(res.status).toBe(200)
    authorised.push(`authorised-${n}`)
  }

  beforeAll(async () => {
    h = await startTestHarness()
    const created = await h.scim('POST', '/Users', entraUser('before-flood@contoso.com'))
    expect(created.status).toBe(201)
    for (let n = 0; n < 10; n++) await marked(n)

    let sent = 0
    const worker = async (): Promise<void> => {
      while (sent < FLOOD) {
        const i = sent++
        const res = await fetch(`${h.baseUri}/Users?filter=${encodeURIComponent(LONG_FILTER)}&n=${i}`, {
          headers: i % 2 === 0 ? {} : { authorization: 'Bearer not-a-token-of-this-portal' },
        })
        await res.arrayBuffer()
        expect(res.status).toBe(401)
        // authorised traffic keeps flowing during the flood
        if (i % 1_000 === 500) await marked(1_000 + i)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    for (let n = 10; n < 20; n++) await marked(n)
    await h.harness.requestLog.flush()
    await h.harness.refusedLog.flush()
  }, 180_000)
  afterAll(async () => h.close())

  it('keeps every authorised request in the request log on disk, and writes no refused one there', () => {
    const lines = requestLogLines(h.dataDir)
    const paths = lines.map((l) => decodeURIComponent(String(l.path)))
    for (const mark of authorised)
      expect(
        paths.some((p) => p.includes(mark)),
        `${mark} missing from the log`,
      ).toBe(true)
    expect(lines.some((l) => l.method === 'POST' && l.status === 201)).toBe(true)
    expect(lines.filter((l) => l.status === 401)).toHaveLength(0)
  })

  it('keeps every authorised request in Traffic, with only a bounded sample of the refused', async () => {
    const recent = await consoleCall<TrafficEntry[]>(h, 'traffic.recent', { limit: 5000 })
    const paths = recent.map((e) => decodeURIComponent(e.path))
    for (const mark of authorised)
      expect(
        paths.some((p) => p.includes(mark)),
        `${mark} missing from Traffic`,
      ).toBe(true)
    const refused = recent.filter((e) => e.status === 401)
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.length).toBeLessThanOrEqual(SAMPLES_PER_MINUTE * 4)
  })

  it('counts every refused request, when and from where', async () => {
    const summary = await consoleCall<UnauthenticatedSummary>(h, 'traffic.unauthenticated')
    expect(summary.total).toBe(FLOOD)
    expect(summary.lastAt).not.toBeNull()
    expect(summary.sampled).toBeLessThanOrEqual(SAMPLES_PER_MINUTE * 4)
    expect(summary.topAddresses[0]).toMatchObject({ address: expect.stringMatching(/127\.0\.0\.1/), count: FLOOD })
    expect(summary.perMinute.reduce((sum, m) => sum + m.refused, 0)).toBe(FLOOD)
  })

  it('keeps the refused samples in their own small file', () => {
    const files = readdirSync(h.dataDir).filter((f) => f.startsWith(`${REFUSED_LOG_OPTIONS.name}.`))
    expect(files.length).toBeGreaterThan(0)
    const bytes = files.reduce((sum, f) => sum + statSync(join(h.dataDir, f)).size, 0)
    expect(bytes).toBeLessThanOrEqual(REFUSED_LOG_OPTIONS.maxBytes * (REFUSED_LOG_OPTIONS.keep + 1))
    const lines = files.flatMap((f) => readFileSync(join(h.dataDir, f), 'utf8').split('\n')).filter(Boolean)
    const samples = lines.map((l) => JSON.parse(l) as { status: number; path: string })
    expect(samples.every((s) => s.status === 401)).toBe(true)
    // the attacker's 15 KB URLs are clipped in the samples, so the budget holds many of them
    expect(samples.every((s) => s.path.length < 1100)).toBe(true)
  })
})

describe('refused samples: what the client wrote is clipped', () => {
  it('keeps at most 1 KB of a refused request’s User-Agent, as of its URL', async () => {
    // the header is the other text a client without a token chooses: 15 KB of it per sample
    // would turn the refused log's budget over as fast as the long URLs did
    const h = await startTestHarness()
    try {
      const res = await fetch(`${h.baseUri}/Users`, { headers: { 'user-agent': `probe ${'u'.repeat(15_000)}` } })
      await res.arrayBuffer()
      expect(res.status).toBe(401)
      const refused = (await consoleCall<TrafficEntry[]>(h, 'traffic.recent', { limit: 10 })).filter((e) => e.status === 401)
      expect(refused).toHaveLength(1)
      expect(refused[0].userAgent?.startsWith('probe uuu')).toBe(true)
      expect(refused[0].userAgent!.length).toBeLessThan(1100)
    } finally {
      await h.close()
    }
  })
})
