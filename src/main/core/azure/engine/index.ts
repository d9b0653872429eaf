/**
 * The simulated Entra provisioning job (azure-ad-provisioning.md sections 2, 3, 4, 8, 10, 12):
 * an HTTP transport with timeouts, cancellation and bounded concurrency; the app configuration;
 * Test Connection; the cycle engine with its link table and watermark; provisioning log entries
 * with the HTTP exchanges behind them; escrow, quarantine and 429 handling (section 8); accidental-deletions prevention (StagedDelete, section 4); provision on demand (section 9); log downloads (10.3); the cycle schedule (3.1).
 */
export {
  maskedRequest,
  MASKED_AUTHORIZATION,
  responseJson,
  type Exchange,
  type ExchangeErrorKind,
  type ExchangeRequest,
  type ExchangeResponse,
  type Transport,
} from './exchange'
export { DEFAULT_CONCURRENCY, DEFAULT_REQUEST_TIMEOUT_MS, HttpTransport, type HttpTransportOptions } from './http-transport'
export { computeScope, defaultAppConfig, type ProvisioningAppConfig, type ProvisioningScope, type ScopeSnapshot, type UserScope } from './app-config'
export { DEFAULT_ACCIDENTAL_DELETION_THRESHOLD } from './accidental-deletions'
export {
  complianceMessage,
  INVALID_CREDENTIALS_MESSAGE,
  NOT_EMPTY_LIST_MESSAGE,
  testConnection,
  UNAVAILABLE_MESSAGE,
  type TestConnectionOptions,
  type TestConnectionResult,
} from './test-connection'
export type {
  ModifiedProperty,
  ProvisioningAction,
  ProvisioningIdentity,
  ProvisioningIdentityType,
  ProvisioningLogEntry,
  ProvisioningStatus,
  ProvisioningStatusInfo,
  ProvisioningStep,
  ProvisioningStepType,
} from './provisioning-log'
export { ProvisioningEngine, type CycleKind, type CycleReport, type ProvisioningEngineOptions } from './provisioning-engine'
export {
  MAX_ON_DEMAND_MEMBERS,
  OnDemandError,
  provisionOnDemand,
  type OnDemandErrorCode,
  type OnDemandJob,
  type OnDemandRequest,
  type OnDemandResult,
} from './provision-on-demand'
export type { OnDemandAction, OnDemandObjectType, OnDemandStep, OnDemandStepStatus } from './on-demand-steps'
export { Escrow, ESCROW_MAX_AGE_MS, escrowRetryDelayMs, type EscrowEntry, type EscrowObjectType, type EscrowOutcome } from './escrow'
export {
  CYCLE_INTERVAL_MS,
  DEFAULT_QUARANTINE_THRESHOLDS,
  QUARANTINE_CYCLE_INTERVAL_MS,
  QUARANTINE_MAX_MS,
  type JobStatus,
  type OutboxMessage,
  type Quarantine,
  type QuarantineReason,
  type QuarantineThresholds,
} from './quarantine'
export { DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_MAX_THROTTLE_RETRIES, retryAfterMs } from './throttle'
export { logsToCsv, logsToJson, type CsvExportOptions, type ProvisioningLogCsv } from './log-export'
export {
  ManualClock,
  ProvisioningSchedule,
  systemClock,
  type ProvisioningScheduleOptions,
  type ScheduleClock,
  type ScheduleEvent,
  type ScheduleListener,
  type ScheduleState,
  type TimerHandle,
} from './provisioning-schedule'
