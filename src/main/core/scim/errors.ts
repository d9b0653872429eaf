import { ERROR_SCHEMA } from './schema/definitions'

/** RFC 7644 section 3.12, table 9. */
export type ScimType =
  'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive'

/**
 * A protocol error. Thrown anywhere in the SCIM core and turned into an RFC 7644 error body in
 * exactly one place (the server's error handler), so a request never ends in a 500 for
 * something the client sent.
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(detail)
    this.name = 'ScimError'
  }
}

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA]
  status: string
  scimType?: ScimType
  detail: string
}

/** The RFC 7644 error body; `status` is a string, as RFC 7644 and Microsoft's samples print it. */
export function errorBody(error: ScimError): ScimErrorBody {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.detail,
  }
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail)
export const notFound = (detail: string) => new ScimError(404, undefined, detail)
export const conflict = (detail: string) => new ScimError(409, 'uniqueness', detail)
