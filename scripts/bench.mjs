#!/usr/bin/env node
// `npm run bench`: our BUILT SCIM server against a bare Express + Map ceiling and against SCIMMY
// (the SCIM library, behind scimmy-routers), on loopback.
//
// 1. Starts our server exactly as a user runs it (token create, config set --enable, serve
//    --port 0 on a fresh temp workspace), scripts/bench/ceiling-server.mjs and
//    scripts/bench/scimmy-server.mjs beside it.
// 2. Seeds all three through the real HTTP API: BENCH_USERS users (Entra-shaped POST /Users) and
//    BENCH_USERS/100 groups (max 1,000), each with ~100 members added by PATCH in batches.
// 3. Reads our server's RSS, stops it (SIGTERM), starts it again on the same workspace and
//    times the cold start (spawn -> "SCIM base URI:" line, spawn -> first answered lookup),
//    BENCH_COLD_STARTS times; the median is reported.
// 4. Against the restarted server, the ceiling and SCIMMY, runs each scenario with autocannon
//    (the order rotates per scenario and round, and reverses every other round, to spread machine
//    noise) after a short warm-up, and prints ours/ceiling and ours/SCIMMY ratios. A scenario
//    SCIMMY cannot express (it refuses Entra's default-dialect PATCH) is reported as such, not
//    timed. Any non-2xx or connection error fails the run.
// Results: a Markdown table on stdout, .bench/results.md and .bench/results.json.
//
// Environment: BENCH_USERS (100000), BENCH_GROUPS (users/100, max 1000), BENCH_SECONDS per
// scenario (10), BENCH_WARMUP seconds (1), BENCH_CONNECTIONS (10), BENCH_CREATE_CONNECTIONS
// (32), BENCH_SEED_CONCURRENCY (32), BENCH_ROUNDS per scenario and server (2; req/s over all
// rounds, p99 the mean of the rounds'), BENCH_COLD_STARTS (3), BENCH_KEEP=1 keeps the temp
// workspace, BENCH_SCIMMY=0 leaves SCIMMY out, BENCH_ENFORCE=1 exits non-zero when a target is
// missed (by default only errors, a missing build or a failed check fail the run). Targets are
// against the ceiling; the SCIMMY ratios have none.
// Quick run: BENCH_USERS=5000 BENCH_SECONDS=3 npm run bench
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { scimClient } from './bench/http-client.mjs'
import { benchRun, cpuSeconds, dirSizeMb, fmt, machineInfo, procStatus, root, SERVE_READY, serveArgs, writeResults } from './bench/built-harness.mjs'

const ceilingScript = join(root, 'scripts', 'bench', 'ceiling-server.mjs')
const scimmyScript = join(root, 'scripts', 'bench', 'scimmy-server.mjs')

// ------------------------------------------------------------------------------ configuration

const { log, fail, cleanup, onCleanup, intEnv, requireBuild, startServer, stopServer, prepareWorkspace } = benchRun('bench')

const USERS = intEnv('BENCH_USERS', 100_000, 200)
const GROUPS = intEnv('BENCH_GROUPS', Math.min(1000, Math.max(1, Math.round(USERS / 100))))
const MEMBERS_PER_GROUP = Math.min(100, USERS)
const MEMBER_BATCH = 50
const SECONDS = intEnv('BENCH_SECONDS', 10)
const WARMUP = intEnv('BENCH_WARMUP', 1, 0)
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 10)
const CREATE_CONNECTIONS = intEnv('BENCH_CREATE_CONNECTIONS', 32)
const SEED_CONCURRENCY = intEnv('BENCH_SEED_CONCURRENCY', 32)
const COLD_STARTS = intEnv('BENCH_COLD_STARTS', 3)
const ROUNDS = intEnv('BENCH_ROUNDS', 2)
const KEEP = process.env.BENCH_KEEP === '1'
const ENFORCE = process.env.BENCH_ENFORCE === '1'
const WITH_SCIMMY = process.env.BENCH_SCIMMY !== '0'

const TARGETS = {
  lookupRatio: 0.5, // Entra-style lookups: >= 50% of the ceiling's req/s ...
  lookupP99Ratio: 2, // ... with p99 <= 2x the ceiling's
  createRatio: 0.5, // durable creates (32 clients): >= 50% of the ceiling's creates/s
  coldStartMs: 2000, // spawn -> first answered lookup, at BENCH_USERS users
  rssMb: 400, // our server's RSS after seeding
}

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

// ------------------------------------------------------------------------------ HTTP client (seeding, checks)

const { call, destroy: destroyClient } = scimClient()
onCleanup(destroyClient)

async function expectStatus(server, status, method, path, body) {
  const res = await call(server, method, path, body)
  if (res.status !== status) {
    fail(`${server.label}: ${method} ${path} answered ${res.status}, expected ${status}: ${res.text.slice(0, 400)}`)
  }
  return res
}

