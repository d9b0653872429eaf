#!/usr/bin/env node
// `npm run soak`: the simulated Entra ID cycling against the BUILT SCIM server on a 10,000-user
// directory while concurrent readers query it, for SOAK_MINUTES (issue 6, "Load and soak").
//
// 1. Starts our server as a user runs it (token create, config set --enable, serve --port 0 on a
//    fresh temp workspace; scripts/bench/built-harness.mjs) and compiles the engine from src/
//    (scripts/bench/engine-bundle.mjs). Generates the tenant as `npm run bench:cycle` does
//    (scripts/bench/entra-tenant.mjs): SOAK_USERS users, SOAK_GROUPS groups of SOAK_MEMBERS,
//    everything assigned, and runs the initial cycle.
// 2. For SOAK_MINUTES, back to back: mutate the source directory, then run an incremental cycle
//    (ProvisioningEngine.runCycle). Each round edits attributes, blocks sign-in (and unblocks the
//    last round's), soft deletes (and restores the last round's), swaps group members, and
//    unassigns users that only a direct assignment keeps in scope (and reassigns the last
//    round's), so every cycle sends real PATCHes. Meanwhile SOAK_READERS readers in a worker
//    thread (scripts/bench/soak-readers.mjs) query the server back to back: userName filters,
//    GET by id, pages of 100, group filters and GETs.
// 3. Reports cycles run, requests by the engine and by the readers, errors, the server's RSS
//    (VmRSS of the server process) at the start, middle and end of the soak, reader latency
//    p50/p95/p99 per third of the run, and the cycles' durations. Any engine request that fails
//    or answers >= 400, any failed log entry, any cycle that does not complete, and any reader
//    answer that is not a right 200 (or a connection error) is an error; errors fail the run.
// Results: a Markdown summary on stdout, .bench/soak-results.md and .bench/soak-results.json.
//
// Environment: SOAK_MINUTES (10), SOAK_USERS (10000), SOAK_GROUPS (200), SOAK_MEMBERS (50),
// SOAK_READERS (4), SOAK_CHANGES (edits per round: 100; the other changes scale from it),
// SOAK_CONCURRENCY (the engine's default), BENCH_KEEP=1 keeps the temp workspace.
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { benchRun, cpuSeconds, fmt, machineInfo, procStatus, writeResults } from './bench/built-harness.mjs'
import { loadEngine } from './bench/engine-bundle.mjs'
import { assignedTenant, cycleExchanges } from './bench/entra-tenant.mjs'
import { latencySummary } from './bench/stats.mjs'

const { log, fail, cleanup, intEnv, requireBuild, stopServer, prepareWorkspace, serve } = benchRun('soak')

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10)
if (!(MINUTES > 0)) fail(`SOAK_MINUTES must be a positive number; got '${process.env.SOAK_MINUTES}'.`)
const USERS = intEnv('SOAK_USERS', 10_000, 100)
const GROUPS = intEnv('SOAK_GROUPS', 200)
const MEMBERS = intEnv('SOAK_MEMBERS', 50)
const READERS = intEnv('SOAK_READERS', 4)
const CHANGES = intEnv('SOAK_CHANGES', 100)
const CONCURRENCY = process.env.SOAK_CONCURRENCY ? intEnv('SOAK_CONCURRENCY', 4) : undefined
const KEEP = process.env.BENCH_KEEP === '1'
const SEED = 'soak'
const RSS_SAMPLE_MS = 5_000

/** A small seeded PRNG (mulberry32), so a run's changes can be replayed. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The source-side changes between cycles. Each round undoes the previous round's blocks, soft
 * deletes and unassignments (so the directory does not drain over ten minutes) and makes new ones.
 */
