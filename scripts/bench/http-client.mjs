// The load scripts' own HTTP client: node:http over a keep-alive agent, cheaper per request than
// fetch, so the client is not what limits a run. Shared by scripts/bench.mjs (seeding, checks),
// scripts/soak.mjs and its readers (scripts/bench/soak-readers.mjs).
import http from 'node:http'

/**
 * A client with its own keep-alive agent. `call(server, method, path, body)` sends a SCIM request
 * to `server.base + path` with `server.token` and resolves with { status, json, text }; it rejects
 * only on a connection error.
 */
export function scimClient({ maxSockets = 64 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets })

  function call(server, method, path, body, retried = false) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const url = new URL(server.base + path)
    return new Promise((resolveCall, rejectCall) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers: {
            authorization: `Bearer ${server.token}`,
            accept: 'application/scim+json',
            ...(payload ? { 'content-type': 'application/scim+json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks = []
          res.on('data', (c) => chunks.push(c))
          res.on('error', rejectCall)
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            let json
            try {
              json = text ? JSON.parse(text) : undefined
            } catch {
              json = undefined
            }
            resolveCall({ status: res.statusCode, json, text })
          })
        },
      )
      req.on('error', (err) => {
        // the server closed an idle keep-alive socket just as we reused it: nothing was processed
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried) resolveCall(call(server, method, path, body, true))
        else rejectCall(err)
      })
      req.end(payload)
    })
  }

  return { call, destroy: () => agent.destroy() }
}
