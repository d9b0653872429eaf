import { useCallback, useEffect, useRef, useState } from 'react'
import type { ConsoleError, ConsoleEvent, ConsoleInput, ConsoleMethod, ConsoleOutput } from '@shared/console/api'
import { api } from './api'

/** Calls `listener` for every console event of `type` while the component is mounted. */
type EventData<T extends ConsoleEvent['type']> = Extract<ConsoleEvent, { type: T }>['data']

export function useConsoleEvent<T extends ConsoleEvent['type']>(type: T, listener: (data: EventData<T>) => void): void {
  const latest = useRef(listener)
  latest.current = listener
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.type === type) (latest.current as (data: unknown) => void)(event.data)
      }),
    [type],
  )
}

export interface QueryState<T> {
  data: T | undefined
  error: ConsoleError | undefined
  loading: boolean
  reload(): void
}

/**
 * Loads a console method's result and keeps it fresh: reloads when `input` changes and, with
 * `live`, whenever the workspace changes (the throttled `changed` event). A reload keeps showing
 * the previous data, so tables do not flash while a cycle writes.
 */
export function useConsoleQuery<M extends ConsoleMethod>(
  method: M,
  input: ConsoleInput<M> | undefined,
  options: { live?: boolean; enabled?: boolean } = {},
): QueryState<ConsoleOutput<M>> {
  const [data, setData] = useState<ConsoleOutput<M>>()
  const [error, setError] = useState<ConsoleError>()
  const [loading, setLoading] = useState(true)
  const key = JSON.stringify(input ?? {})
  const generation = useRef(0)
  const enabled = options.enabled ?? true

  const load = useCallback(() => {
    if (!enabled) return
    const mine = ++generation.current
    setLoading(true)
    void api.call(method, JSON.parse(key) as ConsoleInput<M>).then((result) => {
      if (mine !== generation.current) return
      setLoading(false)
      if (result.ok) {
        setData(result.value)
        setError(undefined)
      } else setError(result.error)
    })
  }, [method, key, enabled])

  useEffect(() => {
    load()
  }, [load])

  useConsoleEvent('changed', () => {
    if (options.live) load()
  })

  return { data, error, loading, reload: load }
}