function changeMaker(directory, engine) {
  const random = prng(0x50a4)
  const pickFrom = (list) => list[Math.floor(random() * list.length)]
  const userIds = directory.listUsers().map((u) => u.objectId)
  const groupIds = directory.listGroups().map((g) => g.objectId)
  // only users in no group leave scope when unassigned (a group assignment keeps the rest in)
  const ungrouped = userIds.filter((id) => directory.groupsOf(id).length === 0)
  let last = { blocked: [], softDeleted: [], unassigned: [] }
  const touched = new Set()
  /** A user none of this round's other changes has touched, in the state `want` asks for. */
  const freshUser = (from, want = () => true) => {
    for (let tries = 0; tries < 50; tries++) {
      const id = pickFrom(from)
      const user = directory.getUser(id)
      if (!touched.has(id) && user && !user.softDeletedAt && user.accountEnabled && want(user)) {
        touched.add(id)
        return id
      }
    }
    return undefined
  }

  return function round(n) {
    touched.clear()
    const made = { edited: 0, blocked: 0, unblocked: 0, softDeleted: 0, restored: 0, membersAdded: 0, membersRemoved: 0, unassigned: 0, reassigned: 0 }
    // undo the last round's blocks, soft deletes and unassignments
    const undo = [
      ['blocked', 'unblocked', (id) => directory.unblockSignIn(id)],
      ['softDeleted', 'restored', (id) => directory.restore(id)],
      ['unassigned', 'reassigned', (id) => engine.assignUser(id)],
    ]
    for (const [list, counter, apply] of undo) {
      for (const id of last[list]) {
        apply(id)
        made[counter]++
        touched.add(id)
      }
    }
    const next = { blocked: [], softDeleted: [], unassigned: [] }
    for (let i = 0; i < CHANGES; i++) {
      const id = freshUser(userIds)
      if (!id) continue
      directory.updateUser(id, { jobTitle: `Soak title ${n}.${i}`, department: `Soak department ${n % 7}` })
      made.edited++
    }
    // new blocks, soft deletes and unassignments, undone next round
    const make = [
      ['blocked', CHANGES / 10, userIds, (id) => directory.blockSignIn(id)],
      ['softDeleted', CHANGES / 20, userIds, (id) => directory.softDelete(id)],
      ['unassigned', CHANGES / 20, ungrouped, (id) => engine.unassignUser(id)],
    ]
    for (const [list, count, from, apply] of make) {
      for (let i = 0; i < Math.ceil(count) && from.length > 0; i++) {
        const id = freshUser(from)
        if (!id) continue
        apply(id)
        next[list].push(id)
        made[list]++
      }
    }
    // membership: in CHANGES/10 groups, one member out and one active user in
    for (let i = 0; i < Math.ceil(CHANGES / 10); i++) {
      const group = directory.getGroup(pickFrom(groupIds))
      const out = group.memberIds.find((m) => !touched.has(m) && directory.kindOf(m) === 'user')
      if (out) {
        directory.removeMember(group.objectId, out)
        touched.add(out)
        made.membersRemoved++
      }
      const incoming = freshUser(userIds, (u) => !directory.getGroup(group.objectId).memberIds.includes(u.objectId))
      if (incoming) {
        directory.addMember(group.objectId, incoming)
        made.membersAdded++
      }
    }
    last = next
    return made
  }
}

/** A cycle's errors: failed requests, >= 400 answers, failed entries, a cycle that did not complete. */
function cycleProblems(report) {
  const problems = []
  if (report.status !== 'completed') problems.push(`cycle ${report.cycleId} ended ${report.status}: ${report.message ?? ''}`)
  for (const x of cycleExchanges(report)) {
    if (x.error) problems.push(`${x.request.method} ${x.request.url}: ${x.error.kind} ${x.error.message}`)
    else if (x.response && x.response.status >= 400)
      problems.push(`${x.request.method} ${x.request.url}: ${x.response.status} ${x.response.body.slice(0, 200)}`)
  }
  for (const e of report.entries) if (e.status === 'Failure') problems.push(`entry ${e.action} ${e.sourceIdentity.id} failed: ${JSON.stringify(e.statusInfo)}`)
  return problems
}

