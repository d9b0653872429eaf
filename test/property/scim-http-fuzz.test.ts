import { request } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entraUser, startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * Bad input at the HTTP edge (issue 6): random and mutated requests against a real server on
 * 127.0.0.1:0. Whatever arrives, the answer is a well-formed SCIM success or error (never a
 * 500, a hang or a crash), a refused write changes nothing in the store, and nothing pollutes
 * Object.prototype. FUZZ_RUNS sets the number of cases (CI runs the default; `npm run fuzz`
 * runs many more); the counts are printed at the end.
 */

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 400)
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'
/** Far above the slowest legitimate request here; a request taking this long is a hang. */
const SLOW_MS = 3000

let h: TestHarness
const userIds: string[] = []
const groupIds: string[] = []
const tally = { cases: 0, byStatus: new Map<number, number>(), writesRefused: 0 }

interface Raw {
  status: number
  body: string
  ms: number
}

/** A raw request: the body goes out byte for byte (invalid UTF-8, truncated JSON...). */
function send(method: string, path: string, body: Buffer | undefined, headers: Record<string, string>): Promise<Raw> {
  const url = new URL(h.baseUri)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${path}`,
        headers: { authorization: `Bearer ${h.token}`, ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }))
      },
    )
    req.setTimeout(SLOW_MS * 3, () => req.destroy(new Error(`no answer in ${SLOW_MS * 3} ms: ${method} ${path}`)))
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

const unicode = fc.string({ unit: 'binary', maxLength: 40 })
const pollution = fc.constantFrom<Record<string, unknown>>(
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  { constructor: { prototype: { polluted: 'yes' } } },
  JSON.parse('{"__proto__":{"toString":"x"},"userName":"proto@x.com"}'),
)

const idSegment = () =>
  fc.oneof(
    fc.constantFrom(...userIds, ...groupIds),
    fc.uuid(),
    unicode.map((s) => encodeURIComponent(s)),
    fc.constantFrom('..', '%2e%2e', '%00', '.search', 'a'.repeat(5000), '%E0%A4%A', '%'),
  )

const query = fc.oneof(
  fc.constant(''),
  fc
    .tuple(
      fc.constantFrom('filter', 'startIndex', 'count', 'attributes', 'excludedAttributes', 'sortBy', 'sortOrder'),
      fc.oneof(unicode, fc.constantFrom('userName eq "', 'emails[type eq "work"].value eq "x"', 'not(', '-1', '99999999999999999999', 'a'.repeat(20_000))),
    )
    .map(([k, v]) => `?${k}=${encodeURIComponent(v)}`),
)

// built inside the test: the ids exist only once beforeAll has run
const pathArbitrary = () =>
  fc.oneof(
    fc
      .tuple(
        fc.constantFrom(
          '/Users',
          '/Groups',
          '/Users/.search',
          '/Groups/.search',
          '/.search',
          '/ServiceProviderConfig',
          '/Schemas',
          '/ResourceTypes',
          '/Bulk',
          '/Me',
        ),
        query,
      )
      .map(([p, q]) => p + q),
    fc.tuple(fc.constantFrom('/Users/', '/Groups/', '/Schemas/', '/ResourceTypes/'), idSegment(), query).map(([p, id, q]) => p + id + q),
    unicode.map((s) => `/${encodeURIComponent(s)}`),
  )

const patchOp = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Add', 'Replace', 'Remove', 'copy', ''), unicode),
    path: fc.oneof(
      fc.constantFrom(
        'active',
        'userName',
        'members',
        'members[value eq "x"]',
        'emails[type eq "work"].value',
        'name.givenName',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
        '__proto__',
        'constructor.prototype',
      ),
      unicode,
    ),
    value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('True', 'False', [{ value: 'x' }], { active: 'false' })),
  },
  { requiredKeys: ['op'] },
)

const jsonBody = fc.oneof(
  fc
    .tuple(
      fc.emailAddress(),
      fc.dictionary(
        fc.constantFrom('active', 'title', 'emails', 'name', 'externalId', 'userName', 'schemas', 'members', 'displayName'),
        fc.jsonValue({ maxDepth: 3 }),
        { maxKeys: 4 },
      ),
    )
    .map(([email, extra]) => ({ ...entraUser(email), ...extra })),
  fc.record({
    schemas: fc.constant(['urn:ietf:params:scim:api:messages:2.0:PatchOp']),
    Operations: fc.oneof(fc.array(patchOp, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
  }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.tuple(pollution, fc.emailAddress()).map(([p, email]) => ({ ...entraUser(email), ...p })),
  fc.record({
    schemas: fc.constant(['urn:ietf:params:scim:api:messages:2.0:PatchOp']),
    Operations: fc.constant([JSON.parse('{"op":"add","value":{"__proto__":{"polluted":"yes"}}}')]),
  }),
)

const body: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 4, arbitrary: jsonBody.map((j) => Buffer.from(JSON.stringify(j))) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  // truncated JSON: cut at a random point
  {
    weight: 2,
    arbitrary: fc.tuple(jsonBody, fc.nat()).map(([j, n]) => {
      const t = Buffer.from(JSON.stringify(j))
      return t.subarray(0, n % Math.max(1, t.length))
    }),
  },
  // invalid UTF-8 inside a string
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Buffer.from([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]),
      Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
      Buffer.from([0x80, 0x81]),
    ),
  },
  // deep nesting and huge strings
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Buffer.from('['.repeat(50_000) + ']'.repeat(50_000)),
      Buffer.from(`{"userName":"${'x'.repeat(200_000)}@a.com","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}`),
      Buffer.from(`{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`),
    ),
  },
)

