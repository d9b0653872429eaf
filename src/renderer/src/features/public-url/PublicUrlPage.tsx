import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { ConsoleError, TunnelState } from '@shared/console/api'
import { Badge, Button, Card, CopyField, Field, Notice, PageHeader, Spinner } from '../../components/ui'
import { api } from '../../lib/api'
import { useStatus } from '../../stores/status-store'
import { DEFAULT_AGENT_URL, ngrokCommand, rememberAgentUrl, storedAgentUrl } from '../../lib/agent-url'
import { SecretTokenCard } from './SecretTokenCard'
import { GoPublicCard } from './GoPublicCard'
import { usePublicTunnel } from '../../lib/use-public-tunnel'

/** While no tunnel is found, look again this often, so starting ngrok is enough. */
export const REDETECT_MS = 10_000

const TITLES: Record<Exclude<TunnelState['state'], 'found'>, string> = {
  unreachable: 'No ngrok agent answers',
  none: 'The ngrok agent has no https tunnel',
  mismatch: 'The ngrok tunnel forwards to another port',
}

/**
 * Public URL: real Entra ID provisions over the internet, so it needs an https address that
 * reaches this machine. Go public opens an ngrok tunnel from the harness itself (issue 14); an
 * ngrok agent the admin runs works too: this screen finds its tunnel through the agent's local
 * API. Either way it shows the Tenant URL to paste into Entra ID, next to the Secret Token.
 */
export function PublicUrlPage(): React.JSX.Element {
  const { status, load: loadStatus } = useStatus()
  const [agentUrl, setAgentUrl] = useState(storedAgentUrl)
  const [result, setResult] = useState<TunnelState>()
  const [error, setError] = useState<ConsoleError>()
  const [detecting, setDetecting] = useState(false)
  const agentField = useId()
  const tunnel = usePublicTunnel()

  useEffect(() => {
    if (!status) void loadStatus()
  }, [status, loadStatus])

  const detect = useCallback(async (url: string, quiet = false): Promise<void> => {
    if (!quiet) setDetecting(true)
    const answer = await api.call('tunnel.detect', { agentUrl: url.trim() || DEFAULT_AGENT_URL })
    setDetecting(false)
    if (answer.ok) {
      setResult(answer.value)
      setError(undefined)
      if (!quiet) rememberAgentUrl(answer.value.agentUrl)
    } else {
      setResult(undefined)
      setError(answer.error)
    }
  }, [])

  // detect on open with the remembered address
  useEffect(() => {
    void detect(storedAgentUrl())
  }, [detect])

  // keep looking quietly until the tunnel shows up (not while the harness's own tunnel is online)
  const found = result?.state === 'found' || tunnel.view?.state === 'online'
  useEffect(() => {
    if (found || error) return
    const timer = setInterval(() => void detect(result?.agentUrl ?? storedAgentUrl(), true), REDETECT_MS)
    return () => clearInterval(timer)
  }, [found, error, result?.agentUrl, detect])

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault()
    void detect(agentUrl)
  }

  const command = status ? ngrokCommand(status.host, status.port) : 'ngrok http PORT'

  return (
    <>
      <PageHeader
        title="Public URL"
        description="Real Entra ID provisions over the internet: it needs an https address that reaches this machine. An ngrok tunnel gives it one: opened by the harness (Go public), or by an ngrok agent you run."
      />

      {status && !status.loopback && (
        <Notice tone="warn" title={`The server listens on ${status.host}, not only on this machine`}>
          Anyone on your network can reach the SCIM endpoint directly, not just through the tunnel. Every request still needs an API token; to keep the harness
          private, restart it with <code>--host 127.0.0.1</code> and let the tunnel be the only way in.
        </Notice>
      )}

      <GoPublicCard tunnel={tunnel} />

      <Card
        title="2. Or run an ngrok agent yourself"
        description="Run the ngrok agent in a terminal on this machine and leave it running; the harness finds its tunnel."
      >
        <CopyField value={command} label="ngrok command" />
        <p className="muted small">
          This agent runs separately from the harness (install it from ngrok.com and add your authtoken once with{' '}
          <code>ngrok config add-authtoken &lt;token&gt;</code>). It forwards https traffic to{' '}
          {status ? (
            <code>
              {status.host}:{status.port}
            </code>
          ) : (
            'this server'
          )}
          .
        </p>
      </Card>

      <Card
        title="Find the agent's Tenant URL"
        description="The harness asks the ngrok agent's local API which tunnel forwards to this server."
        actions={result && <TunnelBadge state={result.state} />}
      >
        <form className="agent-form" onSubmit={onSubmit}>
          <Field
            label="ngrok agent API address"
            htmlFor={agentField}
            hint={
              <>
                Default {DEFAULT_AGENT_URL}; <code>web_addr</code> in ngrok.yml changes it. It must be on this machine.
              </>
            }
            error={error?.message}
          >
            <div className="row agent-row">
              <input
                id={agentField}
                type="url"
                value={agentUrl}
                onChange={(e) => setAgentUrl(e.currentTarget.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${agentField}-error` : `${agentField}-hint`}
                spellCheck={false}
              />
              <Button type="submit" busy={detecting}>
                Detect
              </Button>
              {agentUrl !== DEFAULT_AGENT_URL && (
                <Button variant="ghost" onClick={() => setAgentUrl(DEFAULT_AGENT_URL)}>
                  Use default
                </Button>
              )}
            </div>
          </Field>
        </form>

        {detecting && !result && <Spinner label="Looking for the ngrok agent" />}
        {result && (result.state === 'found' || tunnel.view?.state !== 'online') && <TunnelResult result={result} command={command} />}
        {result && result.state !== 'found' && tunnel.view?.state === 'online' && (
          <p className="muted small">No agent needed: the harness&apos;s own tunnel (Go public, above) is online.</p>
        )}
      </Card>

      <SecretTokenCard />
    </>
  )
}

function TunnelBadge({ state }: { state: TunnelState['state'] }): React.JSX.Element {
  return state === 'found' ? (
    <Badge tone="ok" dot>
      Tunnel found
    </Badge>
  ) : (
    <Badge tone="warn" dot>
      No tunnel to this server
    </Badge>
  )
}

function TunnelResult({ result, command }: { result: TunnelState; command: string }): React.JSX.Element {
  if (result.state === 'found' && result.tenantUrl) {
    return (
      <div className="stack">
        <Notice tone="ok" title="Tunnel found">
          <span className="mono">{result.publicUrl}</span> forwards to this server.
        </Notice>
        <div className="field">
          <span className="label">Tenant URL</span>
          <CopyField value={result.tenantUrl} label="Tenant URL" />
          <span className="hint">Paste this into Entra ID as the Tenant URL (Provisioning › Admin Credentials).</span>
        </div>
      </div>
    )
  }
  const state = result.state === 'found' ? 'none' : result.state
  return (
    <div className="stack">
      <Notice tone="warn" title={TITLES[state]}>
        {result.message}
      </Notice>
      <div className="field">
        <span className="label">Run this on this machine, then press Detect</span>
        <CopyField value={command} label="command to start the tunnel" />
        <span className="hint">The harness also looks again every {REDETECT_MS / 1000} seconds.</span>
      </div>
    </div>
  )
}
