import { useEffect, useRef, useState } from 'react'
import { api } from './lib/api'

type ServerState = { kind: 'starting' } | { kind: 'running'; baseUri: string } | { kind: 'failed'; message: string }

/** The desktop shell: app name, the SCIM Base URI to paste into Entra, and what comes next. */
export function App(): React.JSX.Element {
  const [server, setServer] = useState<ServerState>({ kind: 'starting' })

  useEffect(() => {
    let current = true
    api
      .call('status.get')
      .then((result) => {
        if (!current) return
        setServer(result.ok ? { kind: 'running', baseUri: result.value.baseUri } : { kind: 'failed', message: result.error.message })
      })
      .catch((error: unknown) => {
        if (current) setServer({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })
      })
    // StrictMode mounts twice in development; only the live mount may set state
    return () => {
      current = false
    }
  }, [])

  return (
    <div className="shell">
      <header className="shell-header">
        <span className="brand-mark" aria-hidden="true">
          S
        </span>
        <h1>SCIM Harness</h1>
        <ServerBadge state={server} />
      </header>

      <main className="shell-main">
        <section className="card" aria-labelledby="base-uri-title">
          <h2 id="base-uri-title">SCIM Base URI</h2>
          <p className="hint">Paste it as the Tenant URL in Entra ID's provisioning settings, with an API token from the harness.</p>
          {server.kind === 'running' && <BaseUri value={server.baseUri} />}
          {server.kind === 'starting' && <p className="placeholder">Starting the SCIM server…</p>}
          {server.kind === 'failed' && (
            <p className="error" role="alert">
              {server.message}
            </p>
          )}
        </section>

        <section className="card note">
          <h2>Console screens are on their way</h2>
          <p>
            Settings, API tokens, CAL rules, users and provisioning logs will appear here in a later release. Until then the
            command line manages this same workspace, for example <code>scim-harness token create --expires 2030-01-01</code>.
          </p>
        </section>
      </main>
    </div>
  )
}

function ServerBadge({ state }: { state: ServerState }): React.JSX.Element {
  const label = { starting: 'Starting', running: 'Running', failed: 'Stopped' }[state.kind]
  return (
    <span className={`badge badge-${state.kind}`} role="status">
      <span className="dot" aria-hidden="true" />
      SCIM server: {label}
    </span>
  )
}

function BaseUri({ value }: { value: string }): React.JSX.Element {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'select'>('idle')
  const field = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (copied === 'idle') return
    const timer = setTimeout(() => setCopied('idle'), 2000)
    return () => clearTimeout(timer)
  }, [copied])

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value)
      setCopied('copied')
    } catch {
      // clipboard refused (e.g. window not focused): select the text so Ctrl+C still works
      field.current?.select()
      setCopied('select')
    }
  }

  return (
    <div className="copy-field">
      <input ref={field} readOnly value={value} aria-label="SCIM Base URI" onFocus={(event) => event.currentTarget.select()} />
      <button type="button" onClick={copy}>
        {copied === 'copied' ? 'Copied' : copied === 'select' ? 'Press Ctrl+C' : 'Copy'}
      </button>
    </div>
  )
}
