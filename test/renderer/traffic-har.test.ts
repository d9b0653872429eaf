import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { TrafficEntry } from '../../src/shared/console/api'
import { buildHar, harFileName } from '../../src/renderer/src/features/traffic/har'
import { statusText } from '../../src/renderer/src/lib/http-format'

/** The fields HAR 1.2 requires (softwareishard.com/blog/har-12-spec), as a schema the export must pass. */
const nameValue = z.strictObject({ name: z.string(), value: z.string() })
const harSchema = z.object({
  log: z.object({
    version: z.literal('1.2'),
    creator: z.object({ name: z.string(), version: z.string() }),
    entries: z.array(
      z.object({
        startedDateTime: z.iso.datetime(),
        time: z.number().min(0),
        request: z.object({
          method: z.string(),
          url: z.url(),
          httpVersion: z.string(),
          cookies: z.array(z.unknown()),
          headers: z.array(nameValue),
          queryString: z.array(nameValue),
          postData: z.object({ mimeType: z.string(), text: z.string() }).optional(),
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        response: z.object({
          status: z.number(),
          statusText: z.string(),
          httpVersion: z.string(),
          cookies: z.array(z.unknown()),
          headers: z.array(nameValue),
          content: z.object({ size: z.number(), mimeType: z.string(), text: z.string().optional() }),
          redirectURL: z.string(),
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        cache: z.object({}),
        timings: z.object({ send: z.number(), wait: z.number(), receive: z.number() }),
      }),
    ),
  }),
})

const post: TrafficEntry = {
  seq: 7,
  time: '2030-01-31T12:00:00.500Z',
  method: 'POST',
  path: '/scim/v2/Users',
  status: 201,
  durationMs: 12.5,
  rules: ['entra-bool-string'],
  client: 'simulator',
  userAgent: 'Azure-AD-SCIM-Provisioning/1.0',
  requestBody: '{"userName":"zoë@contoso.com"}',
  responseBody: '{"id":"u1","userName":"zoë@contoso.com"}',
}
const get: TrafficEntry = {
  seq: 8,
  time: '2030-01-31T12:00:01.000Z',
  method: 'GET',
  path: '/scim/v2/Users?filter=userName%20eq%20%22a%22&count=1',
  status: 200,
  durationMs: 3,
  rules: [],
  client: 'external',
  responseBody: '{"totalResults":0}',
}
const failed: TrafficEntry = {
  seq: 9,
  time: '2030-01-31T12:00:02.000Z',
  method: 'DELETE',
  path: '/scim/v2/Users/u1',
  status: 500,
  durationMs: 40,
  rules: [],
  client: 'external',
  responseBody: `${'x'.repeat(16384)}…[20000 bytes]`,
  error: 'boom',
}

describe('HAR export', () => {
  const har = buildHar([post, get, failed], { baseUri: 'http://127.0.0.1:8787/scim/v2', version: '0.1.0' })

  it('builds a HAR 1.2 log that passes the spec’s required fields', () => {
    expect(() => harSchema.parse(har)).not.toThrow()
    expect(har.log.creator).toEqual({ name: 'SCIM Harness', version: '0.1.0' })
    expect(har.log.entries).toHaveLength(3)
    // a file a HAR viewer can open is JSON all the way down
    expect(JSON.parse(JSON.stringify(har))).toEqual(har)
  })

  it('puts the path on the Base URI origin and lists the query string decoded', () => {
    expect(har.log.entries[0].request.url).toBe('http://127.0.0.1:8787/scim/v2/Users')
    expect(har.log.entries[1].request.url).toBe('http://127.0.0.1:8787/scim/v2/Users?filter=userName%20eq%20%22a%22&count=1')
    expect(har.log.entries[1].request.queryString).toEqual([
      { name: 'filter', value: 'userName eq "a"' },
      { name: 'count', value: '1' },
    ])
  })

  it('carries the request body as SCIM JSON postData with its size in bytes', () => {
    const { request } = har.log.entries[0]
    expect(request.postData).toEqual({ mimeType: 'application/scim+json', text: post.requestBody })
    expect(request.bodySize).toBe(31) // ë is two bytes in UTF-8
    expect(request.headersSize).toBe(-1)
    expect(request.headers).toEqual([
      { name: 'User-Agent', value: 'Azure-AD-SCIM-Provisioning/1.0' },
      { name: 'Content-Type', value: 'application/scim+json' },
    ])
    expect(har.log.entries[1].request.postData).toBeUndefined()
    expect(har.log.entries[1].request.bodySize).toBe(0)
  })

  it('gives the status with its reason phrase and the response content', () => {
    const { response } = har.log.entries[0]
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Created')
    expect(response.content).toEqual({ size: 41, mimeType: 'application/scim+json', text: post.responseBody })
    expect(response.bodySize).toBe(41)
    expect(response.redirectURL).toBe('')
    expect(response.headersSize).toBe(-1)
    expect(har.log.entries[2].response.statusText).toBe('Internal Server Error')
  })

  it('times each entry from its start: wait is the server’s latency', () => {
    const [first] = har.log.entries
    expect(first.time).toBe(12.5)
    expect(first.timings).toEqual({ send: 0, wait: 12.5, receive: 0 })
    // the log records when a request finished; HAR wants when it started
    expect(first.startedDateTime).toBe('2030-01-31T12:00:00.488Z')
    expect(first.cache).toEqual({})
  })

  it('says when the harness clipped a body and keeps the original size', () => {
    const clipped = har.log.entries[2]
    expect(clipped.response.content.size).toBe(20000)
    expect(clipped.response.content.comment).toBe('clipped at 16 KiB')
    expect(clipped.comment).toContain('Response body clipped')
    expect(clipped._error).toBe('boom')
  })

  it('keeps the harness’s own facts as underscore fields', () => {
    expect(har.log.entries[0]._client).toBe('simulator')
    expect(har.log.entries[0]._leniencyRules).toEqual(['entra-bool-string'])
  })

  it('names files by time and knows the usual reason phrases', () => {
    expect(harFileName(new Date('2030-01-31T12:34:56.789Z'))).toBe('scim-traffic-2030-01-31T12-34-56.har')
    expect(statusText(429)).toBe('Too Many Requests')
    expect(statusText(299)).toBe('')
  })
})
