#!/usr/bin/env node
// `npm run bench:cycle`: one initial provisioning cycle of the simulated Entra ID client against
// the BUILT SCIM server, over real HTTP on 127.0.0.1 (issue 3, "Benchmark").
//
// 1. Starts our server exactly as a user runs it (token create, config set --enable, serve
//    --port 0 on a fresh temp workspace; scripts/bench/built-harness.mjs, shared with
//    `npm run bench`).
// 2. Compiles the engine from src/ with Vite (scripts/bench/engine-bundle.mjs says why) and
//    generates the source tenant with Directory.generate: BENCH_CYCLE_USERS users and
//    BENCH_CYCLE_GROUPS groups of exactly BENCH_CYCLE_MEMBERS members (membersPerGroup). Users
//    the generator blocks from sign-in (~1%) are unblocked, so every assigned user is created.
//    Every user and every group is assigned to the app (default mappings, default2017 dialect).
// 3. Times ProvisioningEngine.runCycle({ kind: 'initial' }) with the engine's default
//    concurrency: the probe, then per user the matching GET and the POST, per group the GET,
//    the POST and the member PATCHes, then the manager PATCHes (3.1, 3.5). The server runs in
//    its own process, as a target does; the engine runs in this one.
// 4. Checks the result against the server (every user and group there, every group with its
//    members) and reports wall time, objects/s (objects = users + groups), and the speedup over
//    Entra's documented best case of 0.01 minutes per object (objects x 0.6 s; also with the
//    group members counted, as the doc's formula does: azure-ad-provisioning.md 3.1 "Interval").
// Results: a Markdown summary on stdout, .bench/cycle-results.md and .bench/cycle-results.json.
//
// Environment: BENCH_CYCLE_USERS (10000), BENCH_CYCLE_GROUPS (200), BENCH_CYCLE_MEMBERS (50),
// BENCH_CYCLE_CONCURRENCY (the engine's default), BENCH_KEEP=1 keeps the temp workspace,
// BENCH_ENFORCE=1 exits non-zero when the cycle takes 60 s or more (by default only a failed
// cycle, a failed check or a missing build fail the run).
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { benchRun, cpuSeconds, fmt, machineInfo, procStatus, writeResults } from './bench/built-harness.mjs'
import { loadEngine } from './bench/engine-bundle.mjs'
import { assignedTenant, requestStats } from './bench/entra-tenant.mjs'

const { log, fail, cleanup, intEnv, requireBuild, stopServer, prepareWorkspace, serve } = benchRun('bench:cycle')

const USERS = intEnv('BENCH_CYCLE_USERS', 10_000)
const GROUPS = intEnv('BENCH_CYCLE_GROUPS', 200, 0)
const MEMBERS = intEnv('BENCH_CYCLE_MEMBERS', 50, 0)
const CONCURRENCY = process.env.BENCH_CYCLE_CONCURRENCY ? intEnv('BENCH_CYCLE_CONCURRENCY', 4) : undefined
const KEEP = process.env.BENCH_KEEP === '1'
const ENFORCE = process.env.BENCH_ENFORCE === '1'
const SEED = 'bench-cycle'

const TARGET_SECONDS = 60
/** Entra's best case: 0.01 minutes per object (azure-ad-provisioning.md 3.1 "Interval"). */
const ENTRA_SECONDS_PER_OBJECT = 0.6

/** A GET with the server's token; the JSON body. */
async function get(server, path) {
  const res = await fetch(server.base + path, { headers: { authorization: `Bearer ${server.token}`, accept: 'application/scim+json' } })
  if (res.status !== 200) fail(`check: GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return res.json()
}

/** What the server holds after the cycle, against what the cycle should have left there. */
async function checkTarget(server, engine, expectedUsers, expectedGroups) {
  const problems = []
  const users = await get(server, '/Users?count=1')
  if (users.totalResults !== expectedUsers) problems.push(`the server holds ${users.totalResults} users, expected ${expectedUsers}`)
  const groups = await get(server, '/Groups?count=1&excludedAttributes=members')
  if (groups.totalResults !== expectedGroups) problems.push(`the server holds ${groups.totalResults} groups, expected ${expectedGroups}`)
  const links = engine.links()
  if (links.users.length !== expectedUsers) problems.push(`the engine linked ${links.users.length} users, expected ${expectedUsers}`)
  const wrong = []
  for (const link of links.groups) {
    const group = await get(server, `/Groups/${link.targetId}`)
    if ((group.members ?? []).length !== MEMBERS) wrong.push(`${group.displayName}: ${(group.members ?? []).length}`)
  }
  if (wrong.length > 0)
    problems.push(`groups without exactly ${MEMBERS} members on the server: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? '...' : ''}`)
  return problems
}

function markdown(r) {
  const lines = [
    `### Initial cycle: ${fmt(r.config.users)} users, ${fmt(r.config.groups)} groups of ${r.config.membersPerGroup} members`,
    '',
    `${r.machine.cpuCount} x ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.date}, load average ${fmt(r.machine.loadAverageBefore, 2)} before the run; ` +
      `engine concurrency ${r.config.concurrency}.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| wall time of the cycle | ${fmt(r.wallSeconds, 1)} s |`,
    `| objects (users + groups) | ${fmt(r.objects)} |`,
    `| objects per second | ${fmt(r.objectsPerSecond)} |`,
    `| Entra's best case (0.6 s per object) | ${fmt(r.entra.bestCaseSeconds)} s (${fmt(r.entra.bestCaseSeconds / 60, 1)} min) |`,
    `| speedup over Entra's best case | ${fmt(r.entra.speedup)}x |`,
    `| ... with group members counted too (${fmt(r.entra.objectsWithMembers)} objects) | ${fmt(r.entra.speedupWithMembers)}x |`,
    `| requests | ${fmt(r.requests.total)} (${Object.entries(r.requests.byMethod)
      .map(([m, n]) => `${m} ${fmt(n)}`)
      .join(', ')}) |`,
    `| requests per second | ${fmt(r.requests.total / r.wallSeconds)} |`,
    `| request latency p50 / p99 / max | ${fmt(r.requests.latencyMs.p50)} / ${fmt(r.requests.latencyMs.p99)} / ${fmt(r.requests.latencyMs.max)} ms |`,
    `| CPU during the cycle: engine / server | ${fmt(r.cpuSeconds.engine, 1)} s / ${fmt(r.cpuSeconds.server, 1)} s |`,
    `| server RSS after the cycle | ${fmt(r.serverRssMb)} MB |`,
    `| target: under ${TARGET_SECONDS} s | ${r.targetMet ? 'met' : 'MISSED'} |`,
  ]
  return lines.join('\n')
}