/** The installed versions of packages (the SCIMMY figures belong to a version). */
function packageVersions(names) {
  return Object.fromEntries(names.map((name) => [name, JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version]))
}

/** What a successful PATCH answers: 204 from ours and the ceiling; SCIMMY (scimmy-routers) answers 200 with the resource when it changed. */
const patchStatus = (server) => server.patchStatus ?? 204

async function pool(count, concurrency, task) {
  let next = 0
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= count) return
      await task(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}

// ------------------------------------------------------------------------------ data

const pad = (i) => String(i).padStart(6, '0')
const userNameOf = (i) => `bench.user${pad(i)}@contoso.example`
const groupNameOf = (g) => `Bench Group ${String(g).padStart(4, '0')}`
const rand = (n) => Math.floor(Math.random() * n)

/** An Entra-shaped create (default attribute mappings, azure-ad-provisioning.md). */
function userBody(userName, i) {
  const n = pad(i)
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    externalId: `bench${n}`,
    userName,
    active: true,
    displayName: `Bench User ${n}`,
    title: 'Engineer',
    name: { formatted: `Given${n} Family${n}`, familyName: `Family${n}`, givenName: `Given${n}` },
    emails: [{ primary: true, type: 'work', value: userName }],
    [ENTERPRISE_SCHEMA]: { department: `Department ${i % 50}`, employeeNumber: n },
  }
}

