import { useEffect, useState } from 'react'
import type { ConsoleError, PortalView } from '@shared/console/api'
import { Badge, Button, Card, CopyField, Field, PageHeader, ScreenNotLoaded, Spinner, Switch } from '../../components/ui'
import { changedSettings, fieldRoot, ruleField, usePortal, type PortalSettings, type SettingsChange } from '../../stores/portal-store'
import { useRouter } from '../../stores/router'
import { useStatus } from '../../stores/status-store'
import { RefusalSummary, revealElement, SaveBar, usePortalSettingsForm } from '../../components/settings-form'
import { CalPreviewCard } from './CalPreviewCard'
import { CalRulesCard } from './CalRulesCard'
import { TokensCard } from './TokensCard'

/*
 * Portal Settings > Apps > Provisioning, and the SCIM Azure AD configuration (seed, "VIDIZMO
 * Configuration"): default CAL, API tokens, BASE URI, CAL rules, deletion mode and the enable
 * toggle. Settings are edited as a draft and sent by Save Changes; tokens take effect at once.
 */

/** Where "Show me" takes the admin for a refusal's field. */
function elementFor(field: string | undefined): string | undefined {
  const root = fieldRoot(field)
  if (root === 'calRules') {
    const index = /^calRules\[(\d+)\]/.exec(field ?? '')?.[1]
    return index === undefined ? 'prov-rules-anchor' : `prov-rule-${index}`
  }
  return root === undefined
    ? undefined
    : (
        {
          defaultCal: 'prov-default-cal',
          tokens: 'prov-generate-token',
          scimEnabled: 'prov-enable',
          domainPolicy: 'prov-enable',
          deleteMode: 'prov-delete-mode',
          calConflictPolicy: 'prov-conflict',
        } as Record<string, string>
      )[root]
}

/**
 * Why SCIM can't be enabled, as the server said for the saved settings, adjusted for an unsaved
 * default CAL (the admin who just picked one should not still read "select a default CAL").
 */
function enableReasons(view: PortalView, effective: PortalSettings): ConsoleError[] {
  const saved = view.settings
  const reasons = view.enableCheck.reasons.filter((r) => r.field !== 'defaultCal' || effective.defaultCal === saved.defaultCal)
  if (effective.defaultCal === null && saved.defaultCal !== null) {
    reasons.push({
      code: 'noDefaultCal',
      message: 'Select a default CAL before enabling SCIM provisioning: it is the CAL every provisioned user gets when no CAL rule matches.',
      field: 'defaultCal',
    })
  }
  return reasons
}

/**
 * What is wrong with each saved rule the server cannot run, by rule id, for the rules still as
 * saved: an edited rule was checked again by the rule dialog.
 */
function savedRuleProblems(view: PortalView, rules: PortalSettings['calRules']): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const problem of view.ruleProblems) {
    const index = ruleField(problem.field)?.index
    const saved = index === undefined ? undefined : view.settings.calRules[index]
    const current = saved && rules.find((r) => r.id === saved.id)
    if (current && JSON.stringify(current) === JSON.stringify(saved)) problems[saved.id] = problem.message
  }
  return problems
}

