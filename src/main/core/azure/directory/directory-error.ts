import type { DirectoryErrorCode } from '../../../../shared/console/console-error-codes'

/**
 * Why a change to the simulated tenant's directory was refused. Each code pairs with a message
 * that says what is wrong and what to do instead: the console shows it beside the form that
 * caused it, and `simulate` prints it when a scenario step is refused.
 */
export type { DirectoryErrorCode } from '../../../../shared/console/console-error-codes'

/** A refused directory operation: a stable code for programs, a message for people. */
export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
    /** The attribute or JSON path at fault (`userPrincipalName`, `users[3].managerId`), when there is one. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'DirectoryError'
  }
}

/** Whether a thrown value is a DirectoryError (and, optionally, with that code). */
export function isDirectoryError(value: unknown, code?: DirectoryErrorCode): value is DirectoryError {
  return value instanceof DirectoryError && (code === undefined || value.code === code)
}
