import { describe, expect, it } from 'vitest'
import { TrafficFeed } from '../../src/main/core/api/traffic-feed'
import type { RequestLogEntry } from '../../src/main/core/store/request-log'

const entry = (n: number, time = new Date(Date.UTC(2026, 10, 28, 12, 0, n % 60)).toISOString(), status = 200): RequestLogEntry => ({
  time,
  method: 'GET',
  path: `/scim/v2/Users/u${n}`,
  status,
  durationMs: 1,
  rules: [],
  client: 'external',
})

describe('TrafficFeed', () => {
  it('keeps the newest entries up to its capacity, numbered, however many arrive', async () => {
    const feed = new TrafficFeed(
      async () => [],
      () => new Date(Date.UTC(2026, 10, 28, 12, 1)),
      100,
    )
    for (let n = 1; n <= 1000; n++) feed.add(entry(n))
    const recent = await feed.recent(5000)
    expect(recent).toHaveLength(100)
    expect(recent[0].seq).toBe(901)
    expect(recent.at(-1)?.seq).toBe(1000)
    expect((await feed.recent(3)).map((e) => e.seq)).toEqual([998, 999, 1000])
  })

  it('brings in older entries from the log on disk once, before the live ones, within capacity', async () => {
    const start = new Date(Date.UTC(2026, 10, 28, 12, 0, 30))
    const onDisk = [1, 2, 3].map((n) => entry(n, new Date(Date.UTC(2026, 10, 28, 12, 0, n)).toISOString()))
    const feed = new TrafficFeed(
      async () => [...onDisk, entry(99, new Date(Date.UTC(2026, 10, 28, 12, 0, 40)).toISOString())],
      () => start,
      4,
    )
    feed.add(entry(10, new Date(Date.UTC(2026, 10, 28, 12, 0, 40)).toISOString()))
    feed.add(entry(11, new Date(Date.UTC(2026, 10, 28, 12, 0, 41)).toISOString()))
    const paths = (await feed.recent(10)).map((e) => e.path)
    // the disk copy of a live entry (written after start) is not repeated; room for two older ones
    expect(paths).toEqual(['/scim/v2/Users/u2', '/scim/v2/Users/u3', '/scim/v2/Users/u10', '/scim/v2/Users/u11'])
  })

  it('counts requests and errors per minute and tells listeners', () => {
    const now = new Date(Date.UTC(2026, 10, 28, 12, 0, 59))
    const feed = new TrafficFeed(
      async () => [],
      () => now,
    )
    const heard: number[] = []
    feed.onEntry((e) => heard.push(e.seq))
    feed.add(entry(1, now.toISOString(), 201))
    feed.add(entry(2, now.toISOString(), 404))
    expect(heard).toEqual([1, 2])
    expect(feed.rate().at(-1)).toMatchObject({ requests: 2, errors: 1 })
    expect(feed.rate()).toHaveLength(30)
  })
})
