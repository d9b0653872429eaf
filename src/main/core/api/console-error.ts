import { ZodError } from 'zod'
import type { ConsoleError, ConsoleErrorCode } from '../../../shared/console/api'
import { PortalError } from '../portal'
import { ScimError } from '../scim/errors'
import { StoreUnavailableError } from '../store'
import { TunnelSetupError } from '../tunnel/ngrok-agent'
import { TunnelStartError } from '../tunnel/in-process-tunnel'
import { formatZodPath } from '../zod-path'
import { DirectoryError } from '../azure/directory'
import { OnDemandError } from '../azure/engine'
import { MappingExpressionError } from '../azure/mappings'
import { TenantUrlError } from '../azure/requests'
import { ScenarioError } from '../azure/scenarios'
import { TargetReadError } from '../simulator/compare'
import { ScenarioRefusal } from '../simulator/scenario-ops'
import { SimulatorBusyError } from '../simulator/simulator-session'

/** A refusal a console handler raises itself (an unknown id, a method the host cannot serve). */
export class ConsoleRefusal extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ConsoleRefusal'
  }
}

/**
 * Turns anything a handler threw into the error value both transports carry. Known refusals keep
 * their code, message and field; anything unexpected is logged here and reaches the console as a
 * plain sentence, never a stack trace.
 */
export function toConsoleError(error: unknown, method: string): ConsoleError {
  if (error instanceof ZodError) {
    const issue = error.issues[0]
    const field = formatZodPath(issue?.path ?? [])
    return { code: 'invalid-input', message: `${method}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid input'}`, ...(field ? { field } : {}) }
  }
  if (error instanceof PortalError) return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
  if (error instanceof ConsoleRefusal) return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
  if (error instanceof TunnelSetupError) return { code: error.code, message: error.message, field: 'agentUrl' }
  // Go public: each message says what to do (set NGROK_AUTHTOKEN, reserve the domain, check the network)
  if (error instanceof TunnelStartError) return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
  if (error instanceof ScimError) {
    const code = error.status === 404 ? 'not-found' : error.status === 409 ? 'conflict' : error.status === 503 ? 'unavailable' : 'invalid-input'
    return { code, message: error.detail }
  }
  // the simulated Entra ID's refusals (sim.*): each message already says what to do
  if (error instanceof DirectoryError) return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
  if (error instanceof OnDemandError) return { code: error.code, message: error.message }
  if (error instanceof ScenarioError) return { code: 'invalidScenario', message: error.message, ...(error.path ? { field: error.path } : {}) }
  if (error instanceof ScenarioRefusal) return { code: error.code, message: error.message }
  if (error instanceof MappingExpressionError) return { code: 'invalidExpression', message: error.message }
  if (error instanceof TenantUrlError) return { code: 'invalidTenantUrl', message: error.message, field: 'tenantUrl' }
  if (error instanceof TargetReadError) return { code: 'targetUnreadable', message: `The target user could not be read: ${error.message}.` }
  if (error instanceof SimulatorBusyError) return { code: 'busy', message: error.message }
  if (error instanceof StoreUnavailableError) return { code: 'unavailable', message: `${error.message} Nothing was changed; try again.` }
  console.error(`[scim-harness] console ${method} failed:`, error)
  return { code: 'internal', message: `${method} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. See the harness log.` }
}
