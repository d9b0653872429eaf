/**
 * Replayable scenarios (issue 3, "Scenarios"): the versioned file format, and the runner that
 * replays a scenario against any SCIM endpoint and reports each step and expectation; the
 * job-level steps (Test Connection, provision on demand, the schedule) are checked in job-steps.
 */
export {
  directoryRefs,
  parseScenario,
  parseScenarioText,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  ScenarioError,
  scenarioAppSettings,
  scenarioSchema,
  scenarioStepSchema,
  type ExpectStep,
  type ProvisionOnDemandStep,
  type TestConnectionStep,
  type Scenario,
  type ScenarioStep,
} from './scenario-schema'
export { runScenario, type RunScenarioOptions, type ScenarioReport, type StepResult, type StepStatus } from './run-scenario'
export { MANAGER_PATH, type ExpectationResult } from './check-expectations'
export { readScimPath } from './scim-path'
