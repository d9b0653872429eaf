// The concurrent readers of `npm run soak` (scripts/soak.mjs), in a worker thread so that the
// engine's cycles in the main thread do not show up as reader latency. Each of `readers` loops
// back to back until `endAt` (epoch ms): an Entra-style userName lookup, a GET by id, a page of
// 100 users, a group lookup by displayName without members, a GET of a group. Every answer must
// be 200 with the expected shape; anything else, or a connection error, is an error.
// Posts { samples: { at, ms, op } columns, errors, firstErrors, byOp } when done.
import { performance } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { scimClient } from './http-client.mjs'

const { server, users, groups, readers, endAt, startedAt } = workerData
const { call, destroy } = scimClient({ maxSockets: readers })

const q = (s) => encodeURIComponent(s)
const pick = (list) => list[Math.floor(Math.random() * list.length)]

/** The reads, with how often each comes up (weights) and what a right answer looks like. */
const OPS = [
  {
    op: 'user-filter',
    weight: 3,
    path: () => `/Users?filter=${q(`userName eq "${pick(users).userName}"`)}`,
    ok: (r) => r.json?.totalResults === 1,
  },
  { op: 'user-by-id', weight: 3, path: () => `/Users/${pick(users).id}`, ok: (r) => typeof r.json?.id === 'string' },
  {
    op: 'user-page',
    weight: 1,
    path: () => `/Users?startIndex=${1 + Math.floor(Math.random() * Math.max(1, users.length - 99))}&count=100`,
    ok: (r) => Array.isArray(r.json?.Resources) && r.json.Resources.length > 0,
  },
  {
    op: 'group-filter',
    weight: 2,
    path: () => `/Groups?filter=${q(`displayName eq "${pick(groups).displayName}"`)}&excludedAttributes=members`,
    ok: (r) => r.json?.totalResults === 1 && r.json.Resources[0].members === undefined,
  },
  { op: 'group-by-id', weight: 1, path: () => `/Groups/${pick(groups).id}`, ok: (r) => typeof r.json?.id === 'string' },
]
const wheel = OPS.flatMap((o) => Array(o.weight).fill(o))

const at = []
const ms = []
const opIndex = []
const byOp = Object.fromEntries(OPS.map((o) => [o.op, 0]))
let errors = 0
const firstErrors = []

function noteError(text) {
  errors++
  if (firstErrors.length < 10) firstErrors.push(text)
}

async function reader() {
  while (Date.now() < endAt) {
    const o = pick(wheel)
    const path = o.path()
    const t0 = performance.now()
    try {
      const r = await call(server, 'GET', path)
      const took = performance.now() - t0
      if (r.status !== 200 || !o.ok(r)) noteError(`${o.op} GET ${path}: ${r.status} ${r.text.slice(0, 200)}`)
      at.push(Date.now() - startedAt)
      ms.push(took)
      opIndex.push(OPS.indexOf(o))
      byOp[o.op]++
    } catch (err) {
      noteError(`${o.op} GET ${path}: ${err.code ?? err.message}`)
    }
  }
}

await Promise.all(Array.from({ length: readers }, reader))
destroy()
parentPort.postMessage({
  at: Float64Array.from(at),
  ms: Float64Array.from(ms),
  opIndex: Uint8Array.from(opIndex),
  ops: OPS.map((o) => o.op),
  byOp,
  errors,
  firstErrors,
})
