import type { PortalErrorCode } from '../../../shared/console/console-error-codes'

/**
 * Why a portal-settings action was refused. Every code pairs with a message the admin can act
 * on (it says what is wrong and what to do next), because the console shows the message in
 * place, beside the control that caused it, and the CLI prints it as its one line on stderr.
 */
export type { PortalErrorCode } from '../../../shared/console/console-error-codes'

/** A refused portal-settings action: a stable code for programs, a message for people. */
export class PortalError extends Error {
  constructor(
    readonly code: PortalErrorCode,
    message: string,
    /** The settings field the console should highlight (`defaultCal`, `calRules[2].matchingText`, ...). */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'PortalError'
  }
}

/** Whether a thrown value is a PortalError (and, optionally, with that code). */
export function isPortalError(value: unknown, code?: PortalErrorCode): value is PortalError {
  return value instanceof PortalError && (code === undefined || value.code === code)
}
