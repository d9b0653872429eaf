import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpTransport } from '../../src/main/core/azure/engine'
import type { WireRequest } from '../../src/main/core/azure/requests'

// The simulated client's transport: timeouts, cancellation and bounded parallelism (issue 3, "Everything is bounded").

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const get = (url: string): WireRequest => ({ method: 'GET', url, headers: { Authorization: 'Bearer s3cret', Accept: 'application/scim+json' } })

describe('HttpTransport', () => {
  it('returns HTTP errors as responses, with the body, and masks the bearer token in the exchange', async () => {
    const base = await serve((req, res) => {
      res.writeHead(500, { 'content-type': 'application/scim+json', 'x-seen-auth': req.headers.authorization ?? '' }).end('{"detail":"boom"}')
    })
    const exchange = await new HttpTransport().send({ ...get(`${base}/Users`), method: 'POST', body: '{"a":1}' })
    expect(exchange.response).toMatchObject({ status: 500, body: '{"detail":"boom"}' })
    expect(exchange.response?.headers['x-seen-auth']).toBe('Bearer s3cret')
    expect(exchange.request).toEqual({ method: 'POST', url: `${base}/Users`, headers: { Authorization: 'Bearer ****', Accept: 'application/scim+json' }, body: '{"a":1}' })
    expect(exchange.error).toBeUndefined()
  })

  it('gives up on a server that does not answer within the timeout', async () => {
    const base = await serve(() => {
      // never answers
    })
    const exchange = await new HttpTransport({ timeoutMs: 150 }).send(get(`${base}/Users`))
    expect(exchange.error?.kind).toBe('timeout')
    expect(exchange.response).toBeUndefined()
    expect(exchange.durationMs).toBeGreaterThanOrEqual(140)
  })

  it('cancels a request in flight and requests still waiting for a slot when the signal aborts', async () => {
    const base = await serve(() => {})
    const transport = new HttpTransport({ concurrency: 1 })
    const stop = new AbortController()
    const first = transport.send(get(`${base}/a`), stop.signal)
    const queued = transport.send(get(`${base}/b`), stop.signal)
    setTimeout(() => stop.abort(), 50)
    const [a, b] = await Promise.all([first, queued])
    expect(a.error?.kind).toBe('aborted')
    expect(b.error?.kind).toBe('aborted')
  })

  it('reports a refused connection as a network error instead of throwing', async () => {
    const base = await serve(() => {})
    server!.close()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const exchange = await new HttpTransport().send(get(`${base}/Users`))
    expect(exchange.error?.kind).toBe('network')
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0
    let peak = 0
    const base = await serve((_req, res) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      setTimeout(() => {
        inFlight--
        res.end('{}')
      }, 20)
    })
    const transport = new HttpTransport({ concurrency: 3 })
    const exchanges = await Promise.all(Array.from({ length: 12 }, (_, i) => transport.send(get(`${base}/Users/${i}`))))
    expect(exchanges.every((x) => x.response?.status === 200)).toBe(true)
    expect(peak).toBe(3)
  })
})
