/**
 * Store measurements (not a test; numbers only). Bundle and run:
 *   node -e "import('rolldown').then(r=>r.build({input:'test/bench/store-bench.ts',platform:'node',output:{file:'/tmp/store-bench.mjs',format:'esm'}}))"
 *   node /tmp/store-bench.mjs commits <dir>          # 32 concurrent commits for 3 s
 *   node /tmp/store-bench.mjs fill <dir> <users> <snapshot|journal>
 *   node /tmp/store-bench.mjs open <dir>             # open time and RSS, in a fresh process
 */

import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Store } from '../../src/main/core/store'
import type { UserRecord } from '../../src/main/core/store'

/** About 1 KB of SCIM user, like Entra's default mappings produce. */
function makeUser(n: number): UserRecord {
  const id = `${n.toString(16).padStart(8, '0')}-4a1b-4c2d-9e3f-${String(n).padStart(12, '0')}`
  const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
  return {
    id,
    resource: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ext],
      id,
      externalId: `ext-${n}`,
      userName: `user${n}@contoso.example.com`,
      active: true,
      displayName: `User Number ${n}`,
      title: `Engineer ${n % 50}`,
      name: { givenName: `Given${n}`, familyName: `Family${n}`, formatted: `Given${n} Family${n}` },
      emails: [{ value: `user${n}@contoso.example.com`, type: 'work', primary: true }],
      addresses: [{ type: 'work', streetAddress: `${n} Main Street`, locality: 'Redmond', region: 'WA', postalCode: '98052', country: 'US' }],
      phoneNumbers: [{ type: 'work', value: `+1 555 ${n}` }],
      [ext]: { department: `Dept ${n % 20}`, employeeNumber: String(n), costCenter: `CC${n % 7}`, organization: 'Contoso' },
      meta: {
        resourceType: 'User',
        created: '2024-01-01T00:00:00.000Z',
        lastModified: '2024-01-01T00:00:00.000Z',
        version: `W/"${n}"`,
        location: `http://127.0.0.1:8787/scim/v2/Users/${id}`,
      },
    },
    cal: 'Viewer',
    calReason: { kind: 'default' },
    federated: true,
  }
}

const [mode, dir, countArg, how] = process.argv.slice(2)

if (mode === 'commits') {
  const store = await Store.open(dir)
  let n = 0
  const end = Date.now() + 3000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (Date.now() < end) await store.commit([{ kind: 'putUser', user: makeUser(n++) }])
    }),
  )
  const seconds = (performance.now() - started) / 1000
  console.log(
    `commits: ${store.stats.commits} in ${seconds.toFixed(2)} s = ${Math.round(store.stats.commits / seconds)}/s, flushes ${store.stats.flushes} (${(store.stats.commits / store.stats.flushes).toFixed(1)} commits per fsync), line ${JSON.stringify(makeUser(1)).length} B`,
  )
  const closeStart = performance.now()
  await store.close()
  console.log(`close (compaction of ${n} users): ${Math.round(performance.now() - closeStart)} ms`)
} else if (mode === 'fill') {
  const count = Number(countArg)
  const store = await Store.open(dir, { compactAfterEntries: Number.MAX_SAFE_INTEGER, compactAfterBytes: Number.MAX_SAFE_INTEGER })
  let n = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (n < count) await store.commit([{ kind: 'putUser', user: makeUser(n++) }])
    }),
  )
  console.log(`filled ${count} users (one commit each, 256 concurrent) in ${Math.round(performance.now() - started)} ms; flushes ${store.stats.flushes}`)
  if (how === 'snapshot') {
    const closeStart = performance.now()
    await store.close()
    console.log(`close with compaction: ${Math.round(performance.now() - closeStart)} ms`)
  } else {
    // leave as a crash would: journal only, lock of a dead process
    await writeFile(join(dir, 'harness.lock'), JSON.stringify({ pid: 999_999_999, startedAt: '', owner: 'bench' }))
    process.exit(0)
  }
} else if (mode === 'open') {
  const started = performance.now()
  const store = await Store.open(dir)
  const ms = performance.now() - started
  const probe = performance.now()
  const found = store.findUserByUserName('USER4242@contoso.example.com')
  const lookupUs = (performance.now() - probe) * 1000
  ;(globalThis as { gc?: () => void }).gc?.()
  const rss = process.memoryUsage().rss / 1024 / 1024
  console.log(
    `open: ${store.userCount} users in ${Math.round(ms)} ms; RSS ${Math.round(rss)} MB; lookup ${lookupUs.toFixed(0)} µs (${found ? 'found' : 'missing'}); notes ${JSON.stringify(store.recoveryNotes)}`,
  )
  process.exit(0) // measure open only: skip the close-time compaction
}
