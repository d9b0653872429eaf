// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CopyField, Dialog, Field, Pagination } from '../../src/renderer/src/components/ui'
import { matchRoute } from '../../src/renderer/src/stores/router'
import { parseSse, takeConsoleToken } from '../../src/renderer/src/lib/api'

afterEach(cleanup)

describe('console building blocks', () => {
  it('CopyField copies its value and says so', async () => {
    const writeText = vi.fn(async () => undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<CopyField value="http://127.0.0.1:8787/scim/v2" label="BASE URI" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy BASE URI' }))
    expect(await screen.findByText('Copied')).toBeTruthy()
    expect(writeText).toHaveBeenCalledWith('http://127.0.0.1:8787/scim/v2')
  })

  it('CopyField selects the text when the clipboard is refused', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new Error('denied')) }, configurable: true })
    render(<CopyField value="abc" label="token" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }))
    expect(await screen.findByText('Press Ctrl+C')).toBeTruthy()
  })

  it('Field ties its error to the control for screen readers', () => {
    render(
      <Field label="Default CAL" htmlFor="cal" error="Select a default CAL">
        <select id="cal" />
      </Field>,
    )
    expect(screen.getByRole('alert').textContent).toBe('Select a default CAL')
    expect(screen.getByLabelText('Default CAL').tagName).toBe('SELECT')
  })

  it('Pagination disables what cannot be reached', () => {
    const onChange = vi.fn()
    render(<Pagination offset={0} limit={50} total={120} onChange={onChange} />)
    expect(screen.getByText('1–50 of 120')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    expect(onChange).toHaveBeenCalledWith(50)
  })

  it('Dialog closes on Escape', () => {
    const onClose = vi.fn()
    render(
      <Dialog title="Add New Rule" onClose={onClose}>
        body
      </Dialog>,
    )
    fireEvent.keyDown(document, { key: 'Escape' })
    expect(onClose).toHaveBeenCalled()
  })
})

describe('console transport helpers', () => {
  it('takes the token from the fragment, keeps it for the tab and removes it from the address', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    const replaced: string[] = []
    const token = takeConsoleToken({ hash: '#token=abc_DEF-123', pathname: '/console/', search: '' }, storage, (u) => replaced.push(u))
    expect(token).toBe('abc_DEF-123')
    expect(replaced).toEqual(['/console/#/'])
    expect(takeConsoleToken({ hash: '#/users', pathname: '/console/', search: '' }, storage, (u) => replaced.push(u))).toBe('abc_DEF-123')
    expect(replaced).toHaveLength(1)
  })

  it('parses server-sent events across chunk boundaries', () => {
    const first = parseSse(': connected\n\nevent: changed\ndata: {"revision":3}\n\nevent: traf')
    expect(first.events).toEqual([{ type: 'changed', data: { revision: 3 } }])
    const second = parseSse(`${first.rest}fic\ndata: {"seq":1}\n\n`)
    expect(second.events).toEqual([{ type: 'traffic', data: { seq: 1 } }])
    expect(parseSse('event: changed\ndata: {bad\n\n').events).toEqual([])
  })

  it('matches routes with parameters', () => {
    expect(matchRoute('/users/:id', '/users/a%20b')).toEqual({ id: 'a b' })
    expect(matchRoute('/users/:id', '/users')).toBeNull()
  })
})

describe('Tabs', () => {
  it('moves with the arrow keys, Home and End, keeping one tab stop', async () => {
    const { Tabs } = await import('../../src/renderer/src/components/ui')
    const { useState } = await import('react')
    function Host(): React.JSX.Element {
      const [value, setValue] = useState<'a' | 'b' | 'c'>('a')
      return (
        <Tabs
          label="Sections"
          value={value}
          onChange={setValue}
          tabs={[
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
            { id: 'c', label: 'C' },
          ]}
        />
      )
    }
    render(<Host />)
    const tab = (name: string) => screen.getByRole('tab', { name })
    expect(tab('A').tabIndex).toBe(0)
    expect(tab('B').tabIndex).toBe(-1)
    fireEvent.keyDown(tab('A'), { key: 'ArrowRight' })
    expect(tab('B').getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(tab('B'))
    fireEvent.keyDown(tab('B'), { key: 'End' })
    expect(tab('C').getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(tab('C'), { key: 'ArrowRight' })
    expect(tab('A').getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(tab('A'), { key: 'ArrowLeft' })
    expect(tab('C').getAttribute('aria-selected')).toBe('true')
  })
})

describe('the browser transport event stream', () => {
  it('keeps one stream at most: leaving and coming back never leaves an old one running', async () => {
    vi.resetModules()
    let opened = 0
    let live = 0
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (!String(url).endsWith('events')) return new Response('{}')
      opened++
      live++
      const signal = init?.signal as AbortSignal
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          signal.addEventListener('abort', () => {
            live--
            controller.error(new DOMException('aborted', 'AbortError'))
          })
        },
      })
      return new Response(body, { status: 200 })
    })
    vi.stubGlobal('fetch', fetchMock)
    const saved = (window as { api?: unknown }).api
    delete (window as { api?: unknown }).api
    window.sessionStorage.setItem('scim-harness.consoleToken', 'test-token')
    try {
      const { api } = await import('../../src/renderer/src/lib/api')
      for (let i = 0; i < 5; i++) {
        const off = api.subscribe(() => undefined)
        await new Promise((r) => setTimeout(r, 20))
        off()
        await new Promise((r) => setTimeout(r, 20))
      }
      const off = api.subscribe(() => undefined)
      // give any leaked loop time to reconnect (the first retry waits 500 ms)
      await new Promise((r) => setTimeout(r, 700))
      expect(live).toBe(1)
      expect(opened).toBe(6)
      off()
    } finally {
      vi.unstubAllGlobals()
      if (saved !== undefined) (window as { api?: unknown }).api = saved
    }
  })
})

describe('toasts', () => {
  it('show at most the three newest at once', async () => {
    const { useToasts, MAX_VISIBLE } = await import('../../src/renderer/src/stores/toast-store')
    for (let i = 1; i <= 5; i++) useToasts.getState().show(`notice ${i}`)
    expect(MAX_VISIBLE).toBe(3)
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(['notice 3', 'notice 4', 'notice 5'])
  })
})
