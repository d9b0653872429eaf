import { useCallback, useId, useState, type FormEvent } from 'react'
import type { ConsoleError, ConsoleResult } from '@shared/console/api'
import type { PublicTunnelView } from '@shared/console/tunnel-api'
import { Badge, Button, Card, CopyField, Field, Notice, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { rememberDomain, storedDomain } from '../../lib/agent-url'
import { usePublicTunnel } from '../../lib/use-public-tunnel'

const PROTECTION: Record<NonNullable<PublicTunnelView['authtoken']['protection']>, string> = {
  'os-encryption': 'encrypted by the operating system',
  'private-file': 'in a file only your account can read',
}

export const FREE_URL_WARNING = 'Free ngrok URLs change every time the tunnel restarts'

/**
 * Go public: the harness opens an ngrok tunnel itself (the ngrok agent is built in), so real
 * Entra ID can reach it. Needs an ngrok authtoken (NGROK_AUTHTOKEN, saved, or typed here); a
 * reserved domain keeps the URL across restarts. The authtoken is never shown back.
 */
export function GoPublicCard({ tunnel }: { tunnel: ReturnType<typeof usePublicTunnel> }): React.JSX.Element {
  const { view } = tunnel
  const [domain, setDomain] = useState(storedDomain)
  const [authtoken, setAuthtoken] = useState('')
  const [remember, setRemember] = useState(true)
  const [anotherToken, setAnotherToken] = useState(false)
  const [busy, setBusy] = useState<'start' | 'stop' | 'forget'>()
  const [error, setError] = useState<ConsoleError>()
  const tokenId = useId()
  const domainId = useId()
  const rememberId = useId()

  const run = useCallback(
    async (what: 'start' | 'stop' | 'forget', call: () => Promise<ConsoleResult<PublicTunnelView>>): Promise<boolean> => {
      setBusy(what)
      const answer = await call()
      setBusy(undefined)
      if (!answer.ok) {
        setError(answer.error)
        return false
      }
      setError(undefined)
      tunnel.accept(answer.value)
      return true
    },
    [tunnel],
  )

  const goPublic = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const typed = authtoken.trim()
    const reserved = domain.trim()
    const ok = await run('start', () =>
      api.call('tunnel.goPublic', { ...(reserved ? { domain: reserved } : {}), ...(typed ? { authtoken: typed, saveAuthtoken: remember } : {}) }),
    )
    if (ok) {
      setAuthtoken('')
      setAnotherToken(false)
      rememberDomain(reserved)
    }
  }

  const badge =
    view?.state === 'online' ? (
      <Badge tone="ok" dot>
        Public
      </Badge>
    ) : view?.state === 'starting' ? (
      <Badge tone="accent" dot>
        Connecting
      </Badge>
    ) : undefined

  return (
    <Card
      title="1. Go public"
      description="The harness opens an https tunnel to itself with ngrok's built-in agent: nothing else to install. It needs a (free) ngrok account's authtoken."
      actions={badge}
    >
      {!view && !tunnel.error && <Spinner label="Checking the tunnel" />}
      {tunnel.error && <Notice tone="error">{tunnel.error.message}</Notice>}
      {view?.state === 'starting' && busy === undefined && <Spinner label="Connecting to ngrok" />}
      {view?.state === 'online' && view.tenantUrl && (
        <OnlineTunnel view={view} busy={busy === 'stop'} onStop={() => void run('stop', () => api.call('tunnel.stop'))} error={error} />
      )}
      {view && (view.state === 'off' || view.state === 'failed' || busy === 'start') && (
        <form className="go-public-form stack" onSubmit={(e) => void goPublic(e)}>
          {view.state === 'failed' && view.failure && !error && !view.failure.field && (
            <Notice tone="error" title="The tunnel did not open">
              {view.failure.message}
            </Notice>
          )}
          <AuthtokenChoice
            view={view}
            typing={anotherToken || view.authtoken.source === 'none'}
            onAnother={() => setAnotherToken(true)}
            onForget={() => void run('forget', () => api.call('tunnel.setAuthtoken', { authtoken: null }))}
            forgetting={busy === 'forget'}
          />
          {(anotherToken || view.authtoken.source === 'none') && (
            <>
              <Field
                label="ngrok authtoken"
                htmlFor={tokenId}
                hint={
                  <>
                    From <span className="mono">dashboard.ngrok.com/get-started/your-authtoken</span>. Or set <code>NGROK_AUTHTOKEN</code> where the harness
                    starts.
                  </>
                }
                error={fieldError(error, view, 'authtoken')}
              >
                <input
                  id={tokenId}
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  value={authtoken}
                  onChange={(e) => setAuthtoken(e.currentTarget.value)}
                  aria-invalid={fieldError(error, view, 'authtoken') ? true : undefined}
                />
              </Field>
              {view.authtoken.protection && (
                <label className="row small" htmlFor={rememberId}>
                  <input id={rememberId} type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
                  Remember it on this machine ({PROTECTION[view.authtoken.protection]})
                </label>
              )}
            </>
          )}
          <Field
            label="Reserved domain (optional)"
            htmlFor={domainId}
            hint="Keeps the same URL across restarts: reserve one at dashboard.ngrok.com/domains. Empty: ngrok picks a URL."
            error={fieldError(error, view, 'domain')}
          >
            <input
              id={domainId}
              type="text"
              placeholder="contoso-scim.ngrok-free.app"
              spellCheck={false}
              value={domain}
              onChange={(e) => setDomain(e.currentTarget.value)}
              aria-invalid={fieldError(error, view, 'domain') ? true : undefined}
            />
          </Field>
          {error && !error.field && <Notice tone="error">{error.message}</Notice>}
          <div>
            <Button type="submit" busy={busy === 'start'}>
              Go public
            </Button>
          </div>
        </form>
      )}
    </Card>
  )
}

