import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpTransport } from '../../src/main/core/azure/engine'
import type { WireRequest } from '../../src/main/core/azure/requests'

// The simulated client's transport: timeouts, cancellation and bounded parallelism (issue 3, "Everything is bounded").

let server: Server | undefined
let tcp: TcpServer | undefined
const tcpSockets = new Set<Socket>()
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
  for (const socket of tcpSockets) socket.destroy()
  tcpSockets.clear()
  await new Promise((resolve) => (tcp ? tcp.close(resolve) : resolve(undefined)))
  tcp = undefined
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
    expect(exchange.request).toEqual({
      method: 'POST',
      url: `${base}/Users`,
      headers: { Authorization: 'Bearer ****', Accept: 'application/scim+json' },
      body: '{"a":1}',
    })
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

  it("sends only the request's own headers plus Host, Connection and Content-Length: no User-Agent, as Entra (section 1)", async () => {
    let seen: string[] = []
    const base = await serve((req, res) => {
      seen = req.rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase())
      res.end('{}')
    })
    await new HttpTransport().send({
      method: 'POST',
      url: `${base}/Users`,
      headers: { Authorization: 'Bearer s3cret', 'Content-Type': 'application/scim+json' },
      body: '{"a":"é"}',
    })
    expect(seen.sort()).toEqual(['authorization', 'connection', 'content-length', 'content-type', 'host'])
  })

  it('keeps the connection open between requests', async () => {
    const sockets = new Set<unknown>()
    const base = await serve((req, res) => {
      sockets.add(req.socket)
      res.end('{}')
    })
    const transport = new HttpTransport({ concurrency: 1 })
    for (let i = 0; i < 5; i++) expect((await transport.send(get(`${base}/Users/${i}`))).response?.status).toBe(200)
    expect(sockets.size).toBe(1)
  })

  it('sends a request again on a new connection when the server closed the kept-alive one as it was reused', async () => {
    // a raw server: answers the first request of each connection and keeps it open, then drops
    // the connection on its second request without answering, like a server whose idle timeout
    // fired just as the client reused the connection
    let connections = 0
    tcp = createTcpServer((socket) => {
      tcpSockets.add(socket)
      connections++
      let requests = 0
      socket.on('data', (chunk) => {
        if (!chunk.toString('latin1').includes('\r\n\r\n')) return
        requests++
        if (requests === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}')
        else socket.destroy()
      })
    })
    await new Promise<void>((resolve) => tcp!.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`
    const transport = new HttpTransport({ concurrency: 1 })
    expect((await transport.send(get(`${base}/a`))).response?.status).toBe(200)
    const second = await transport.send(get(`${base}/b`))
    expect(second.error).toBeUndefined()
    expect(second.response?.status).toBe(200)
    expect(connections).toBe(2)
  })
})
