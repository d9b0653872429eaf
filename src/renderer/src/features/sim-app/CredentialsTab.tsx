import { useState } from 'react'
import type { ConsoleError, ConsoleOutput } from '@shared/console/api'
import type { SecretStorage } from '@shared/console/simulator-api'
import { Badge, Button, Card, Field, Notice } from '../../components/ui'
import { api } from '../../lib/api'
import { useSimState } from '../../stores/sim-store'
import { SimErrorNotice } from '../../components/sim-ui'
import { SectionSaveBar, useAppConfigEditor } from './app-config'

type TestResult = ConsoleOutput<'sim.testConnection'>

/**
 * Admin Credentials (seed, Azure AD Configuration steps 6 to 8): Tenant URL, Secret Token and
 * Test Connection, which probes the Tenant URL with the values typed, saved or not, and answers
 * with Entra's own messages. The saved token is never shown back; leaving the field empty keeps it.
 */
export function CredentialsTab(): React.JSX.Element {
  const { state } = useSimState()
  const editor = useAppConfigEditor(
    (config) => ({ tenantUrl: config.tenantUrl, token: '' }),
    (draft) => ({ tenantUrl: draft.tenantUrl.trim(), ...(draft.token !== '' ? { token: draft.token } : {}) }),
  )
  const [testing, setTesting] = useState(false)
  const [test, setTest] = useState<{ result?: TestResult; error?: ConsoleError; for: string }>()

  if (editor.placeholder || !editor.draft) return editor.placeholder ?? <></>
  const draft = editor.draft
  const tokenSet = state?.tokenSet ?? false
  const testedNow = test?.for === `${draft.tenantUrl}\n${draft.token}`

  const testConnection = async (): Promise<void> => {
    setTesting(true)
    const key = `${draft.tenantUrl}\n${draft.token}`
    const answer = await api.call('sim.testConnection', { tenantUrl: draft.tenantUrl.trim(), token: draft.token === '' ? undefined : draft.token })
    setTesting(false)
    setTest(answer.ok ? { result: answer.value, for: key } : { error: answer.error, for: key })
  }

  const failedTest = testedNow && test?.result && !test.result.success
  return (
    <div className="stack">
      <Card
        title="Admin Credentials"
        description="Microsoft Entra ID needs the following information to connect to the application's API and synchronize user data."
        footer={
          <Button variant="secondary" busy={testing} disabled={draft.tenantUrl.trim() === ''} onClick={() => void testConnection()}>
            Test Connection
          </Button>
        }
      >
        <Field
          label="Provisioning Mode"
          htmlFor="sim-provisioning-mode"
          hint="Automatic: the job provisions on its schedule over SCIM (the walkthrough's Get started, then Automatic)."
        >
          <select id="sim-provisioning-mode" value="automatic" disabled>
            <option value="automatic">Automatic</option>
          </select>
        </Field>
        <Field
          label="Tenant URL"
          htmlFor="sim-tenant-url"
          hint={
            <>
              The SCIM base URI, e.g. this harness's BASE URI{state?.builtInTarget ? ' (set now)' : ''}. Entra appends <code>/Users</code> and{' '}
              <code>/Groups</code>; appending <code>?aadOptscim062020</code> turns on the compliant PATCH dialect, as in Entra.
            </>
          }
        >
          <input
            id="sim-tenant-url"
            type="url"
            className="mono"
            value={draft.tenantUrl}
            spellCheck={false}
            onChange={(e) => {
              const tenantUrl = e.currentTarget.value
              editor.setDraft((d) => ({ ...d, tenantUrl }))
            }}
          />
        </Field>
        <Field
          label={<span className="row">Secret Token {tokenSet ? <Badge tone="ok">Set</Badge> : <Badge tone="warn">Not set</Badge>}</span>}
          htmlFor="sim-secret-token"
          hint={
            <>
              {tokenSet
                ? 'A token is saved; it is never shown again. Type a new one to replace it, or leave this empty to keep it.'
                : 'The API token generated in Portal Settings › Apps › Provisioning (Generate API Token).'}
              {state?.tokenStorage && (
                <>
                  {' '}
                  <TokenStorageNote storage={state.tokenStorage} />
                </>
              )}
            </>
          }
        >
          <input
            id="sim-secret-token"
            type="password"
            autoComplete="off"
            value={draft.token}
            placeholder={tokenSet ? '•••••••• (saved)' : ''}
            onChange={(e) => {
              const token = e.currentTarget.value
              editor.setDraft((d) => ({ ...d, token }))
            }}
          />
        </Field>
        {testedNow && test?.error && <SimErrorNotice error={test.error} title="Test Connection could not run" />}
        {testedNow && test?.result && <TestConnectionResult result={test.result} />}
      </Card>
      {failedTest && editor.dirty && (
        <Notice tone="warn" title="These credentials failed Test Connection">
          Entra would not let you save them. The simulator does, so you can reproduce what a job with bad credentials does (it goes into quarantine).
        </Notice>
      )}
      {editor.error && <SimErrorNotice error={editor.error} title="The credentials were not saved" />}
      <SectionSaveBar editor={editor} />
    </div>
  )
}

/** Where the saved token is kept (issue 14): encrypted by the OS, or a file only this account can read. */
function TokenStorageNote({ storage }: { storage: SecretStorage }): React.JSX.Element {
  const where = storage.location ? <code>{storage.location}</code> : 'the workspace folder'
  return (
    <span data-testid="sim-token-storage">
      {storage.protection === 'os-encryption' ? (
        <>Encrypted with the operating system's key store, in {where}.</>
      ) : (
        <>
          Stored in {where}, readable only by your user account.{storage.note ? ` ${storage.note}` : ''}
        </>
      )}
    </span>
  )
}

function TestConnectionResult({ result }: { result: TestResult }): React.JSX.Element {
  return (
    <Notice tone={result.success ? 'ok' : 'error'} title={result.success ? 'Testing connection succeeded' : 'Testing connection failed'}>
      <p>{result.message}</p>
      {(result.errorCode || result.details) && (
        <dl className="kv sim-test-details">
          {result.errorCode && (
            <>
              <dt>Error code</dt>
              <dd className="mono">{result.errorCode}</dd>
            </>
          )}
          {result.details && (
            <>
              <dt>Details</dt>
              <dd>{result.details}</dd>
            </>
          )}
        </dl>
      )}
      {result.exchanges.length > 0 && (
        <details className="sim-exchanges">
          <summary>
            {result.exchanges.length} HTTP {result.exchanges.length === 1 ? 'exchange' : 'exchanges'}
          </summary>
          <pre tabIndex={0}>{JSON.stringify(result.exchanges, null, 2)}</pre>
        </details>
      )}
    </Notice>
  )
}