/** A field's error: from the last click here, else from a start elsewhere (serve --public) that failed. */
function fieldError(error: ConsoleError | undefined, view: PublicTunnelView, field: 'authtoken' | 'domain'): string | undefined {
  if (error) return error.field === field ? error.message : undefined
  return view.state === 'failed' && view.failure?.field === field ? view.failure.message : undefined
}

function AuthtokenChoice({
  view,
  typing,
  onAnother,
  onForget,
  forgetting,
}: {
  view: PublicTunnelView
  typing: boolean
  onAnother(): void
  onForget(): void
  forgetting: boolean
}): React.JSX.Element | null {
  const { source, protection } = view.authtoken
  if (source === 'none') return null
  return (
    <div className="row small">
      <span>
        {source === 'environment' ? (
          <>
            Authtoken: from the <code>NGROK_AUTHTOKEN</code> environment variable.
          </>
        ) : (
          <>Authtoken: saved{protection ? ` (${PROTECTION[protection]})` : ''}.</>
        )}
      </span>
      {!typing && (
        <Button variant="ghost" size="sm" onClick={onAnother}>
          Use another
        </Button>
      )}
      {source === 'saved' && (
        <Button variant="ghost" size="sm" busy={forgetting} onClick={onForget}>
          Forget it
        </Button>
      )}
    </div>
  )
}

function OnlineTunnel({
  view,
  busy,
  onStop,
  error,
}: {
  view: PublicTunnelView
  busy: boolean
  onStop(): void
  error: ConsoleError | undefined
}): React.JSX.Element {
  const toSecretToken = (): void => {
    const card = document.getElementById('secret-token')
    card?.scrollIntoView?.({ behavior: 'smooth', block: 'start' })
    card?.querySelector<HTMLInputElement>('input')?.focus()
  }
  return (
    <div className="stack">
      <Notice tone="ok" title="Public">
        <span className="mono">{view.publicUrl}</span> forwards to this server{view.domain ? ' (your reserved domain)' : ''}.
      </Notice>
      <div className="field">
        <span className="label">Tenant URL</span>
        <CopyField value={view.tenantUrl ?? ''} label="Public Tenant URL" />
        <span className="hint">Paste this into Entra ID as the Tenant URL (Provisioning › Admin Credentials).</span>
      </div>
      <Notice
        tone="info"
        title="The Secret Token is an API token"
        action={
          <Button variant="secondary" size="sm" onClick={toSecretToken}>
            Generate one below
          </Button>
        }
      >
        Entra ID sends it with every request; anyone with the URL but no token gets 401.
      </Notice>
      {!view.domain && (
        <Notice tone="warn" title={FREE_URL_WARNING}>
          Update the Tenant URL in Entra ID after a restart, or reserve a domain at dashboard.ngrok.com/domains and go public with it.
        </Notice>
      )}
      {error && <Notice tone="error">{error.message}</Notice>}
      <div>
        <Button variant="danger" busy={busy} onClick={onStop}>
          Stop
        </Button>
      </div>
    </div>
  )
}
