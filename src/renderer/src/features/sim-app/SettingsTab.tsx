import { useEffect, useState } from 'react'
import type { AppConfigView, SimulatorOptions } from '@shared/console/simulator-api'
import { Card, Field, Switch } from '../../components/ui'
import { SimErrorNotice } from '../../components/sim-ui'
import { SectionSaveBar, useAppConfigEditor } from './app-config'

type SettingsDraft = Pick<
  AppConfigView,
  | 'notificationEmail'
  | 'sendFailureNotification'
  | 'scope'
  | 'dialect'
  | 'targetActions'
  | 'provisionGroups'
  | 'preventAccidentalDeletions'
  | 'accidentalDeletionThreshold'
  | 'options'
>

const pickSettings = (c: AppConfigView): SettingsDraft => ({
  notificationEmail: c.notificationEmail ?? '',
  sendFailureNotification: c.sendFailureNotification ?? false,
  scope: c.scope,
  dialect: c.dialect,
  targetActions: c.targetActions,
  provisionGroups: c.provisionGroups,
  preventAccidentalDeletions: c.preventAccidentalDeletions ?? false,
  accidentalDeletionThreshold: c.accidentalDeletionThreshold ?? 500,
  options: c.options,
})

const DIALECTS: { id: AppConfigView['dialect']; label: string; hint: string }[] = [
  {
    id: 'default2017',
    label: 'Default (2017 PATCH behaviour)',
    hint: 'What a non-gallery app created today sends: PascalCase ops, active as the string "False", members removed with a value array.',
  },
  {
    id: 'compliant',
    label: 'aadOptscim062020 (SCIM compliant)',
    hint: 'Lowercase ops, active as a boolean, merged path-less replaces, members[value eq "…"] removals. Entra turns it on with ?aadOptscim062020 on the Tenant URL.',
  },
  {
    id: 'legacy',
    label: 'Legacy customappsso',
    hint: 'Jobs created before December 2018: dotted extension names, invalid PATCH filter paths, the old group schema URI.',
  },
]

/**
 * Settings: Notification Email and failure notification, Scope, the PATCH dialect, target object
 * actions, group provisioning, Prevent accidental deletions, and how the simulator runs the job
 * (concurrency, timeouts, 429 handling, escrow and quarantine thresholds).
 */