const contentType = fc.constantFrom<Record<string, string>>(
  { 'content-type': 'application/scim+json' },
  { 'content-type': 'application/json' },
  { 'content-type': 'application/scim+json; charset=utf-8' },
  { 'content-type': 'text/plain' },
  { 'content-type': 'application/json; charset=latin1' },
  {},
  { 'content-type': 'application/scim+json', 'if-match': 'W/"nope"' },
  { 'content-type': 'application/json', 'content-encoding': 'gzip' },
)

beforeAll(async () => {
  h = await startTestHarness()
  for (let i = 0; i < 5; i++) userIds.push((await h.scim('POST', '/Users', entraUser(`seed${i}@contoso.com`))).json.id)
  for (let i = 0; i < 2; i++)
    groupIds.push(
      (
        await h.scim('POST', '/Groups', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: `Seed ${i}`,
          members: [{ value: userIds[i] }],
        })
      ).json.id,
    )
})

afterAll(async () => {
  const statuses = [...tally.byStatus]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}:${n}`)
    .join(' ')
  console.log(`[fuzz] HTTP: ${tally.cases} requests, ${tally.writesRefused} refused writes checked for no change; statuses ${statuses}`)
  await h?.close()
})

describe('SCIM over HTTP under random and hostile input', () => {
  it('answers every request with a well-formed SCIM body, never 500, never slowly, and refused writes change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), pathArbitrary(), body, contentType, async (method, p, b, headers) => {
        const before = h.harness.store.revision
        const res = await send(method, p, b, headers)
        tally.cases++
        tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1)
        expect(res.status, `${method} ${p.slice(0, 200)}`).toBeGreaterThanOrEqual(200)
        // 501 is the documented answer for /Bulk and /Me; any other 5xx is a defect
        if (res.status !== 501) expect(res.status, `${method} ${p.slice(0, 200)} -> ${res.body.slice(0, 300)}`).toBeLessThan(500)
        expect(res.ms, `${method} ${p.slice(0, 200)} took ${Math.round(res.ms)} ms`).toBeLessThan(SLOW_MS)
        if (res.status >= 400) {
          const error = JSON.parse(res.body) as { schemas: string[]; status: string; detail: string }
          expect(error.schemas).toEqual([ERROR_SCHEMA])
          expect(error.status).toBe(String(res.status))
          expect(typeof error.detail).toBe('string')
          if (method !== 'GET') {
            tally.writesRefused++
            expect(h.harness.store.revision, `a refused ${method} ${p} changed the store`).toBe(before)
          }
        } else if (res.status !== 204) {
          expect(() => JSON.parse(res.body)).not.toThrow()
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
        expect(typeof ({} as { toString: unknown }).toString).toBe('function')
      }),
      { numRuns: RUNS },
    )
    // the server is still up and consistent afterwards
    expect((await h.scim('GET', '/ServiceProviderConfig')).status).toBe(200)
    expect((await h.scim('GET', '/Users?count=1')).status).toBe(200)
  }, 600_000)
})
