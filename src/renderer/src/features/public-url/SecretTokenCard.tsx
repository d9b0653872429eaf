import { useId, useState, type FormEvent } from 'react'
import { Button, Card, CopyField, Field, Notice } from '../../components/ui'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { useRouter } from '../../stores/router'
import { useToasts } from '../../stores/toast-store'

/** `YYYY-MM-DD` of the local date `days` from now (what <input type="date"> holds). */
export function dateInDays(days: number, from: Date = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/**
 * Step 3: the Secret Token Entra ID sends with every request. Generated here or in Portal
 * Settings > Apps > Provisioning; either way it is shown once, since only its hash is kept.
 */
export function SecretTokenCard(): React.JSX.Element {
  const portal = useConsoleQuery('portal.get', undefined, { live: true })
  const navigate = useRouter((s) => s.navigate)
  const toast = useToasts((s) => s.show)
  const [expires, setExpires] = useState(() => dateInDays(90))
  const [label, setLabel] = useState('Entra ID via ngrok')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string }>()
  const [token, setToken] = useState<string>()
  const expiresId = useId()
  const labelId = useId()

  const activeTokens = portal.data?.tokens.filter((t) => t.status === 'active').length ?? 0

  const generate = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    const result = await api.call('tokens.create', { expires, label: label.trim() || undefined })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    setError(undefined)
    setToken(result.value.token)
    toast('API token generated. Copy it now: it is shown only once.')
    portal.reload()
  }

  const openSettings = (): void => navigate('/settings/provisioning')

  return (
    <Card
      id="secret-token"
      title="3. Secret Token"
      description="Entra ID sends an API token with every request. Tokens are shown once; the harness keeps only a hash."
      actions={
        <Button variant="secondary" size="sm" onClick={openSettings}>
          Manage tokens
        </Button>
      }
      footer={
        <p className="muted small token-footer">
          In Entra ID: Enterprise applications › your app › Provisioning › Admin Credentials. Paste the Tenant URL and the Secret Token, press Test Connection,
          then Save.
        </p>
      }
    >
      {portal.data && !portal.data.settings.scimEnabled && (
        <Notice
          tone="warn"
          title="SCIM provisioning is not enabled"
          action={
            <Button variant="secondary" size="sm" onClick={openSettings}>
              Open Provisioning settings
            </Button>
          }
        >
          Entra ID's Test Connection fails until provisioning is enabled in Portal Settings › Apps › Provisioning (it needs a default CAL and a valid token).
        </Notice>
      )}

      {token ? (
        <div className="stack">
          <Notice tone="ok" title="Copy the token now">
            This is the only time it is shown. Paste it into Entra ID as the Secret Token.
          </Notice>
          <div className="field">
            <span className="label">Secret Token</span>
            <CopyField value={token} label="Secret Token" />
          </div>
          <div>
            <Button variant="ghost" size="sm" onClick={() => setToken(undefined)}>
              Done, hide the token
            </Button>
          </div>
        </div>
      ) : (
        <>
          {portal.data && (
            <p className="small">
              {activeTokens > 0
                ? `This portal has ${activeTokens} active API token${activeTokens === 1 ? '' : 's'}. Use one you have kept, or generate one for this connection.`
                : 'This portal has no active API token yet: generate one for Entra ID.'}
            </p>
          )}
          <form className="token-form" onSubmit={(e) => void generate(e)}>
            <Field
              label="Expires"
              htmlFor={expiresId}
              hint="The token stops working after this day (UTC)."
              error={error?.field === 'expires' ? error.message : undefined}
            >
              <input
                id={expiresId}
                type="date"
                required
                min={dateInDays(1)}
                value={expires}
                onChange={(e) => setExpires(e.currentTarget.value)}
                aria-invalid={error?.field === 'expires' || undefined}
              />
            </Field>
            <Field label="Label" htmlFor={labelId} hint="Where the token is used, for the token list.">
              <input id={labelId} type="text" maxLength={100} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
            </Field>
            <div className="token-submit">
              <Button type="submit" busy={busy}>
                Generate API Token
              </Button>
            </div>
          </form>
          {error && error.field !== 'expires' && <Notice tone="error">{error.message}</Notice>}
        </>
      )}
    </Card>
  )
}