export function SettingsTab(): React.JSX.Element {
  const editor = useAppConfigEditor<SettingsDraft>(pickSettings, (d) => ({ ...d, notificationEmail: d.notificationEmail?.trim() }))

  if (editor.placeholder || !editor.draft) return editor.placeholder ?? <></>
  const d = editor.draft
  const saved = editor.config ? pickSettings(editor.config) : d
  const set = (change: Partial<SettingsDraft>): void => editor.setDraft((x) => ({ ...x, ...change }))
  const setOption = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K]): void =>
    editor.setDraft((x) => ({ ...x, options: { ...x.options, [key]: value } }))

  return (
    <div className="stack">
      <Card title="Settings">
        <Field
          label="Notification Email"
          htmlFor="sim-notify-email"
          hint="Where quarantine and failure notices go. The simulator keeps them in its outbox; it never sends mail."
        >
          <input
            id="sim-notify-email"
            type="text"
            inputMode="email"
            value={d.notificationEmail}
            onChange={(e) => set({ notificationEmail: e.currentTarget.value })}
          />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={d.sendFailureNotification} onChange={(e) => set({ sendFailureNotification: e.currentTarget.checked })} />
          Send an email notification when a failure occurs
        </label>
        <Field
          label="Scope"
          htmlFor="sim-scope"
          hint={
            d.scope !== saved.scope && d.scope === 'assigned'
              ? 'Switching from Sync all to Sync only assigned takes effect after Restart provisioning, as in Entra.'
              : 'Sync all evaluates every user and group of the tenant; out-of-scope ones are logged as Skipped.'
          }
        >
          <select id="sim-scope" value={d.scope} onChange={(e) => set({ scope: e.currentTarget.value as AppConfigView['scope'] })}>
            <option value="assigned">Sync only assigned users and groups</option>
            <option value="all">Sync all users and groups</option>
          </select>
        </Field>
        <Field label="PATCH dialect" htmlFor="sim-dialect" hint={DIALECTS.find((x) => x.id === d.dialect)?.hint}>
          <select id="sim-dialect" value={d.dialect} onChange={(e) => set({ dialect: e.currentTarget.value as AppConfigView['dialect'] })}>
            {DIALECTS.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="sim-fieldset">
          <legend>Target Object Actions</legend>
          <div className="row sim-checks">
            {(['create', 'update', 'delete'] as const).map((action) => (
              <label key={action} className="checkbox">
                <input
                  type="checkbox"
                  checked={d.targetActions[action]}
                  onChange={(e) => set({ targetActions: { ...d.targetActions, [action]: e.currentTarget.checked } })}
                />
                {action.charAt(0).toUpperCase() + action.slice(1)}
              </label>
            ))}
          </div>
          <span className="hint muted small">With Delete off, users who leave scope are still disabled; hard-deleted ones are not deleted in the target.</span>
        </fieldset>
        <Switch checked={d.provisionGroups} onChange={(provisionGroups) => set({ provisionGroups })} label="Provision Microsoft Entra ID Groups" />
        <fieldset className="sim-fieldset">
          <legend>Prevent accidental deletions</legend>
          <Switch
            checked={d.preventAccidentalDeletions ?? false}
            onChange={(preventAccidentalDeletions) => set({ preventAccidentalDeletions })}
            label="Prevent accidental deletion"
          />
          {d.preventAccidentalDeletions && (
            <Field
              label="Accidental deletion threshold"
              htmlFor="sim-delete-threshold"
              hint="A cycle that would disable or delete more users and groups than this sends none of them, stages them and quarantines the job."
            >
              <NumberInput
                id="sim-delete-threshold"
                value={d.accidentalDeletionThreshold ?? 500}
                min={1}
                max={1_000_000}
                integer
                onChange={(accidentalDeletionThreshold) => set({ accidentalDeletionThreshold })}
              />
            </Field>
          )}
        </fieldset>
      </Card>

      <Card title="Simulator options" description="How the simulator runs the job. Not part of Entra's configuration; the defaults behave like Entra.">
        <div className="sim-form-grid">
          <Field label="Concurrency" htmlFor="sim-opt-concurrency" hint="Objects processed at once (1 to 32). Entra's parallelism is small.">
            <NumberInput id="sim-opt-concurrency" value={d.options.concurrency} min={1} max={32} integer onChange={(v) => setOption('concurrency', v)} />
          </Field>
          <Field label="Request timeout (seconds)" htmlFor="sim-opt-timeout" hint="Per request; Entra waits 60 s. A timeout is logged with error code Timeout.">
            <NumberInput
              id="sim-opt-timeout"
              value={d.options.timeoutMs}
              scale={1 / 1000}
              min={0.1}
              max={600}
              onChange={(v) => setOption('timeoutMs', Math.round(v))}
            />
          </Field>
          <Field label="HTTP 429 (Too Many Requests)" htmlFor="sim-opt-429" hint="Entra's documented behaviour is unsettled; both are seen in the field.">
            <select
              id="sim-opt-429"
              value={d.options.honorRetryAfter ? 'wait' : 'escrow'}
              onChange={(e) => setOption('honorRetryAfter', e.currentTarget.value === 'wait')}
            >
              <option value="wait">Wait for Retry-After, then resend</option>
              <option value="escrow">Mark the object failed (escrow), retry next cycle</option>
            </select>
          </Field>
          <Field
            label="Escrow time scale"
            htmlFor="sim-opt-escrow"
            hint="Multiplies the retry delays after a failure (1 = Entra's 6 h, 12 h, 24 h…; 0.001 turns hours into seconds)."
          >
            <NumberInput id="sim-opt-escrow" value={d.options.escrowScale} min={0.000001} max={1} onChange={(v) => setOption('escrowScale', v)} />
          </Field>
          <Field
            label="Quarantine: minimum failures"
            htmlFor="sim-opt-qmin"
            hint="Failures before the failure-ratio rule applies (Entra: 5,000). Lower it to reproduce a quarantine with a small tenant."
          >
            <NumberInput
              id="sim-opt-qmin"
              value={d.options.quarantineMinFailures}
              min={1}
              max={1_000_000}
              integer
              onChange={(v) => setOption('quarantineMinFailures', v)}
            />
          </Field>
          <Field
            label="Quarantine: failure ratio (%)"
            htmlFor="sim-opt-qratio"
            hint="Share of failed changes that quarantines the job (Entra: 40%). Reference failures do not count."
          >
            <NumberInput
              id="sim-opt-qratio"
              value={d.options.quarantineMaxFailureRatio}
              scale={100}
              min={1}
              max={100}
              onChange={(v) => setOption('quarantineMaxFailureRatio', v)}
            />
          </Field>
        </div>
      </Card>
      {editor.error && <SimErrorNotice error={editor.error} title="The settings were not saved" />}
      <SectionSaveBar editor={editor} />
    </div>
  )
}

/**
 * A number field that keeps what is typed (a half-typed "0." is not clamped away) and passes on
 * only values within range, in the draft's unit: the field shows `value * scale` (seconds for ms,
 * percent for a ratio). Out of range or not a number: the field says so and the draft keeps the
 * last good value.
 */
function NumberInput({
  id,
  value,
  onChange,
  min,
  max,
  scale = 1,
  integer = false,
}: {
  id: string
  value: number
  onChange: (value: number) => void
  min: number
  max: number
  scale?: number
  integer?: boolean
}): React.JSX.Element {
  const shown = (v: number): string => String(+(v * scale).toPrecision(12))
  const [text, setText] = useState(shown(value))
  const parse = (t: string): number | undefined => {
    const n = Number(t)
    if (t.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return undefined
    return n
  }
  // follow the draft when it changes from outside (Discard, a save, another tab's load)
  useEffect(() => {
    setText((t) => (parse(t) !== undefined && Math.abs(parse(t)! / scale - value) < 1e-12 ? t : shown(value)))
    // parse and shown read only props that change together with `value`
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see the line above
  }, [value])
  const invalid = parse(text) === undefined
  return (
    <>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={integer ? 1 : 'any'}
        value={text}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          const t = e.currentTarget.value
          setText(t)
          const n = parse(t)
          if (n !== undefined) onChange(n / scale)
        }}
      />
      {invalid && (
        <span className="field-error" role="alert">
          Enter {integer ? 'a whole number' : 'a number'} from {min.toLocaleString()} to {max.toLocaleString()}.
        </span>
      )}
    </>
  )
}