function markdown(r) {
  const t = r.thirds
  const lines = [
    `### Soak: ${fmt(r.minutes, 1)} minutes, ${fmt(r.config.users)} users, ${fmt(r.config.groups)} groups of ${r.config.membersPerGroup}, ${r.config.readers} readers`,
    '',
    `${r.machine.cpuCount} x ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.date}, load average ${fmt(r.machine.loadAverageBefore, 2)} before the run, ` +
      `${fmt(r.machine.loadAverageAfter, 2)} after. Engine concurrency ${r.config.concurrency}; each round changes ${r.config.changes} users' attributes and scales the rest from it.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| incremental cycles run back to back (completed) | ${fmt(r.cycles.count)} (${fmt(r.cycles.completed)}) |`,
    `| initial cycle | ${fmt(r.initialCycle.seconds, 1)} s, ${fmt(r.initialCycle.requests)} requests |`,
    `| requests by the engine during the soak | ${fmt(r.engine.requests)} (${Object.entries(r.engine.byMethod)
      .map(([m, n]) => `${m} ${fmt(n)}`)
      .join(', ')}) |`,
    `| requests by the readers | ${fmt(r.readers.requests)} (${fmt(r.readers.requests / (r.soakSeconds || 1))}/s; ${Object.entries(r.readers.byOp)
      .map(([op, n]) => `${op} ${fmt(n)}`)
      .join(', ')}) |`,
    `| errors (engine / readers) | ${fmt(r.errors.engine)} / ${fmt(r.errors.readers)} |`,
    `| server RSS at start / middle / end | ${fmt(r.rss.startMb)} / ${fmt(r.rss.middleMb)} / ${fmt(r.rss.endMb)} MB (min ${fmt(r.rss.minMb)}, max ${fmt(r.rss.maxMb)} over ${r.rss.samples.length} samples; peak VmHWM ${fmt(r.rss.peakMb)} MB) |`,
    `| server CPU during the soak | ${fmt(r.serverCpuSeconds, 0)} s (${fmt((100 * r.serverCpuSeconds) / r.soakSeconds)}% of one core) |`,
    `| cycle duration min / median / p95 / max | ${fmt(r.cycles.durationSeconds.min, 2)} / ${fmt(r.cycles.durationSeconds.median, 2)} / ${fmt(r.cycles.durationSeconds.p95, 2)} / ${fmt(r.cycles.durationSeconds.max, 2)} s |`,
    `| changes per cycle (mean): edits, blocks + unblocks, soft deletes + restores, member adds + removes, unassigns + reassigns | ${r.changesPerCycle} |`,
    `| log entries per cycle (mean) by action | ${Object.entries(r.cycles.meanEntriesByAction)
      .map(([a, n]) => `${a} ${fmt(n, 1)}`)
      .join(', ')} |`,
    '',
    'Reader latency (ms), all reads, per third of the soak:',
    '',
    '| third | reads | p50 | p95 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|',
    ...t.map((x, i) => `| ${['first', 'second', 'last'][i]} | ${fmt(x.count)} | ${fmt(x.p50, 1)} | ${fmt(x.p95, 1)} | ${fmt(x.p99, 1)} | ${fmt(x.max, 1)} |`),
    `| whole soak | ${fmt(r.readers.latencyMs.count)} | ${fmt(r.readers.latencyMs.p50, 1)} | ${fmt(r.readers.latencyMs.p95, 1)} | ${fmt(r.readers.latencyMs.p99, 1)} | ${fmt(r.readers.latencyMs.max, 1)} |`,
    '',
    'Per read, whole soak (ms): ' +
      Object.entries(r.readers.byOpLatencyMs)
        .map(([op, s]) => `${op} p50 ${fmt(s.p50, 1)} / p99 ${fmt(s.p99, 1)}`)
        .join('; ') +
      '.',
  ]
  if (r.problems.length > 0)
    lines.push('', `**Errors:** ${r.problems.slice(0, 10).join('; ')}${r.problems.length > 10 ? ` (and ${r.problems.length - 10} more)` : ''}`)
  return lines.join('\n')
}

