import type { ConsoleOutput } from '@shared/console/api'

/*
 * The simulator's records as the screens read them: the contract's types
 * (src/shared/console/provisioning-log-schema.ts), re-exported under the names the screens use.
 * Nothing is restated here, so a field the engine adds or renames reaches the screens' types.
 */

export type {
  Exchange as SimExchange,
  ExpectationResult as ExpectationView,
  OnDemandResult as OnDemandResultView,
  OnDemandStep as OnDemandStepView,
  ProvisioningLogEntry as SimLogEntry,
  ProvisioningStatus as SimStatus,
  ScenarioReportSummary as ScenarioReportView,
  ScenarioStepResult,
} from '@shared/console/provisioning-log-schema'

/** A timeline step: `action` plus the fields of its kind (src/shared/scenario/scenario-steps.ts), as sim.scenario.timeline answers it. */
export type TimelineStep = ConsoleOutput<'sim.scenario.timeline'>['steps'][number]
