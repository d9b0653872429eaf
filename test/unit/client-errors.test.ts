import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHarness, type TestHarness } from '../helpers/harness'

/* What Node's HTTP parser refuses still gets a SCIM error body (server/client-errors.ts). */

let h: TestHarness
beforeAll(async () => {
  h = await startTestHarness()
})
afterAll(() => h.close())

function raw(text: string): Promise<string> {
  const url = new URL(h.baseUri)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text))
    let out = ''
    socket.on('data', (d) => (out += d.toString()))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

describe('requests the HTTP parser refuses', () => {
  it('answers headers over 16 KiB with 431 and an RFC 7644 error body', async () => {
    const res = await raw(`GET /scim/v2/Users?filter=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect(res).toMatch(/^HTTP\/1\.1 431 /)
    const body = JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4))
    expect(body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '431' })
    expect(body.detail).toMatch(/\.search/)
  })

  it('answers a malformed request line with 400 invalidSyntax', async () => {
    const res = await raw('NOT HTTP AT ALL\r\n\r\n')
    expect(res).toMatch(/^HTTP\/1\.1 400 /)
    expect(JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: '400', scimType: 'invalidSyntax' })
  })
})