async function main() {
  requireBuild('npm run bench:cycle')
  const loadBefore = loadavg()[0]
  if (loadBefore > 0.5)
    log(
      `warning: load average ${loadBefore.toFixed(2)} before the run: other processes are using this ${cpus().length}-CPU machine, so the wall time will be noisy`,
    )

  const t0 = performance.now()
  const engineModule = await loadEngine()
  const { ProvisioningEngine } = engineModule
  log(`engine compiled from src/ in ${fmt(performance.now() - t0)} ms`)

  const { workspace, token } = prepareWorkspace({ prefix: 'scim-bench-cycle-', label: 'bench-cycle', keep: KEEP })
  const server = await serve(workspace, token)
  log(`server: ${server.base} (pid ${server.pid}, workspace ${workspace})`)

  const t1 = performance.now()
  const { directory, config } = assignedTenant(engineModule, { server, token, users: USERS, groups: GROUPS, members: MEMBERS, seed: SEED })
  const users = directory.listUsers()
  const groups = directory.listGroups()
  const memberships = groups.reduce((n, g) => n + g.memberIds.length, 0)
  if (groups.some((g) => g.memberIds.length !== MEMBERS)) fail(`the generator did not give every group ${MEMBERS} members`)
  const engine = new ProvisioningEngine({ directory, config, ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}) })
  log(
    `tenant generated in ${fmt(performance.now() - t1)} ms: ${fmt(users.length)} users, ${fmt(groups.length)} groups, ${fmt(memberships)} memberships; all assigned`,
  )

  log('running the initial cycle...')
  const serverCpu0 = cpuSeconds(server.pid)
  const engineCpu0 = process.cpuUsage()
  const started = performance.now()
  const report = await engine.runCycle({ kind: 'initial' })
  const wallMs = performance.now() - started
  const engineCpu = process.cpuUsage(engineCpu0)
  const serverCpu = cpuSeconds(server.pid) - serverCpu0
  const serverRss = procStatus(server.pid).rssMb
  log(`cycle ${report.status} in ${fmt(wallMs / 1000, 1)} s`)

  const problems = []
  if (report.status !== 'completed') problems.push(`the cycle ended ${report.status}: ${report.message ?? ''}`)
  const failures = report.entries.filter((e) => e.status === 'Failure')
  if (failures.length > 0) problems.push(`${failures.length} entries failed, first: ${JSON.stringify(failures[0].statusInfo)}`)
  if (report.counts.byAction.Create !== users.length + groups.length) {
    problems.push(`${report.counts.byAction.Create} creates, expected ${users.length + groups.length}`)
  }
  problems.push(...(await checkTarget(server, engine, users.length, groups.length)))

  const wallSeconds = wallMs / 1000
  const objects = users.length + groups.length
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    config: {
      users: users.length,
      groups: groups.length,
      membersPerGroup: MEMBERS,
      memberships,
      seed: SEED,
      concurrency: CONCURRENCY ?? 'engine default (4)',
      dialect: config.dialect,
    },
    wallSeconds,
    objects,
    objectsPerSecond: objects / wallSeconds,
    entra: {
      secondsPerObject: ENTRA_SECONDS_PER_OBJECT,
      bestCaseSeconds: objects * ENTRA_SECONDS_PER_OBJECT,
      speedup: (objects * ENTRA_SECONDS_PER_OBJECT) / wallSeconds,
      objectsWithMembers: objects + memberships,
      speedupWithMembers: ((objects + memberships) * ENTRA_SECONDS_PER_OBJECT) / wallSeconds,
    },
    targetSeconds: TARGET_SECONDS,
    targetMet: wallSeconds < TARGET_SECONDS,
    requests: requestStats(report),
    counts: report.counts,
    cpuSeconds: { engine: (engineCpu.user + engineCpu.system) / 1e6, server: serverCpu },
    serverRssMb: serverRss,
    problems,
  }
  const stop = await stopServer(server)
  if (stop.code !== 0) problems.push(`the server exited with code ${stop.code} on SIGTERM`)

  const md = markdown(result)
  log(`wrote ${writeResults('cycle-results', result, md)} and cycle-results.json`)
  cleanup()
  if (problems.length > 0) {
    process.stderr.write(`bench:cycle: FAILED: ${problems.join('; ')}\n`)
    process.exit(1)
  }
  if (!result.targetMet) {
    log(
      `target missed: the cycle took ${fmt(wallSeconds, 1)} s, not under ${TARGET_SECONDS} s${ENFORCE ? '' : ' (set BENCH_ENFORCE=1 to fail the run on a miss)'}`,
    )
    if (ENFORCE) process.exit(1)
  } else {
    log(`target met: ${fmt(wallSeconds, 1)} s < ${TARGET_SECONDS} s`)
  }
}

main().catch((err) => fail(err?.stack ?? String(err)))