async function main() {
  requireBuild('npm run soak')
  const loadBefore = loadavg()[0]
  if (loadBefore > 0.5)
    log(
      `warning: load average ${loadBefore.toFixed(2)} before the run: other processes are using this ${cpus().length}-CPU machine, so latencies will be noisy`,
    )

  const engineModule = await loadEngine()
  const { workspace, token } = prepareWorkspace({ prefix: 'scim-soak-', label: 'soak', keep: KEEP })
  const server = await serve(workspace, token)
  log(`server: ${server.base} (pid ${server.pid}, workspace ${workspace})`)

  const { directory, config } = assignedTenant(engineModule, { server, token, users: USERS, groups: GROUPS, members: MEMBERS, seed: SEED })
  const engine = new engineModule.ProvisioningEngine({ directory, config, maxLogEntries: 20_000, ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}) })
  const problems = []

  log(`initial cycle: ${fmt(USERS)} users, ${fmt(GROUPS)} groups...`)
  const i0 = performance.now()
  const initial = await engine.runCycle({ kind: 'initial' })
  const initialSeconds = (performance.now() - i0) / 1000
  problems.push(...cycleProblems(initial))
  if (problems.length > 0) fail(`the initial cycle failed: ${problems.slice(0, 5).join('; ')}`)
  log(`  done in ${fmt(initialSeconds, 1)} s`)

  // what the readers ask for: the target's ids and names, from the engine's link table
  const links = engine.links()
  const readUsers = links.users.map((l) => ({ id: l.targetId, userName: directory.getUser(l.sourceId).userPrincipalName }))
  const readGroups = links.groups.map((l) => ({ id: l.targetId, displayName: directory.getGroup(l.sourceId).displayName }))

  const soakMs = MINUTES * 60_000
  const startedAt = Date.now()
  const endAt = startedAt + soakMs
  const rssSamples = []
  const sampleRss = () => rssSamples.push({ atSeconds: (Date.now() - startedAt) / 1000, mb: procStatus(server.pid).rssMb })
  sampleRss()
  const rssTimer = setInterval(sampleRss, RSS_SAMPLE_MS)
  const serverCpu0 = cpuSeconds(server.pid)

  const worker = new Worker(new URL('./bench/soak-readers.mjs', import.meta.url), {
    workerData: { server: { base: server.base, token }, users: readUsers, groups: readGroups, readers: READERS, endAt, startedAt },
  })
  const readersDone = new Promise((resolveReaders, rejectReaders) => {
    worker.once('message', resolveReaders)
    worker.once('error', rejectReaders)
    worker.once('exit', (code) => code !== 0 && rejectReaders(new Error(`the readers' worker exited with code ${code}`)))
  })
  log(`soaking for ${MINUTES} min: ${READERS} readers, incremental cycles back to back...`)

  const round = changeMaker(directory, engine)
  const cycles = []
  const engineByMethod = {}
  let engineRequests = 0
  let engineErrors = 0
  let nextLog = startedAt + 60_000
  for (let n = 1; Date.now() < endAt; n++) {
    const changes = round(n)
    const c0 = performance.now()
    const report = await engine.runCycle({ kind: 'incremental' })
    const seconds = (performance.now() - c0) / 1000
    const exchanges = cycleExchanges(report)
    for (const x of exchanges) engineByMethod[x.request.method] = (engineByMethod[x.request.method] ?? 0) + 1
    engineRequests += exchanges.length
    const cycleErrors = cycleProblems(report)
    problems.push(...cycleErrors)
    engineErrors += cycleErrors.length
    cycles.push({
      n,
      atSeconds: (Date.now() - startedAt) / 1000,
      seconds,
      status: report.status,
      requests: exchanges.length,
      errors: cycleErrors.length,
      changes,
      byAction: report.counts.byAction,
    })
    if (Date.now() >= nextLog) {
      log(
        `  ${fmt((Date.now() - startedAt) / 60_000, 1)} min: ${cycles.length} cycles, ${fmt(engineRequests)} engine requests, server RSS ${fmt(procStatus(server.pid).rssMb)} MB, errors ${problems.length}`,
      )
      nextLog += 60_000
    }
  }
  const readers = await readersDone
  clearInterval(rssTimer)
  sampleRss()
  const soakSeconds = (Date.now() - startedAt) / 1000
  const serverCpuSeconds = cpuSeconds(server.pid) - serverCpu0
  const peakMb = procStatus(server.pid).peakRssMb
  problems.push(...readers.firstErrors.map((e) => `reader: ${e}`))

  // reader latency per third of the soak, and per kind of read
  const thirds = [[], [], []]
  const perOp = Object.fromEntries(readers.ops.map((op) => [op, []]))
  for (let i = 0; i < readers.ms.length; i++) {
    thirds[Math.min(2, Math.floor((readers.at[i] / soakMs) * 3))].push(readers.ms[i])
    perOp[readers.ops[readers.opIndex[i]]].push(readers.ms[i])
  }
  const closest = (s) => rssSamples.reduce((best, x) => (Math.abs(x.atSeconds - s) < Math.abs(best.atSeconds - s) ? x : best))
  const rssMbs = rssSamples.map((x) => x.mb)
  const durations = cycles.map((c) => c.seconds).sort((a, b) => a - b)
  const mean = (f) => (cycles.length ? cycles.reduce((acc, c) => acc + f(c), 0) / cycles.length : NaN)
  const actions = [...new Set(cycles.flatMap((c) => Object.keys(c.byAction)))]
  const meanEntriesByAction = Object.fromEntries(actions.map((a) => [a, mean((c) => c.byAction[a] ?? 0)]).filter(([, v]) => v > 0))
  const ch = (k) =>
    fmt(
      mean((c) => c.changes[k]),
      1,
    )

  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(loadBefore),
    config: {
      minutes: MINUTES,
      users: USERS,
      groups: GROUPS,
      membersPerGroup: MEMBERS,
      readers: READERS,
      changes: CHANGES,
      concurrency: CONCURRENCY ?? 'engine default (4)',
      seed: SEED,
    },
    minutes: soakSeconds / 60,
    soakSeconds,
    initialCycle: { seconds: initialSeconds, requests: cycleExchanges(initial).length, status: initial.status },
    cycles: {
      count: cycles.length,
      completed: cycles.filter((c) => c.status === 'completed').length,
      durationSeconds: {
        min: durations[0],
        median: durations[Math.floor((durations.length - 1) / 2)],
        p95: durations[Math.min(durations.length - 1, Math.floor(0.95 * durations.length))],
        max: durations.at(-1),
      },
      meanEntriesByAction,
      list: cycles,
    },
    changesPerCycle: `${ch('edited')}, ${ch('blocked')} + ${ch('unblocked')}, ${ch('softDeleted')} + ${ch('restored')}, ${ch('membersAdded')} + ${ch('membersRemoved')}, ${ch('unassigned')} + ${ch('reassigned')}`,
    engine: { requests: engineRequests, byMethod: engineByMethod },
    readers: {
      requests: readers.ms.length + readers.errors,
      byOp: readers.byOp,
      latencyMs: latencySummary(readers.ms),
      byOpLatencyMs: Object.fromEntries(Object.entries(perOp).map(([op, list]) => [op, latencySummary(list)])),
    },
    thirds: thirds.map(latencySummary),
    errors: { engine: engineErrors, readers: readers.errors },
    rss: {
      startMb: rssSamples[0].mb,
      middleMb: closest(soakSeconds / 2).mb,
      endMb: rssSamples.at(-1).mb,
      minMb: Math.min(...rssMbs),
      maxMb: Math.max(...rssMbs),
      peakMb,
      samples: rssSamples,
    },
    serverCpuSeconds,
    problems,
  }

  const stop = await stopServer(server)
  if (stop.code !== 0) problems.push(`the server exited with code ${stop.code} on SIGTERM`)
  const md = markdown(result)
  log(`wrote ${writeResults('soak-results', result, md)} and soak-results.json`)
  cleanup()
  const errorCount = result.errors.engine + result.errors.readers
  if (errorCount > 0) {
    process.stderr.write(`soak: FAILED: ${errorCount} errors; first: ${problems.slice(0, 3).join('; ')}\n`)
    process.exit(1)
  }
  log('no errors')
}

main().catch((err) => fail(err?.stack ?? String(err)))
