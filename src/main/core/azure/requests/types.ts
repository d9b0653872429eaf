import type { HttpMethod } from '../../../../shared/console/provisioning-log-schema'
import { ENTERPRISE_USER_SCHEMA_ID, type PATCH_OP_SCHEMA } from '../../scim/schema/definitions'

/**
 * The request shapes the simulated Entra client emits (azure-ad-provisioning.md section 6).
 * A request is plain data: the client's transport turns it into HTTP with `toWireRequest`.
 */

/** The contract's, since exchanges in the console carry it. */
export type { HttpMethod } from '../../../../shared/console/provisioning-log-schema'

/** One HTTP request as Entra would send it, before the tenant URL and the credentials are applied. */
export interface ScimRequest {
  method: HttpMethod
  /** Relative to the tenant URL, starting with `/`, with its query already encoded: `/Users?filter=...`. */
  path: string
  /** JSON body (POST and PATCH only). */
  body?: unknown
  /** The headers this request carries by itself; the connection adds Authorization and the rest. */
  headers: Record<string, string>
}

/**
 * The `op` casing is part of the dialect (section 0): PascalCase in `default2017` and `legacy`,
 * lowercase in `compliant`.
 */
export type PatchOpName = 'Add' | 'Replace' | 'Remove' | 'add' | 'replace' | 'remove'

/** One PATCH operation; the key order `op`, `path`, `value` is the order of every capture in 6.4. */
export interface PatchOperation {
  op: PatchOpName
  path?: string
  value?: unknown
}

/** RFC 7644 3.5.2 PATCH envelope. */
export interface PatchBody {
  schemas: [typeof PATCH_OP_SCHEMA]
  Operations: PatchOperation[]
}

/** A member (or legacy manager) value; `$ref` is null where Entra sends it so (6.6, E9). */
export interface ReferenceValue {
  $ref: string | null
  value: string
}

/** The Microsoft group schema URI a current job puts next to the core one (6.6). */
export const ADSCIM_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'
/** The pre-2018 `customappsso` group schema URI, "invalid" per the compatibility doc (0, 3.4). */
export const LEGACY_ADSCIM_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group'
/** The manager attribute's full path; manager travels in its own PATCH, never in POST (6.3). */
export const MANAGER_PATH = `${ENTERPRISE_USER_SCHEMA_ID}:manager`
