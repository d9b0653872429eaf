import { describe, expect, it } from 'vitest'
import { TrafficFeed, REFUSED_CAPACITY } from '../../src/main/core/api/traffic-feed'
import { OTHER_ADDRESSES, SAMPLES_PER_MINUTE, UnauthenticatedTally } from '../../src/main/core/api/unauthenticated-tally'
import type { RequestLogEntry } from '../../src/main/core/store/request-log'

const at = (minute: number, second = 0): string => new Date(Date.UTC(2026, 10, 28, 12, minute, second)).toISOString()

const refused = (time: string): RequestLogEntry => ({ time, method: 'GET', path: '/scim/v2/Users', status: 401, durationMs: 0, rules: [], client: 'external' })
const admitted = (n: number, time: string): RequestLogEntry => ({
  time,
  method: 'GET',
  path: `/scim/v2/Users/u${n}`,
  status: 200,
  durationMs: 1,
  rules: [],
  client: 'external',
})

describe('UnauthenticatedTally', () => {
  it('counts every refused request but samples only the first few of each minute', () => {
    const tally = new UnauthenticatedTally(() => new Date(at(2)))
    const sampled = [0, 1, 2].map((minute) => Array.from({ length: 1000 }, (_, i) => tally.record(at(minute, i % 60), '203.0.113.9')).filter(Boolean).length)
    expect(sampled).toEqual([SAMPLES_PER_MINUTE, SAMPLES_PER_MINUTE, SAMPLES_PER_MINUTE])
    const summary = tally.summary()
    expect(summary).toMatchObject({ total: 3000, sampled: 3 * SAMPLES_PER_MINUTE, lastAt: at(2, 39) })
    expect(summary.perMinute.slice(-3).map((m) => m.refused)).toEqual([1000, 1000, 1000])
    expect(summary.topAddresses).toEqual([{ address: '203.0.113.9', count: 3000, lastAt: at(2, 39) }])
  })

  it('counts a bounded number of addresses one by one, the rest together', () => {
    const tally = new UnauthenticatedTally(() => new Date(at(0)))
    for (let i = 0; i < 1000; i++) tally.record(at(0), `198.51.${i >> 8}.${i & 255}`)
    const summary = tally.summary()
    expect(summary.topAddresses[0]).toMatchObject({ address: OTHER_ADDRESSES, count: 900 })
  })
})

describe('TrafficFeed with refused requests', () => {
  it('never lets refused requests evict admitted ones, and shows a bounded sample of them in order', async () => {
    const feed = new TrafficFeed(
      async () => [],
      () => new Date(at(59)),
      100,
    )
    for (let n = 0; n < 100; n++) feed.add(admitted(n, at(0, n % 60)))
    let shown = 0
    for (let minute = 1; minute < 60; minute++) for (let i = 0; i < 500; i++) if (feed.refuse(refused(at(minute, i % 60)), '203.0.113.9')) shown++
    const recent = await feed.recent(5000)
    expect(recent.filter((e) => e.status === 200)).toHaveLength(100)
    expect(recent.filter((e) => e.status === 401)).toHaveLength(Math.min(shown, REFUSED_CAPACITY))
    expect(recent.map((e) => e.seq)).toEqual([...recent.map((e) => e.seq)].sort((a, b) => a - b))
    expect(feed.unauthenticated().total).toBe(59 * 500)
  })
})
