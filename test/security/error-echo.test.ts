import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { scimRequest, startTestHarness, type TestHarness, type ScimResponse } from '../helpers/harness'

/*
 * Issue 14, item 4: "request data never echoed in error details as markup". Error details name
 * what the client sent (a filter, an id, the auth scheme, a JSON parse error quoting the body).
 * Every error answer must be SCIM JSON with nosniff, its bytes must hold no `<` or `>` (they are
 * written as JSON escapes, so the parsed detail is unchanged), and the echo must be bounded.
 */

const MARKUP = '<img src=x onerror=alert(1)>'

function expectSafeError(res: ScimResponse, status: number): void {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/)
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.text).not.toMatch(/[<>]/)
  expect(res.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error'])
  expect(res.json.detail.length).toBeLessThanOrEqual(2001)
}

/** The raw answer to a request line written by hand (fetch would percent-encode the markup). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
  })
}

describe('error details: request text is never sent back as markup', () => {
  let h: TestHarness
  beforeAll(async () => {
    h = await startTestHarness()
  })
  afterAll(async () => h.close())

  it('escapes markup in a filter that does not parse, and keeps its meaning in the parsed detail', async () => {
    const res = await h.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq ${MARKUP}`)}`)
    expectSafeError(res, 400)
    expect(res.json.scimType).toBe('invalidFilter')
  })

  it('escapes markup in an id and in a resource type name', async () => {
    expectSafeError(await h.scim('GET', `/ResourceTypes/${encodeURIComponent(MARKUP)}`), 404)
    expectSafeError(await h.scim('GET', `/Schemas/${encodeURIComponent(MARKUP)}`), 404)
  })

  it('escapes markup quoted from a body that is not JSON', async () => {
    expectSafeError(await h.scim('POST', '/Users', `${MARKUP}{`), 400)
  })

  it('escapes markup in an Authorization scheme', async () => {
    const res = await scimRequest(`${h.baseUri}/Users`, 'GET', undefined, { authorization: `${MARKUP} token` })
    expectSafeError(res, 401)
  })

  it('clips a long echo (a 10,000-character filter) to a bounded detail', async () => {
    const res = await h.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${'a'.repeat(10_000)}`)}`)
    expectSafeError(res, 400)
  })

  it('answers an unknown path outside /scim/v2 without the Host header or the path', async () => {
    const answer = await rawRequest(h.harness.port, `GET /${MARKUP} HTTP/1.1\r\nHost: <script>x</script>\r\nConnection: close\r\n\r\n`)
    const [head, body] = answer.split('\r\n\r\n')
    expect(head).toMatch(/x-content-type-options: nosniff/i)
    expect(body ?? '').not.toMatch(/[<>]|script/)
  })

  it('answers a request Node refuses (bad request line) with SCIM JSON and nosniff', async () => {
    const answer = await rawRequest(h.harness.port, `GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1\.1 400/)
    expect(answer).toMatch(/x-content-type-options: nosniff/i)
  })
})
