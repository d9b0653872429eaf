import type { ConsoleOutput } from '@shared/console/api'

/*
 * The engine's shapes behind the contract's loose objects (simulator-api.ts passes log entries,
 * on-demand results and scenario reports through whole). Written once here, from
 * src/main/core/azure/engine/{provisioning-log,exchange,on-demand-steps}.ts and
 * scenarios/{run-scenario,check-expectations}.ts, so the screens read typed fields; every field
 * the screens read is treated as possibly absent, since the contract does not guarantee it.
 */

export type SimStatus = 'Success' | 'Failure' | 'Skipped' | 'Warning'

export interface SimExchange {
  request: { method: string; url: string; headers?: Record<string, string>; body?: string }
  /** Absent when no complete response arrived (see `error`). */
  response?: { status: number; headers?: Record<string, string>; body?: string }
  startedAt?: string
  durationMs?: number
  error?: { kind: string; message: string }
}

export interface SimLogStep {
  name: string
  type: string
  status: string
  description: string
  details: Record<string, string>
}

export interface SimIdentity {
  id: string
  displayName: string
  type?: string
}

export interface SimLogEntry {
  id: string
  cycleId: string
  changeId?: string
  activityDateTime?: string
  action: string
  status: string
  statusInfo?: { errorCode: string; reason: string; recommendedAction?: string }
  steps: SimLogStep[]
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[]
  sourceIdentity?: SimIdentity
  targetIdentity?: SimIdentity
  durationMs?: number
  exchanges: SimExchange[]
  onDemand?: boolean
}

/** One step of provision on demand as the portal lists it (on-demand-steps.ts). */
export interface OnDemandStepView {
  name: string
  status: 'success' | 'failure' | 'skipped' | string
  description?: string
  details?: Record<string, string>
}

export interface OnDemandResultView {
  subject: { id: string; displayName: string; type: string }
  action: string | null
  steps: OnDemandStepView[]
  exchanges?: SimExchange[]
  entry?: SimLogEntry | null
  members: OnDemandResultView[]
}

export interface ScenarioStepResult {
  index: number
  kind: string
  status: 'ok' | 'error' | 'skipped' | string
  detail: string
}

export interface ExpectationView {
  index?: number
  description?: string
  passed: boolean
  expected?: unknown
  actual?: unknown
}

export interface ScenarioReportView {
  scenario?: string
  passed: boolean
  cancelled: boolean
  steps: ScenarioStepResult[]
  expectations: ExpectationView[]
}

/** A timeline step: `action` plus the fields of its kind (scenario-schema.ts). */
export type TimelineStep = { action: string } & Record<string, unknown>

export type LogEntryOutput = ConsoleOutput<'sim.logs.get'>
export type OnDemandOutput = ConsoleOutput<'sim.provisionOnDemand'>
export type ScenarioReportOutput = ConsoleOutput<'sim.scenario.replay'>

/** The entry as the engine wrote it (the contract's loose object keeps every field). */
export const asLogEntry = (value: LogEntryOutput): SimLogEntry => value as unknown as SimLogEntry
export const asOnDemandResult = (value: OnDemandOutput): OnDemandResultView => value as unknown as OnDemandResultView
export const asScenarioReport = (value: ScenarioReportOutput): ScenarioReportView => value as unknown as ScenarioReportView