export function ProvisioningPage(): React.JSX.Element {
  const edits = usePortal((s) => s.provisioningEdits)
  const editProvisioning = usePortal((s) => s.editProvisioning)
  const { view, loadError, reload, saving, refusal, setRefusal, saveChanges, discardChanges } = usePortalSettingsForm(usePortal((s) => s.discardProvisioning))
  const status = useStatus((s) => s.status)
  const loadStatus = useStatus((s) => s.load)
  const navigate = useRouter((s) => s.navigate)
  const [tokenSignal, setTokenSignal] = useState(0)

  useEffect(() => {
    if (!useStatus.getState().status) void loadStatus()
  }, [loadStatus])

  const usableTokens = view?.tokens.filter((t) => t.status === 'active').length ?? 0
  useEffect(() => {
    // a new token answers a "no valid token" refusal
    setRefusal((r) => (r?.field === 'tokens' && usableTokens > 0 ? undefined : r))
  }, [usableTokens, setRefusal])

  if (!view) return <ScreenNotLoaded title="Provisioning" what="the provisioning settings" error={loadError} onRetry={reload} />

  const saved = view.settings
  const effective: PortalSettings = { ...saved, ...edits }
  const changes = changedSettings(saved, edits)
  const changeCount = Object.keys(changes).length
  const dirty = changeCount > 0
  const reasons = enableReasons(view, effective)
  const errorFor = (...roots: string[]): string | undefined => (refusal && roots.includes(fieldRoot(refusal.field) ?? '') ? refusal.message : undefined)

  const edit = (change: SettingsChange): void => {
    editProvisioning(change)
    if (refusal && Object.keys(change).includes(fieldRoot(refusal.field) ?? '')) setRefusal(undefined)
  }

  const reasonAction = (reason: ConsoleError): React.JSX.Element | undefined => {
    if (reason.field === 'defaultCal') {
      return (
        <Button variant="secondary" size="sm" onClick={() => revealElement('prov-default-cal')}>
          Choose a default CAL
        </Button>
      )
    }
    if (reason.field === 'tokens') {
      return (
        <Button variant="secondary" size="sm" onClick={() => setTokenSignal((n) => n + 1)}>
          Generate API Token
        </Button>
      )
    }
    if (reason.field === 'domainPolicy') {
      return (
        <Button variant="secondary" size="sm" onClick={() => navigate('/settings/general')}>
          Open General settings
        </Button>
      )
    }
    return undefined
  }

  const refusalTarget = elementFor(refusal?.field)

  return (
    <>
      <PageHeader title="Provisioning" description="Apps that create, update and deactivate this portal’s users from an identity provider." />

      {refusal && <RefusalSummary error={refusal} onShow={refusalTarget ? () => revealElement(refusalTarget) : undefined} />}

      <Card title="Provisioning apps">
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Identity provider</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  <strong>SCIM Azure AD</strong>
                  <div className="muted small">SCIM 2.0 · users and groups</div>
                </td>
                <td>Microsoft Entra ID (Azure AD)</td>
                <td>
                  <Badge tone={saved.scimEnabled ? 'ok' : 'neutral'} dot>
                    {saved.scimEnabled ? 'Enabled' : 'Disabled'}
                  </Badge>
                </td>
                <td className="cell-actions">
                  <Button variant="secondary" size="sm" onClick={() => revealElement('prov-config')} aria-label="SCIM Azure AD Configuration">
                    Configuration
                  </Button>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </Card>

      <div className="stack prov-config" id="prov-config" tabIndex={-1} aria-label="SCIM Azure AD configuration" role="group">
        <Card
          title="SCIM Azure AD"
          description="Entra ID provisions users and groups into this portal. Users it removes are deactivated, never deleted."
          actions={
            <Badge tone={saved.scimEnabled ? 'ok' : 'neutral'} dot>
              {saved.scimEnabled ? 'Enabled' : 'Disabled'}
            </Badge>
          }
        >
          <div className="enable-row">
            <Switch id="prov-enable" checked={effective.scimEnabled} onChange={(scimEnabled) => edit({ scimEnabled })} label="Enable SCIM provisioning" />
            {effective.scimEnabled !== saved.scimEnabled && (
              <span className="muted small">
                {effective.scimEnabled ? 'Enabled when you save.' : 'Disabled when you save: Entra ID requests will be refused.'}
              </span>
            )}
          </div>
          {errorFor('scimEnabled', 'domainPolicy') && (
            <span className="field-error" role="alert">
              {errorFor('scimEnabled', 'domainPolicy')}
            </span>
          )}
          {reasons.length > 0 && (
            <div
              className={`enable-reasons${effective.scimEnabled ? ' is-blocking' : ''}`}
              aria-label={saved.scimEnabled ? 'Problems with SCIM provisioning' : 'Before you can enable SCIM provisioning'}
              role="group"
            >
              <strong>{saved.scimEnabled ? 'Provisioning needs attention' : 'Before you can enable SCIM provisioning'}</strong>
              <ul>
                {reasons.map((reason) => (
                  <li key={reason.code}>
                    <span>{reason.message}</span>
                    {reasonAction(reason)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {reasons.length === 0 && !saved.scimEnabled && <p className="muted small">Everything SCIM needs is in place: turn the toggle on and Save Changes.</p>}
        </Card>

        <div className="grid-2">
          <Card title="New users" description="What Entra ID’s users get when they are provisioned.">
            <Field
              label="Default CAL"
              htmlFor="prov-default-cal"
              hint={
                <>
                  The CAL every provisioned user gets when no CAL rule matches. CALs are listed highest first;{' '}
                  <a
                    href="#/settings/general"
                    onClick={(e) => {
                      e.preventDefault()
                      navigate('/settings/general')
                    }}
                  >
                    edit the CAL catalogue
                  </a>
                  .
                </>
              }
              error={errorFor('defaultCal')}
            >
              <select
                id="prov-default-cal"
                value={effective.defaultCal ?? ''}
                onChange={(e) => edit({ defaultCal: e.currentTarget.value === '' ? null : e.currentTarget.value })}
                aria-invalid={errorFor('defaultCal') ? true : undefined}
                aria-describedby={errorFor('defaultCal') ? 'prov-default-cal-error' : 'prov-default-cal-hint'}
              >
                <option value="">Select a default CAL…</option>
                {effective.cals.map((cal) => (
                  <option key={cal} value={cal}>
                    {cal}
                  </option>
                ))}
              </select>
            </Field>
          </Card>

          <Card title="Connect Entra ID" description="In the Entra ID app: Provisioning › Admin Credentials.">
            <div className="field">
              <span className="label">BASE URI</span>
              {status ? <CopyField value={status.baseUri} label="BASE URI" id="prov-base-uri" /> : <Spinner label="Reading the server address" />}
              <span className="hint">
                Paste it as the <em>Tenant URL</em>, and an API token below as the <em>Secret Token</em>, then select Test Connection. For a real tenant
                reaching this machine through a tunnel, use the https address on the{' '}
                <a
                  href="#/public-url"
                  onClick={(e) => {
                    e.preventDefault()
                    navigate('/public-url')
                  }}
                >
                  Public URL
                </a>{' '}
                page.
              </span>
            </div>
          </Card>
        </div>

        <TokensCard tokens={view.tokens} error={errorFor('tokens')} scimEnabled={saved.scimEnabled} openSignal={tokenSignal} />

        <span id="prov-rules-anchor" tabIndex={-1} />
        <CalRulesCard
          rules={effective.calRules}
          cals={effective.cals}
          defaultCal={effective.defaultCal}
          policy={effective.calConflictPolicy}
          error={refusal && ['calRules', 'calConflictPolicy'].includes(fieldRoot(refusal.field) ?? '') ? refusal : undefined}
          savedProblems={savedRuleProblems(view, effective.calRules)}
          onRulesChange={(calRules) => edit({ calRules })}
          onPolicyChange={(calConflictPolicy) => edit({ calConflictPolicy })}
        />

        <CalPreviewCard
          settings={effective}
          unsaved={changes.calRules !== undefined || changes.defaultCal !== undefined || changes.calConflictPolicy !== undefined}
        />

        <Card title="Deprovisioning" description="What happens when Entra ID removes a user (unassignment, deletion, or active = false).">
          <fieldset className="choice-group" id="prov-delete-mode" tabIndex={-1}>
            <legend className="visually-hidden">Deletion mode</legend>
            <label className={`choice${effective.deleteMode === 'deactivate' ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="deleteMode"
                value="deactivate"
                checked={effective.deleteMode === 'deactivate'}
                onChange={() => edit({ deleteMode: 'deactivate' })}
              />
              <span>
                <strong>Deactivate users (recommended)</strong>
                <span className="muted small">
                  VIDIZMO’s behaviour: DELETE and active = false set IsActive to false. Access is revoked at once; the user stays visible as inactive and can be
                  reactivated.
                </span>
              </span>
            </label>
            <label className={`choice${effective.deleteMode === 'hard' ? ' is-selected' : ''}`}>
              <input type="radio" name="deleteMode" value="hard" checked={effective.deleteMode === 'hard'} onChange={() => edit({ deleteMode: 'hard' })} />
              <span>
                <strong>Hard delete (RFC 7644)</strong>
                <span className="muted small">
                  DELETE /Users/&#123;id&#125; removes the user for good. For SCIM conformance runs; not how a VIDIZMO portal behaves.
                </span>
              </span>
            </label>
            {errorFor('deleteMode') && (
              <span className="field-error" role="alert">
                {errorFor('deleteMode')}
              </span>
            )}
          </fieldset>
        </Card>
      </div>

      <SaveBar dirty={dirty} saving={saving} count={changeCount} onSave={() => void saveChanges(changes)} onDiscard={discardChanges} />
    </>
  )
}
