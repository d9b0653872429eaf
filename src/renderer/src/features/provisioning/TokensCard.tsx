import { useEffect, useId, useRef, useState } from 'react'
import type { ConsoleError, TokenView } from '@shared/console/api'
import { Badge, Button, Card, CopyField, Dialog, EmptyState, Field, Notice } from '../../components/ui'
import { formatDate } from '../../lib/format'
import { usePortal } from '../../stores/portal-store'

/** `YYYY-MM-DD` in local time, `years` from `now`: the default expiry is one year ahead (as Atlassian keys). */
export function dateAhead(now: Date, years: number): string {
  const d = new Date(now)
  d.setFullYear(d.getFullYear() + years)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

const STATUS: Record<TokenView['status'], { label: string; tone: 'ok' | 'warn' | 'danger' }> = {
  active: { label: 'Active', tone: 'ok' },
  expired: { label: 'Expired', tone: 'warn' },
  revoked: { label: 'Revoked', tone: 'danger' },
}

const SOON_MS = 14 * 86_400_000

/**
 * API tokens: "Generate API Token" (expiry date, optional label, Add), the new token shown once
 * with a copy button, and the token list with revoke. Tokens take effect immediately: creating or
 * revoking one is its own call, not part of Save Changes.
 */
export function TokensCard({
  tokens,
  error,
  scimEnabled,
  openSignal,
}: {
  tokens: TokenView[]
  error: string | undefined
  scimEnabled: boolean
  openSignal: number
}): React.JSX.Element {
  const id = useId()
  const createToken = usePortal((s) => s.createToken)
  const [form, setForm] = useState<{ expires: string; label: string } | null>(null)
  const [formError, setFormError] = useState<ConsoleError>()
  const [creating, setCreating] = useState(false)
  // the plain token lives only in this component's state: it is gone once dismissed or the screen is left
  const [revealed, setRevealed] = useState<{ token: string; label: string; expiresAt: string } | null>(null)
  const [revoking, setRevoking] = useState<TokenView | null>(null)
  const expiryInput = useRef<HTMLInputElement>(null)

  const openForm = (): void => {
    setRevealed(null)
    setFormError(undefined)
    setForm({ expires: dateAhead(new Date(), 1), label: '' })
  }
  // "Generate API Token" from an enable reason elsewhere on the screen
  useEffect(() => {
    if (openSignal > 0) openForm()
  }, [openSignal])
  useEffect(() => {
    if (form) expiryInput.current?.focus()
  }, [form !== null]) // eslint-disable-line react-hooks/exhaustive-deps

  const add = async (): Promise<void> => {
    if (!form) return
    setCreating(true)
    const result = await createToken({ expires: form.expires, ...(form.label.trim() ? { label: form.label.trim() } : {}) })
    setCreating(false)
    if (!result.ok) {
      setFormError(result.error)
      return
    }
    setForm(null)
    setRevealed({ token: result.value.token, label: result.value.record.label, expiresAt: result.value.record.expiresAt })
  }

  const usable = tokens.filter((t) => t.status === 'active')
  const now = Date.now()

  return (
    <Card
      id="prov-tokens"
      title="API tokens"
      description="Paste a token into Entra ID as the Secret Token. Generating or revoking a token takes effect immediately; it is not part of Save Changes."
      actions={
        !form && (
          <Button onClick={openForm} id="prov-generate-token">
            Generate API Token
          </Button>
        )
      }
    >
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}

      {form && (
        <form
          className="prov-token-form"
          aria-label="Generate API Token"
          onSubmit={(e) => {
            e.preventDefault()
            void add()
          }}
        >
          <div className="grid-2">
            <Field
              label="Expiry date"
              htmlFor={`${id}-expires`}
              hint="Valid until the end of this day (UTC). Once it passes, Entra ID gets 401 and provisioning and deprovisioning stop."
              error={formError?.field === 'expires' ? formError.message : undefined}
            >
              <input
                ref={expiryInput}
                id={`${id}-expires`}
                type="date"
                required
                min={dateAhead(new Date(), 0)}
                value={form.expires}
                onChange={(e) => setForm({ ...form, expires: e.currentTarget.value })}
                aria-invalid={formError?.field === 'expires' ? true : undefined}
              />
            </Field>
            <Field label="Label (optional)" htmlFor={`${id}-label`} hint="Where the token is used, e.g. “Entra ID – Contoso test tenant”.">
              <input id={`${id}-label`} type="text" maxLength={100} value={form.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })} />
            </Field>
          </div>
          {formError && formError.field !== 'expires' && <Notice tone="error">{formError.message}</Notice>}
          <div className="row">
            <Button type="submit" busy={creating}>
              Add
            </Button>
            <Button variant="secondary" onClick={() => setForm(null)} disabled={creating}>
              Cancel
            </Button>
          </div>
        </form>
      )}

      {revealed && (
        <div className="prov-token-reveal" role="status">
          <strong>Copy your new API token now: it won’t be shown again.</strong>
          <p className="small">
            The harness keeps only a hash of “{revealed.label}”. Paste the token into Entra ID as the <em>Secret Token</em>; if you lose it, generate another
            one. It expires {formatDate(revealed.expiresAt)}.
          </p>
          <CopyField value={revealed.token} label="new API token" />
          <div className="row">
            <Button variant="secondary" size="sm" onClick={() => setRevealed(null)}>
              I’ve copied it
            </Button>
          </div>
        </div>
      )}

      {tokens.length === 0 ? (
        <EmptyState>No API tokens yet. Generate one: Entra ID needs it to connect, and SCIM provisioning can’t be enabled without it.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">API tokens, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => {
                const soon = t.status === 'active' && new Date(t.expiresAt).getTime() - now < SOON_MS
                return (
                  <tr key={t.id} className={t.status === 'active' ? undefined : 'prov-token-inactive'}>
                    <td>
                      <strong>{t.label}</strong>
                      <div className="muted small mono">{t.id.slice(0, 8)}</div>
                    </td>
                    <td>{formatDate(t.createdAt)}</td>
                    <td>
                      {formatDate(t.expiresAt)}
                      {soon && (
                        <div>
                          <Badge tone="warn">Expires soon</Badge>
                        </div>
                      )}
                    </td>
                    <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : <span className="muted">Never</span>}</td>
                    <td>
                      <Badge tone={STATUS[t.status].tone} dot>
                        {STATUS[t.status].label}
                      </Badge>
                    </td>
                    <td className="cell-actions">
                      {t.status !== 'revoked' && (
                        <Button variant="secondary" size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.label}`}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}

      {revoking && (
        <RevokeDialog token={revoking} lastUsable={scimEnabled && usable.length === 1 && usable[0].id === revoking.id} onClose={() => setRevoking(null)} />
      )}
    </Card>
  )
}

function RevokeDialog({ token, lastUsable, onClose }: { token: TokenView; lastUsable: boolean; onClose: () => void }): React.JSX.Element {
  const revokeToken = usePortal((s) => s.revokeToken)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const revoke = async (): Promise<void> => {
    setBusy(true)
    const result = await revokeToken(token.id)
    setBusy(false)
    if (result.ok) onClose()
    else setError(result.error.message)
  }
  return (
    <Dialog
      title="Revoke API token?"
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void revoke()} busy={busy}>
            Revoke token
          </Button>
        </>
      }
    >
      <p>
        “{token.label}” stops working at once: every request Entra ID makes with it gets 401. This takes effect immediately, without Save Changes, and cannot be
        undone.
      </p>
      {lastUsable && (
        <Notice tone="warn" title="This is the last valid token">
          SCIM provisioning is enabled: provisioning and deprovisioning stop until you generate a new token and paste it into Entra ID.
        </Notice>
      )}
      {error && <Notice tone="error">{error}</Notice>}
    </Dialog>
  )
}
