import type { CycleReport, OnDemandResult, TestConnectionResult } from '../engine'
import type { ExpectationResult } from './check-expectations'
import type { ProvisionOnDemandStep, TestConnectionStep } from './scenario-schema'

/*
 * The expectations and step details of the job-level steps of a scenario: Test Connection
 * (section 2), provision on demand (section 9) and the cycles a schedule ran (3.1). They read the
 * job's own answer, not the target, so they need no SCIM reads.
 */

/** One expectation per expectation field of a testConnection step; `actual` is what the admin center would show. */
export function checkTestConnection(step: TestConnectionStep, index: number, result: TestConnectionResult): ExpectationResult[] {
  const results: ExpectationResult[] = []
  if (step.expectSuccess !== undefined) {
    results.push({
      index,
      description: `Test Connection ${step.expectSuccess ? 'succeeds' : 'fails'}`,
      passed: result.success === step.expectSuccess,
      expected: step.expectSuccess,
      actual: result.success ? true : `false: ${result.message}`,
    })
  }
  if (step.expectMessageContains !== undefined) {
    results.push({
      index,
      description: `Test Connection message contains "${step.expectMessageContains}"`,
      passed: result.message.includes(step.expectMessageContains),
      expected: step.expectMessageContains,
      actual: result.message,
    })
  }
  return results
}

/** `Test Connection passed: <message>`, or failed with its code. */
export function describeTestConnection(result: TestConnectionResult): string {
  if (result.success) return `Test Connection passed: ${result.message}`
  return `Test Connection failed (${result.errorCode ?? 'error'}): ${result.message}${result.details ? ` ${result.details}` : ''}`
}

/** The expectAction of a provisionOnDemand step, when present. A failed Test connection performed nothing: its message is the actual. */
export function checkOnDemand(step: ProvisionOnDemandStep, index: number, result: OnDemandResult): ExpectationResult[] {
  if (step.expectAction === undefined) return []
  const subject = step.user !== undefined ? `user ${step.user}` : `group "${step.group}"`
  const failedProbe = result.action === null ? result.steps.find((s) => s.status === 'failure') : undefined
  return [
    {
      index,
      description: `provision on demand of ${subject} performs ${step.expectAction}`,
      passed: result.action === step.expectAction,
      expected: step.expectAction,
      actual: result.action ?? `(nothing performed: ${failedProbe?.description ?? 'Test connection failed'})`,
    },
  ]
}

/** `provisioned user X on demand: create`, members included. */
export function describeOnDemand(result: OnDemandResult): string {
  const what = (r: OnDemandResult) => `${r.subject.type.toLowerCase()} ${r.subject.displayName}: ${r.action ?? 'nothing performed'}`
  const members = result.members.length > 0 ? ` (members: ${result.members.map(what).join('; ')})` : ''
  const failed = result.steps.find((s) => s.status === 'failure' && result.action === null)
  return `provisioned ${what(result)} on demand${failed ? ` (${failed.name}: ${failed.description})` : ''}${members}`
}

/** `initial cycle completed: 3 Create, 1 Update; 0 failed`, or why it did not complete. */
export function describeCycle(report: CycleReport): string {
  const actions = Object.entries(report.counts.byAction)
    .filter(([, count]) => count > 0)
    .map(([action, count]) => `${count} ${action}`)
  const failed = report.counts.byStatus.Failure
  const summary = `${actions.length > 0 ? actions.join(', ') : 'no changes'}; ${failed} failed`
  if (report.status === 'completed') return `${report.kind} cycle completed: ${summary}`
  return `${report.kind} cycle ${report.status}: ${report.message ?? summary}`
}
