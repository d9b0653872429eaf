// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConsoleMethod, TrafficEntry, UnauthenticatedSummary } from '../../src/shared/console/api'
import type { PreloadApi } from '../../src/shared/ipc'

// lib/api.ts picks its transport when first imported: the fake IPC must be in place first
let summary: UnauthenticatedSummary | undefined
window.api = {
  invoke: async (method: ConsoleMethod) => {
    if (method === 'traffic.unauthenticated' && summary) return { ok: true, value: summary }
    return { ok: false, error: { code: 'not-found', message: `no fake for ${method}` } }
  },
  onEvent: () => () => undefined,
} as unknown as PreloadApi

const { UnauthenticatedNotice } = await import('../../src/renderer/src/features/traffic/UnauthenticatedNotice')
const { useTraffic, resetTraffic, TRAFFIC_LIMIT } = await import('../../src/renderer/src/stores/traffic-store')

afterEach(() => {
  cleanup()
  summary = undefined
})

describe('Traffic: requests refused for a missing or wrong token', () => {
  it('says how many were refused, when, from where, and how many are listed', async () => {
    summary = {
      total: 6000,
      lastAt: '2030-01-01T10:00:00.000Z',
      sampled: 30,
      topAddresses: [{ address: '203.0.113.9', count: 5990, lastAt: '2030-01-01T10:00:00.000Z' }],
      perMinute: [],
    }
    render(<UnauthenticatedNotice />)
    expect(await screen.findByText('6,000 requests refused for a missing or wrong token')).toBeTruthy()
    expect(screen.getByText(/203\.0\.113\.9 \(5,990\)/)).toBeTruthy()
    expect(screen.getByText(/30 of them are listed here/)).toBeTruthy()
  })

  it('shows nothing when none were refused or the count cannot be had', async () => {
    const { container } = render(<UnauthenticatedNotice />)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(container.textContent).toBe('')
  })
})

describe('Traffic store: refused samples never push authorised requests off the screen', () => {
  it('drops 401 entries first when the view is over its limit', async () => {
    resetTraffic()
    const entry = (seq: number, status: number): TrafficEntry => ({
      seq,
      time: new Date(Date.UTC(2030, 0, 1, 10, 0, 0, seq)).toISOString(),
      method: 'GET',
      path: `/scim/v2/Users/u${seq}`,
      status,
      durationMs: 1,
      rules: [],
      client: 'external',
    })
    let seq = 0
    for (let i = 0; i < TRAFFIC_LIMIT; i++) {
      useTraffic.getState().receive(entry(++seq, 200))
      if (i % 50 === 0) useTraffic.getState().receive(entry(++seq, 401))
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    const { entries } = useTraffic.getState()
    expect(entries).toHaveLength(TRAFFIC_LIMIT)
    expect(entries.filter((e) => e.status === 200)).toHaveLength(TRAFFIC_LIMIT)
    resetTraffic()
  })
})
