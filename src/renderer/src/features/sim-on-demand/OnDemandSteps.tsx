import { useId, useState } from 'react'
import { Badge } from '../../components/ui'
import { DetailsList, StatusIcon } from '../../components/sim-ui'
import type { OnDemandStepView } from '../../lib/sim-types'

const STATUS_LABEL: Record<string, string> = { success: 'Success', failure: 'Failure', skipped: 'Skipped' }

/** The portal's action names for Perform action ('skip' covers "already in sync" and "not in scope"). */
export function actionLabel(action: string | null): string {
  if (action === null) return 'None'
  return action.charAt(0).toUpperCase() + action.slice(1)
}

/**
 * Entra's provision-on-demand step list (azure-ad-provisioning.md section 9): Test connection
 * only when it failed, then Import, Determine if in scope, Match, Perform action; each expands
 * to what "View details" lists.
 */
export function OnDemandSteps({ steps, label }: { steps: readonly OnDemandStepView[]; label: string }): React.JSX.Element {
  // section 9: "Test connection. Shown only when it fails."
  const shown = steps.filter((s) => !(s.name === 'Test connection' && s.status === 'success'))
  return (
    <ol className="simx-steps" aria-label={label}>
      {shown.map((step, i) => (
        <OnDemandStepItem key={`${step.name}-${i}`} step={step} number={i + 1} />
      ))}
    </ol>
  )
}

function OnDemandStepItem({ step, number }: { step: OnDemandStepView; number: number }): React.JSX.Element {
  // a failed step opens by itself: its details say why
  const [open, setOpen] = useState(step.status === 'failure')
  const panelId = useId()
  const status = STATUS_LABEL[step.status] ?? step.status
  const detailCount = Object.keys(step.details).length
  return (
    <li className={`simx-step simx-step-${step.status}`}>
      <div className="simx-step-head">
        <StatusIcon status={step.status} label={status} />
        <div className="simx-step-title">
          <strong>
            {number}. {step.name}
          </strong>
          {step.description && <span className="muted small">{step.description}</span>}
        </div>
        {step.status === 'skipped' && <Badge>Skipped</Badge>}
        {detailCount > 0 && (
          <button type="button" className="link-button small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
            {open ? 'Hide details' : 'View details'}
            <span className="visually-hidden"> of {step.name}</span>
          </button>
        )}
      </div>
      {open && detailCount > 0 && (
        <div id={panelId} className="simx-step-details">
          <DetailsList details={step.details} label={`${step.name} details`} />
        </div>
      )}
    </li>
  )
}
