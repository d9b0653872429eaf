/**
 * Why a mapping expression was refused. The console's mapping edit dialog shows `message` and
 * uses `position` (a 0-based offset into the expression text) to place the caret; the message
 * itself counts characters from 1, as a person reads them.
 */
export type MappingExpressionErrorCode = 'syntax' | 'unknownFunction' | 'arity' | 'tooLong' | 'tooDeep' | 'invalidRegex'

export class MappingExpressionError extends Error {
  override readonly name = 'MappingExpressionError'

  constructor(
    readonly code: MappingExpressionErrorCode,
    message: string,
    /** 0-based offset into the expression text where the problem starts. */
    readonly position: number,
  ) {
    super(message)
  }
}

/** "at character N" for messages: people count from 1, the `position` field from 0. */
export function at(position: number): string {
  return `at character ${position + 1}`
}