async function seed(server) {
  const t0 = performance.now()
  server.userIds = new Array(USERS)
  let done = 0
  let nextReport = 0.1
  await pool(USERS, SEED_CONCURRENCY, async (i) => {
    const res = await expectStatus(server, 201, 'POST', '/Users', userBody(userNameOf(i), i))
    server.userIds[i] = res.json.id
    done++
    if (done / USERS >= nextReport) {
      log(`  ${server.label}: ${done} users (${Math.round(done / ((performance.now() - t0) / 1000))}/s)`)
      nextReport += 0.1
    }
  })
  const usersMs = performance.now() - t0

  const t1 = performance.now()
  server.groupIds = new Array(GROUPS)
  await pool(GROUPS, SEED_CONCURRENCY, async (g) => {
    const res = await expectStatus(server, 201, 'POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: groupNameOf(g),
      externalId: `bench-group-${g}`,
    })
    server.groupIds[g] = res.json.id
  })
  // members: group g holds users g*100 .. g*100+99 (mod USERS), added in batches like Entra
  const batches = []
  for (let g = 0; g < GROUPS; g++) {
    for (let k = 0; k < MEMBERS_PER_GROUP; k += MEMBER_BATCH) {
      const members = []
      for (let j = k; j < Math.min(k + MEMBER_BATCH, MEMBERS_PER_GROUP); j++) {
        members.push({ value: server.userIds[(g * MEMBERS_PER_GROUP + j) % USERS] })
      }
      batches.push({ g, members })
    }
  }
  // batches of one group run one after another (Entra serialises a group's membership changes)
  const byGroup = new Map()
  for (const b of batches) byGroup.set(b.g, [...(byGroup.get(b.g) ?? []), b])
  const groupList = [...byGroup.values()]
  await pool(groupList.length, SEED_CONCURRENCY, async (idx) => {
    for (const { g, members } of groupList[idx]) {
      await expectStatus(server, patchStatus(server), 'PATCH', `/Groups/${server.groupIds[g]}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'Add', path: 'members', value: members }],
      })
    }
  })
  const groupsMs = performance.now() - t1
  const seedResult = {
    users: USERS,
    usersSeconds: usersMs / 1000,
    usersPerSecond: USERS / (usersMs / 1000),
    groups: GROUPS,
    memberPatches: batches.length,
    groupsSeconds: groupsMs / 1000,
    groupRequestsPerSecond: (GROUPS + batches.length) / (groupsMs / 1000),
  }
  log(
    `  ${server.label}: seeded ${USERS} users in ${seedResult.usersSeconds.toFixed(1)} s (${Math.round(seedResult.usersPerSecond)}/s), ` +
      `${GROUPS} groups + ${batches.length} member PATCHes in ${seedResult.groupsSeconds.toFixed(1)} s`,
  )
  return seedResult
}

// ------------------------------------------------------------------------------ scenarios

let createSeq = 0
let patchSeq = 0
const jsonOf = (o) => JSON.stringify(o)

/**
 * Each scenario: how autocannon builds a request for a server (setupRequest varies the path or
 * body per request), which target applies, a one-request check that every server answers it the
 * same way before anything is timed, and `unsupported`: the servers that cannot express it, and
 * why (reported, not timed).
 */
const SCENARIOS = [
  {
    id: 'filter-hit',
    title: 'GET /Users?filter=userName eq (hit)',
    target: 'lookup',
    method: 'GET',
    next: (s) => ({ path: `${s.basePath}/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(rand(USERS))}"`)}` }),
    check: async (s) => {
      const i = rand(USERS)
      const r = await expectStatus(s, 200, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(i)}"`)}`)
      return r.json?.totalResults === 1 && r.json.Resources?.[0]?.id === s.userIds[i]
    },
  },
  {
    id: 'filter-miss',
    title: 'GET /Users?filter=userName eq (miss, random GUID)',
    target: 'lookup',
    method: 'GET',
    next: (s) => ({ path: `${s.basePath}/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}` }),
    check: async (s) => {
      const r = await expectStatus(s, 200, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`)
      return r.json?.totalResults === 0 && (r.json.Resources ?? []).length === 0
    },
  },
  {
    id: 'get-by-id',
    title: 'GET /Users/{id}',
    target: 'lookup',
    method: 'GET',
    next: (s) => ({ path: `${s.basePath}/Users/${s.userIds[rand(USERS)]}` }),
    check: async (s) => {
      const i = rand(USERS)
      const r = await expectStatus(s, 200, 'GET', `/Users/${s.userIds[i]}`)
      return r.json?.id === s.userIds[i] && r.json.userName === userNameOf(i)
    },
  },
  {
    id: 'group-filter',
    title: 'GET /Groups?filter=displayName eq &excludedAttributes=members',
    target: 'lookup',
    method: 'GET',
    next: (s) => ({
      path: `${s.basePath}/Groups?filter=${encodeURIComponent(`displayName eq "${groupNameOf(rand(GROUPS))}"`)}&excludedAttributes=members`,
    }),
    check: async (s) => {
      const g = rand(GROUPS)
      const r = await expectStatus(s, 200, 'GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${groupNameOf(g)}"`)}&excludedAttributes=members`)
      return r.json?.totalResults === 1 && r.json.Resources?.[0]?.id === s.groupIds[g] && r.json.Resources[0].members === undefined
    },
  },
  {
    id: 'create',
    title: 'POST /Users (durable create)',
    target: 'create',
    method: 'POST',
    connections: CREATE_CONNECTIONS,
    next: (s) => {
      const n = createSeq++
      return { path: `${s.basePath}/Users`, body: jsonOf(userBody(`bench.new${n}.${s.label}@contoso.example`, USERS + n)) }
    },
    check: async (s) => {
      const n = createSeq++
      const r = await expectStatus(s, 201, 'POST', '/Users', userBody(`bench.new${n}.${s.label}@contoso.example`, USERS + n))
      return typeof r.json?.id === 'string'
    },
  },
  {
    id: 'patch-default',
    title: 'PATCH /Users/{id}, default dialect (Replace path+value)',
    method: 'PATCH',
    unsupported: {
      scimmy: 'SCIMMY refuses it with 400 invalidValue: Entra\'s default dialect sends active as the string "False", and SCIMMY\'s PatchOp wants a boolean',
    },
    next: (s) => ({
      path: `${s.basePath}/Users/${s.userIds[rand(USERS)]}`,
      body: jsonOf({
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: 'Replace', path: 'displayName', value: `Renamed ${patchSeq++}` },
          { op: 'Replace', path: 'active', value: 'False' },
        ],
      }),
    }),
    check: async (s) => {
      const i = rand(USERS)
      const name = `Checked ${patchSeq++}`
      await expectStatus(s, patchStatus(s), 'PATCH', `/Users/${s.userIds[i]}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: 'Replace', path: 'displayName', value: name },
          { op: 'Replace', path: 'active', value: 'False' },
        ],
      })
      const r = await expectStatus(s, 200, 'GET', `/Users/${s.userIds[i]}`)
      return r.json?.displayName === name
    },
  },
  {
    id: 'patch-aad',
    title: 'PATCH /Users/{id}, aadOptscim062020 (replace, value object)',
    method: 'PATCH',
    next: (s) => {
      const n = patchSeq++
      return {
        path: `${s.basePath}/Users/${s.userIds[rand(USERS)]}`,
        body: jsonOf({
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', value: { displayName: `Renamed ${n}`, 'name.givenName': `Given ${n}` } }],
        }),
      }
    },
    check: async (s) => {
      const i = rand(USERS)
      const n = patchSeq++
      await expectStatus(s, patchStatus(s), 'PATCH', `/Users/${s.userIds[i]}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', value: { displayName: `Checked ${n}`, 'name.givenName': `Given ${n}` } }],
      })
      const r = await expectStatus(s, 200, 'GET', `/Users/${s.userIds[i]}`)
      return r.json?.displayName === `Checked ${n}` && r.json.name?.givenName === `Given ${n}`
    },
  },
  {
    id: 'page-100',
    title: 'GET /Users?startIndex=N&count=100',
    method: 'GET',
    next: (s) => ({ path: `${s.basePath}/Users?startIndex=${1 + rand(USERS - 99)}&count=100` }),
    check: async (s) => {
      // a page from within the first 100 and one from anywhere: both must start where asked
      // (scimmy-routers on Express 5 once served page 1 for every startIndex)
      for (const start of [2 + rand(98), 2 + rand(USERS - 100)]) {
        const r = await expectStatus(s, 200, 'GET', `/Users?startIndex=${start}&count=100`)
        if (!(r.json?.startIndex === start && r.json.itemsPerPage === 100 && r.json.Resources?.length === 100 && r.json.totalResults >= USERS)) return false
        const before = await expectStatus(s, 200, 'GET', `/Users?startIndex=${start - 1}&count=2`)
        if (before.json?.Resources?.[1]?.id !== r.json.Resources[0].id) return false
      }
      return true
    },
  },
]

async function runScenario(server, scenario) {
  const connections = scenario.connections ?? CONNECTIONS
  const opts = {
    url: server.origin,
    connections,
    duration: SECONDS,
    method: scenario.method,
    headers: {
      authorization: `Bearer ${server.token}`,
      accept: 'application/scim+json',
      ...(scenario.method !== 'GET' ? { 'content-type': 'application/scim+json' } : {}),
    },
    requests: [
      {
        method: scenario.method,
        setupRequest: (req) => Object.assign(req, scenario.next(server)),
      },
    ],
    ...(WARMUP > 0 ? { warmup: { connections, duration: WARMUP } } : {}),
  }
  const cpu0 = cpuSeconds(server.pid)
  const client0 = process.cpuUsage()
  const t0 = performance.now()
  const r = await autocannon(opts)
  const wall = (performance.now() - t0) / 1000
  const cpu = (cpuSeconds(server.pid) - cpu0) / wall
  const client = process.cpuUsage(client0)
  const clientCpu = (client.user + client.system) / 1e6 / wall
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]))
  return {
    connections,
    requests: r.requests.total,
    seconds: r.duration,
    rps: r.requests.total / r.duration,
    latencyMs: { avg: r.latency.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    bytesPerResponse: r.requests.total ? r.throughput.total / r.requests.total : 0,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    serverCpuPercent: Math.round(cpu * 100),
    clientCpuPercent: Math.round(clientCpu * 100),
  }
}

/** Several rounds of one scenario on one server: throughput over all of them, latencies averaged. */
function combine(list) {
  const sum = (f) => list.reduce((acc, m) => acc + f(m), 0)
  const mean = (f) => sum(f) / list.length
  const requests = sum((m) => m.requests)
  const seconds = sum((m) => m.seconds)
  return {
    connections: list[0].connections,
    requests,
    seconds,
    rps: requests / seconds,
    latencyMs: {
      avg: Math.round(mean((m) => m.latencyMs.avg) * 100) / 100,
      p50: Math.round(mean((m) => m.latencyMs.p50) * 10) / 10,
      p90: Math.round(mean((m) => m.latencyMs.p90) * 10) / 10,
      p99: Math.round(mean((m) => m.latencyMs.p99) * 10) / 10,
      max: Math.max(...list.map((m) => m.latencyMs.max)),
    },
    bytesPerResponse: mean((m) => m.bytesPerResponse),
    non2xx: sum((m) => m.non2xx),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    serverCpuPercent: Math.round(mean((m) => m.serverCpuPercent)),
    clientCpuPercent: Math.round(mean((m) => m.clientCpuPercent)),
    rounds: list,
  }
}

// ------------------------------------------------------------------------------ report

function judge(row) {
  if (row.target === 'lookup') {
    const ok = row.ratio >= TARGETS.lookupRatio && row.p99Ratio <= TARGETS.lookupP99Ratio
    return { met: ok, text: ok ? 'yes' : 'no', rule: `>= ${TARGETS.lookupRatio * 100}% req/s, p99 <= ${TARGETS.lookupP99Ratio}x` }
  }
  if (row.target === 'create') {
    const ok = row.ratio >= TARGETS.createRatio
    return { met: ok, text: ok ? 'yes' : 'no', rule: `>= ${TARGETS.createRatio * 100}% req/s` }
  }
  return { met: undefined, text: '- (no target)', rule: '' }
}

function markdown(result) {
  const lines = []
  lines.push(`### SCIM Harness bench: ${fmt(USERS)} users, ${fmt(GROUPS)} groups x ${MEMBERS_PER_GROUP} members`)
  lines.push('')
  lines.push(
    `${result.machine.cpuCount} x ${result.machine.cpuModel}, ${fmt(result.machine.memoryGb, 0)} GB, Node ${result.machine.node}, ${result.date}, ` +
      `load average ${fmt(result.machine.loadAverageBefore, 2)} before the run. ` +
      `autocannon ${ROUNDS} x ${SECONDS} s per scenario and server (+${WARMUP} s warm-up each), ${CONNECTIONS} connections (${CREATE_CONNECTIONS} for creates), ` +
      "ours and the ceiling alternately (ABBA); req/s over all rounds, p99 the mean of the rounds'. Ceiling: bare Express 5 + Map, no persistence, no validation (scripts/bench/ceiling-server.mjs).",
  )
  lines.push('')
  lines.push('| scenario | ours req/s | ceiling req/s | ratio | ours p99 ms | ceiling p99 ms | p99 ratio | target met |')
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|')
  for (const row of result.scenarios) {
    lines.push(
      `| ${row.title} | ${fmt(row.ours.rps)} | ${fmt(row.ceiling.rps)} | ${fmt(row.ratio, 2)} | ${fmt(row.ours.latencyMs.p99)} | ${fmt(row.ceiling.latencyMs.p99)} | ${fmt(row.p99Ratio, 2)} | ${row.verdict.text} |`,
    )
  }
  const c = result.coldStart
  const rssOk = result.rss.afterSeedMb < TARGETS.rssMb
  const coldOk = c.firstResponseMs < TARGETS.coldStartMs
  lines.push('')
  lines.push(`| at ${fmt(USERS)} users | ours | ceiling | target | met |`)
  lines.push('|---|---:|---:|---|---|')
  lines.push(
    `| RSS after seeding | ${fmt(result.rss.afterSeedMb)} MB | ${fmt(result.rss.ceilingAfterSeedMb)} MB | < ${TARGETS.rssMb} MB | ${rssOk ? 'yes' : 'no'} |`,
  )
  const spread = (key) => (c.runs.length > 1 ? ` (${c.runs.map((run) => fmt(run[key])).join(', ')})` : '')
  lines.push(`| cold start: spawn -> "SCIM base URI" line, median${spread('baseUriMs')} | ${fmt(c.baseUriMs)} ms | | | |`)
  lines.push(
    `| cold start: spawn -> first lookup answered, median${spread('firstResponseMs')} | ${fmt(c.firstResponseMs)} ms | | < ${TARGETS.coldStartMs} ms | ${coldOk ? 'yes' : 'no'} |`,
  )
  lines.push('')
  lines.push(
    "Targets: Entra-style lookups (the first four rows) >= 50% of the ceiling's req/s with p99 <= 2x; durable creates >= 50%; cold start < 2 s; RSS < 400 MB. Latency has 1 ms resolution (autocannon).",
  )
  if (result.scimmy) lines.push('', ...scimmyMarkdown(result))
  lines.push('')
  lines.push('Details:')
  lines.push('')
  lines.push(
    '| scenario | conns | ours p50 / p99 / max ms | ceiling p50 / p99 / max ms | ours / ceiling bytes per response | server CPU ours / ceiling | load generator CPU (ours / ceiling runs) | non-2xx + errors (ours / ceiling) |',
  )
  lines.push('|---|---:|---|---|---|---|---|---|')
  for (const row of result.scenarios) {
    const o = row.ours
    const k = row.ceiling
    lines.push(
      `| ${row.id} | ${o.connections} | ${o.latencyMs.p50} / ${o.latencyMs.p99} / ${o.latencyMs.max} | ${k.latencyMs.p50} / ${k.latencyMs.p99} / ${k.latencyMs.max} | ${fmt(o.bytesPerResponse)} / ${fmt(k.bytesPerResponse)} | ${o.serverCpuPercent}% / ${k.serverCpuPercent}% | ${o.clientCpuPercent}% / ${k.clientCpuPercent}% | ${o.non2xx + o.errors} / ${k.non2xx + k.errors} |`,
    )
  }
  lines.push('')
  const so = result.seed.ours
  const sk = result.seed.ceiling
  lines.push(
    `Seeding through HTTP (${SEED_CONCURRENCY} concurrent clients): ours ${fmt(so.usersPerSecond)} users/s (${fmt(so.usersSeconds, 1)} s), ` +
      `groups + member PATCHes ${fmt(so.groupsSeconds, 1)} s; ceiling ${fmt(sk.usersPerSecond)} users/s (${fmt(sk.usersSeconds, 1)} s), ${fmt(sk.groupsSeconds, 1)} s.`,
  )
  lines.push(
    `Our server: RSS ${fmt(result.rss.afterSeedMb)} MB after seeding, ${fmt(c.rssAfterFirstResponseMb)} MB right after the cold start (a fresh load of the seeded workspace), ` +
      `${fmt(result.rss.afterScenariosMb)} MB after the scenarios (peak ${fmt(result.rss.peakMb)} MB since the restart). ` +
      `SIGTERM to exit: ${fmt(result.stop.ms)} ms after seeding, ${fmt(result.finalStop.ms)} ms after the scenarios. ` +
      `Workspace on disk: ${fmt(result.workspaceMb.afterSeed, 1)} MB after seeding, ${fmt(result.workspaceMb.afterStop, 1)} MB after the first stop, ` +
      `${fmt(result.workspaceAfterFinalStopMb, 1)} MB at the end.`,
  )
  if (result.problems.length > 0) {
    lines.push('')
    lines.push(`**Problems:** ${result.problems.join('; ')}`)
  }
  return lines.join('\n')
}

/** The same run against SCIMMY: ours/SCIMMY per scenario, or why SCIMMY was not timed. */
function scimmyMarkdown(result) {
  const v = result.scimmy.versions
  const lines = [
    `Against SCIMMY ${v.scimmy} + scimmy-routers ${v['scimmy-routers']} (scripts/bench/scimmy-server.mjs: SCIMMY parses, validates, filters, patches and pages; in-memory Maps behind its ingress/egress/degress handlers, ` +
      'indexed `eq` lookups, no persistence), measured in the same run and rotation. Ratios above 1 mean ours is faster (req/s) or slower (p99). No targets.',
    '',
    '| scenario | ours req/s | SCIMMY req/s | ours / SCIMMY | ours p99 ms | SCIMMY p99 ms | p99 ours / SCIMMY | SCIMMY p50 / max ms | server CPU SCIMMY |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ]
  const notes = []
  for (const row of result.scenarios) {
    const k = row.scimmy
    if (k.unsupported) {
      notes.push(`${row.id}: ${k.unsupported}`)
      lines.push(`| ${row.title} | ${fmt(row.ours.rps)} | not expressible (see below) | - | ${fmt(row.ours.latencyMs.p99)} | - | - | - | - |`)
      continue
    }
    lines.push(
      `| ${row.title} | ${fmt(row.ours.rps)} | ${fmt(k.rps)} | ${fmt(row.scimmyRatio, 2)} | ${fmt(row.ours.latencyMs.p99)} | ${fmt(k.latencyMs.p99)} | ${fmt(row.scimmyP99Ratio, 2)} | ${k.latencyMs.p50} / ${k.latencyMs.max} | ${k.serverCpuPercent}% |`,
    )
  }
  const sk = result.seed.scimmy
  lines.push('')
  if (notes.length > 0) lines.push(`Not timed on SCIMMY: ${notes.join('; ')}.`)
  lines.push(
    `SCIMMY answers a PATCH with 200 and the resource (ours and the ceiling: 204). Seeding SCIMMY: ${fmt(sk.usersPerSecond)} users/s (${fmt(sk.usersSeconds, 1)} s), ` +
      `groups + member PATCHes ${fmt(sk.groupsSeconds, 1)} s. RSS ${fmt(result.rss.scimmyAfterSeedMb)} MB after seeding, ${fmt(result.rss.scimmyAfterScenariosMb)} MB after the scenarios.`,
  )
  return lines
}

// ------------------------------------------------------------------------------ main

async function main() {
  requireBuild('npm run bench')
  log(`${USERS} users, ${GROUPS} groups, ${SECONDS} s per scenario, ${CONNECTIONS} connections (${CREATE_CONNECTIONS} for creates)`)
  const loadBefore = loadavg()[0]
  if (loadBefore > 0.5) {
    log(
      `warning: load average ${loadBefore.toFixed(2)} before the run: other processes are using this ${cpus().length}-CPU machine, ` +
        'so absolute figures will be noisy (ratios less so: ours and the ceiling alternate)',
    )
  }

  const { workspace, token } = prepareWorkspace({ prefix: 'scim-bench-', label: 'bench', keep: KEEP })

  const ceilingToken = randomUUID()
  let ours = await startServer('ours', serveArgs(workspace), SERVE_READY)
  ours.token = token
  const ceiling = await startServer('ceiling', [ceilingScript, '--port', '0'], /Ceiling base URI: (\S+)/, { CEILING_TOKEN: ceilingToken })
  ceiling.token = ceilingToken
  log(`ours: ${ours.base} (pid ${ours.pid}, workspace ${workspace}); ceiling: ${ceiling.base} (pid ${ceiling.pid})`)
  let scimmy
  if (WITH_SCIMMY) {
    const scimmyToken = randomUUID()
    scimmy = await startServer('scimmy', [scimmyScript, '--port', '0'], /SCIMMY base URI: (\S+)/, { SCIMMY_TOKEN: scimmyToken })
    scimmy.token = scimmyToken
    scimmy.patchStatus = 200
    log(`SCIMMY: ${scimmy.base} (pid ${scimmy.pid})`)
  }

  log('seeding ours...')
  const seedOurs = await seed(ours)
  log('seeding the ceiling...')
  const seedCeiling = await seed(ceiling)
  let seedScimmy
  if (scimmy) {
    log('seeding SCIMMY...')
    seedScimmy = await seed(scimmy)
  }
  const rssAfterSeed = procStatus(ours.pid)
  const ceilingRss = procStatus(ceiling.pid)
  const scimmyRss = scimmy ? procStatus(scimmy.pid) : undefined
  const workspaceAfterSeed = dirSizeMb(workspace)
  log(`our RSS after seeding: ${fmt(rssAfterSeed.rssMb)} MB (ceiling ${fmt(ceilingRss.rssMb)} MB${scimmy ? `, SCIMMY ${fmt(scimmyRss.rssMb)} MB` : ''})`)

  const problems = []
  // cold start on the same workspace, at exactly the seeded size, BENCH_COLD_STARTS times; the scenarios then run against
  // the restarted server (which also shows that every seeded write survived the restart)
  const coldStarts = []
  let stop
  let workspaceAfterStop
  for (let round = 1; round <= COLD_STARTS; round++) {
    log(`cold start ${round}/${COLD_STARTS}: stopping ours (SIGTERM)...`)
    const stopped = await stopServer(ours)
    if (stopped.code !== 0) problems.push(`our server exited with code ${stopped.code} (signal ${stopped.signal}) on SIGTERM`)
    if (round === 1) {
      stop = stopped
      workspaceAfterStop = dirSizeMb(workspace)
    }
    log(`  exited in ${fmt(stopped.ms)} ms; starting it again...`)
    const previous = ours
    ours = await startServer('ours', serveArgs(workspace), SERVE_READY)
    ours.token = token
    ours.userIds = previous.userIds
    ours.groupIds = previous.groupIds
    const probeIndex = rand(USERS)
    const probePath = `/Users?filter=${encodeURIComponent(`userName eq "${userNameOf(probeIndex)}"`)}`
    let firstResponseMs
    for (;;) {
      let r
      try {
        r = await call(ours, 'GET', probePath)
      } catch {
        // not accepting connections yet
      }
      if (r?.status === 200 && r.json?.totalResults === 1 && r.json.Resources[0].id === ours.userIds[probeIndex]) {
        firstResponseMs = performance.now() - ours.spawnedAt
        break
      }
      if (r && r.status !== 503) fail(`after the restart, the lookup of a seeded user answered ${r.status}: ${r.text.slice(0, 300)}`)
      if (performance.now() - ours.spawnedAt > 120_000) fail('after the restart, no lookup was answered within 120 s')
      await new Promise((resolveWait) => setTimeout(resolveWait, 5))
    }
    coldStarts.push({ baseUriMs: ours.readyMs, firstResponseMs, rssAfterFirstResponseMb: procStatus(ours.pid).rssMb })
    log(`  Base URI after ${fmt(ours.readyMs)} ms, first lookup answered after ${fmt(firstResponseMs)} ms`)
  }
  const median = (key) => {
    const sorted = coldStarts.map((c) => c[key]).sort((x, y) => x - y)
    return sorted[Math.floor((sorted.length - 1) / 2)]
  }
  const coldStart = {
    baseUriMs: median('baseUriMs'),
    firstResponseMs: median('firstResponseMs'),
    rssAfterFirstResponseMb: median('rssAfterFirstResponseMb'),
    runs: coldStarts,
  }
  log(`cold start (median of ${COLD_STARTS}): Base URI after ${fmt(coldStart.baseUriMs)} ms, first lookup answered after ${fmt(coldStart.firstResponseMs)} ms`)

  // same answers from every server before timing anything; a scenario marked unsupported on a
  // server must really be refused there (if a SCIMMY release starts accepting it, time it instead)
  const servers = scimmy ? [ours, ceiling, scimmy] : [ours, ceiling]
  const checkProblems = []
  for (const scenario of SCENARIOS) {
    for (const server of servers) {
      if (scenario.unsupported?.[server.label]) {
        const req = scenario.next(server)
        const r = await call(server, scenario.method, req.path.slice(server.basePath.length), req.body === undefined ? undefined : JSON.parse(req.body))
        if (r.status < 400) checkProblems.push(`${server.label} answered the ${scenario.id} request marked unsupported with ${r.status}: time it instead`)
        else log(`${scenario.id}: ${server.label} refuses it (${r.status}), as expected: ${scenario.unsupported[server.label]}`)
        continue
      }
      if (!(await scenario.check(server))) checkProblems.push(`${server.label} answered the ${scenario.id} check wrongly`)
    }
  }
  if (checkProblems.length > 0) fail(checkProblems.join('; '))

  const rows = []
  for (const [index, scenario] of SCENARIOS.entries()) {
    // ours and the ceiling in ABBA order across rounds (ours, ceiling | ceiling, ours | ...),
    // flipped for every other scenario, so a slow drift of the machine's load falls on both alike;
    // SCIMMY goes first or last in turn (A B C | C B A | ...), so it sits on both sides of them
    const timed = servers.filter((server) => !scenario.unsupported?.[server.label])
    const runs = Object.fromEntries(timed.map((server) => [server.label, []]))
    for (let round = 0; round < ROUNDS; round++) {
      const pair = (index + round) % 2 === 0 ? [ours, ceiling] : [ceiling, ours]
      const third = timed.includes(scimmy) ? [scimmy] : []
      const order = (Math.floor(index / 2) + round) % 2 === 0 ? [...pair, ...third] : [...third, ...pair]
      for (const server of order) {
        log(`${scenario.id}${ROUNDS > 1 ? ` (round ${round + 1}/${ROUNDS})` : ''}: ${server.label}...`)
        const m = await runScenario(server, scenario)
        runs[server.label].push(m)
        log(
          `  ${fmt(m.rps)} req/s, p99 ${m.latencyMs.p99} ms, server CPU ${m.serverCpuPercent}%, load generator CPU ${m.clientCpuPercent}%, non-2xx ${m.non2xx}, errors ${m.errors}`,
        )
        if (m.non2xx > 0 || m.errors > 0) {
          problems.push(`${scenario.id} on ${server.label}: ${m.non2xx} non-2xx (${JSON.stringify(m.statusCodes)}), ${m.errors} errors, ${m.timeouts} timeouts`)
        }
      }
    }
    const measured = { ours: combine(runs.ours), ceiling: combine(runs.ceiling) }
    const row = {
      id: scenario.id,
      title: scenario.title,
      target: scenario.target,
      ours: measured.ours,
      ceiling: measured.ceiling,
      ratio: measured.ours.rps / measured.ceiling.rps,
      p99Ratio: Math.max(1, measured.ours.latencyMs.p99) / Math.max(1, measured.ceiling.latencyMs.p99),
    }
    if (scimmy && runs.scimmy) {
      row.scimmy = combine(runs.scimmy)
      row.scimmyRatio = measured.ours.rps / row.scimmy.rps
      row.scimmyP99Ratio = Math.max(1, measured.ours.latencyMs.p99) / Math.max(1, row.scimmy.latencyMs.p99)
    } else if (scimmy) {
      row.scimmy = { unsupported: scenario.unsupported.scimmy }
    }
    row.verdict = judge(row)
    rows.push(row)
  }
  const rssAfterScenarios = procStatus(ours.pid)
  const scimmyRssAfterScenarios = scimmy ? procStatus(scimmy.pid) : undefined

  log('stopping both servers...')
  const finalStop = await stopServer(ours)
  if (finalStop.code !== 0) problems.push(`our server exited with code ${finalStop.code} on the final SIGTERM`)
  await stopServer(ceiling, 10_000)
  if (scimmy) await stopServer(scimmy, 10_000)

  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    config: {
      scimmy: WITH_SCIMMY,
      rounds: ROUNDS,
      coldStarts: COLD_STARTS,
      users: USERS,
      groups: GROUPS,
      membersPerGroup: MEMBERS_PER_GROUP,
      seconds: SECONDS,
      warmup: WARMUP,
      connections: CONNECTIONS,
      createConnections: CREATE_CONNECTIONS,
      seedConcurrency: SEED_CONCURRENCY,
    },
    targets: TARGETS,
    seed: { ours: seedOurs, ceiling: seedCeiling, ...(scimmy ? { scimmy: seedScimmy } : {}) },
    rss: {
      afterSeedMb: rssAfterSeed.rssMb,
      afterScenariosMb: rssAfterScenarios.rssMb,
      peakMb: rssAfterScenarios.peakRssMb,
      ceilingAfterSeedMb: ceilingRss.rssMb,
      ...(scimmy ? { scimmyAfterSeedMb: scimmyRss.rssMb, scimmyAfterScenariosMb: scimmyRssAfterScenarios.rssMb } : {}),
    },
    scimmy: scimmy ? { versions: packageVersions(['scimmy', 'scimmy-routers']) } : undefined,
    workspaceMb: { afterSeed: workspaceAfterSeed, afterStop: workspaceAfterStop },
    stop,
    finalStop,
    workspaceAfterFinalStopMb: dirSizeMb(workspace),
    coldStart,
    scenarios: rows,
    problems,
  }
  const md = markdown(result)
  const missed = [
    ...rows.filter((r) => r.verdict.met === false).map((r) => r.id),
    ...(result.rss.afterSeedMb < TARGETS.rssMb ? [] : ['rss']),
    ...(coldStart.firstResponseMs < TARGETS.coldStartMs ? [] : ['cold-start']),
  ]
  result.targetsMissed = missed
  log(`wrote ${writeResults('results', result, md)} and results.json`)
  cleanup()
  if (problems.length > 0) {
    process.stderr.write(`bench: FAILED: ${problems.join('; ')}\n`)
    process.exit(1)
  }
  if (missed.length > 0) {
    log(`targets missed: ${missed.join(', ')}${ENFORCE ? '' : ' (set BENCH_ENFORCE=1 to fail the run on a miss)'}`)
    if (ENFORCE) process.exit(1)
  } else {
    log('every target met')
  }
}

main().catch((err) => fail(err?.stack ?? String(err)))
