import { useEffect, useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import type { PublicTunnelView } from '@shared/console/tunnel-api'
import { api } from './api'
import { useConsoleEvent } from './use-console'

/** The in-process tunnel's state, kept current by the `tunnel` event (serve --public, another window). */
export function usePublicTunnel(): { view: PublicTunnelView | undefined; error: ConsoleError | undefined; accept(view: PublicTunnelView): void } {
  const [view, setView] = useState<PublicTunnelView>()
  const [error, setError] = useState<ConsoleError>()
  useEffect(() => {
    void api.call('tunnel.status').then((answer) => (answer.ok ? setView(answer.value) : setError(answer.error)))
  }, [])
  useConsoleEvent('tunnel', setView)
  return { view, error, accept: setView }
}
