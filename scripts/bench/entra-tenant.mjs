// The simulated Entra side of the cycle scripts: a generated source tenant with everything
// assigned to the app, and what a cycle report says about its requests. Shared by
// scripts/bench-cycle.mjs and scripts/soak.mjs; the engine comes from ./engine-bundle.mjs.
import { percentile } from './stats.mjs'

/**
 * Directory.generate with `users` users and `groups` groups of exactly `members` members; the
 * users the generator blocks from sign-in (~1%) are unblocked, since Entra creates only active
 * users (3.2), so every assigned user is provisioned. Every user and every group is assigned to
 * an app with the default mappings pointing at `server`. Returns the directory and the config.
 */
export function assignedTenant(engine, { server, token, users, groups, members, seed }) {
  const { Directory, defaultAppConfig } = engine
  const directory = Directory.generate({ users, groups, seed, membersPerGroup: members })
  for (const user of directory.listUsers()) if (!user.accountEnabled) directory.unblockSignIn(user.objectId)
  const config = defaultAppConfig(server.base, token, {
    appName: 'SCIM Harness',
    assignments: { userIds: directory.listUsers().map((u) => u.objectId), groupIds: directory.listGroups().map((g) => g.objectId) },
  })
  return { directory, config }
}

/** Every HTTP exchange of a cycle: the probe's, then each log entry's. */
export function cycleExchanges(report) {
  return [...(report.probe?.exchanges ?? []), ...report.entries.flatMap((e) => e.exchanges)]
}

/** Requests of the cycle by method, and their latency as the engine saw it (queueing for a slot excluded). */
export function requestStats(report) {
  const exchanges = cycleExchanges(report)
  const byMethod = {}
  for (const x of exchanges) byMethod[x.request.method] = (byMethod[x.request.method] ?? 0) + 1
  const durations = exchanges.map((x) => x.durationMs).sort((a, b) => a - b)
  return {
    total: exchanges.length,
    byMethod,
    errors: exchanges.filter((x) => x.error || (x.response && x.response.status >= 400)).length,
    latencyMs: { p50: percentile(durations, 50), p99: percentile(durations, 99), max: durations.at(-1) ?? NaN },
  }
}
