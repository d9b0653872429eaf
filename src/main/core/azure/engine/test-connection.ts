import { randomUUID } from 'node:crypto'
import type { TestConnectionResult } from '../../../../shared/console/provisioning-log-schema'
import { matchingAttributes } from '../mappings'
import { parseTenantUrl, resolveDialect, testConnectionProbe, TenantUrlError, type ScimRequest } from '../requests'
import type { ProvisioningAppConfig } from './app-config'
import type { Exchange, Transport } from './exchange'
import { listResources, ScimClient, type ScimResult } from './scim-client'

/*
 * "Test Connection" (azure-ad-provisioning.md section 2): a query for a user that cannot exist,
 * a random GUID in the user matching attribute, and the same for a group when groups are
 * provisioned. It passes only on 200 with an empty ListResponse; a 404 fails it.
 */

/** The Entra admin center's message for a 401/403 (section 2, [O] azure-docs#54231). */
export const INVALID_CREDENTIALS_MESSAGE =
  'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.'

/**
 * The SCIM-compliance message for a status other than 200 (section 2 and 8, "SCIM Compliance
 * issue"): the first sentence as reported [O]; the advice after it is ours [U].
 */
export function complianceMessage(status: number, statusText: string): string {
  return (
    `An HTTP/${status} ${statusText} response was returned rather than the expected HTTP/200 OK response. ` +
    'A SCIM endpoint must answer a query for a user or group that does not exist with HTTP 200 and an empty ListResponse (totalResults 0, Resources []). ' +
    "Check the Tenant URL and the endpoint's filter support."
  )
}

/** [U] wording: HTTP 200 came back, but not as an empty ListResponse. */
export const NOT_EMPTY_LIST_MESSAGE =
  'The SCIM endpoint answered HTTP 200 to a query for a user or group that does not exist, but not with an empty ListResponse (totalResults 0, Resources []).'

/** The Entra message when no response came back ([O] bitwarden/server#7309). */
export const UNAVAILABLE_MESSAGE = 'An error occurred while sending the request.'

/** The contract's shape (src/shared/console/provisioning-log-schema.ts): sim.testConnection answers it as is. */
export type { TestConnectionResult } from '../../../../shared/console/provisioning-log-schema'

export interface TestConnectionOptions {
  /** Makes the random GUID; inject for reproducible probes. */
  newGuid?: () => string
  signal?: AbortSignal
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** Runs Test Connection with the app's URL, token, dialect and matching attributes. Never throws. */
export async function testConnection(config: ProvisioningAppConfig, transport: Transport, options: TestConnectionOptions = {}): Promise<TestConnectionResult> {
  let client: ScimClient
  try {
    const tenant = parseTenantUrl(config.tenantUrl)
    if (config.token === '')
      return { success: false, message: INVALID_CREDENTIALS_MESSAGE, errorCode: 'InvalidCredentials', details: 'The Secret Token is empty.', exchanges: [] }
    client = new ScimClient(tenant, { token: config.token, dialect: resolveDialect(config.dialect, tenant.dialectFlag) }, transport)
  } catch (error) {
    if (!(error instanceof TenantUrlError)) throw error
    return { success: false, message: error.message, errorCode: 'InvalidTenantUrl', exchanges: [] }
  }
  const guid = (options.newGuid ?? randomUUID)()
  const userAttribute = matchingAttributes(config.userMappings)[0]?.target ?? 'userName'
  const groupAttribute = matchingAttributes(config.groupMappings)[0]?.target ?? 'displayName'
  const probes = testConnectionProbe(userAttribute, guid, groupAttribute)
  const exchanges: Exchange[] = []
  const plan: [string, ScimRequest][] = [['user', probes.user]]
  if (config.provisionGroups) plan.push(['group', probes.group])
  for (const [kind, request] of plan) {
    const result = await client.send(request, options.signal)
    exchanges.push(result.exchange)
    const failure = judgeProbe(result, kind)
    if (failure) return { success: false, ...failure, exchanges }
  }
  return { success: true, message: 'The supplied credentials are authorized to enable provisioning.', exchanges }
}

/** Section 2's pass rule for one probe, or the failure. */
function judgeProbe(result: ScimResult, kind: string): Omit<TestConnectionResult, 'success' | 'exchanges'> | undefined {
  const { exchange, status } = result
  if (exchange.error) {
    return {
      message: UNAVAILABLE_MESSAGE,
      errorCode: 'CredentialValidationUnavailable',
      details: `The ${kind} probe got no response: ${exchange.error.message}`,
    }
  }
  if (status === 401 || status === 403) {
    return { message: INVALID_CREDENTIALS_MESSAGE, errorCode: 'InvalidCredentials', details: `The ${kind} probe was refused with HTTP ${status}.` }
  }
  if (status !== 200) {
    return {
      message: complianceMessage(status, STATUS_TEXT[status] ?? 'Error'),
      errorCode: 'ScimComplianceIssue',
      details: `The ${kind} probe got HTTP ${status}.`,
    }
  }
  const resources = listResources(result.json)
  const total = (result.json as { totalResults?: unknown } | undefined)?.totalResults
  if (resources === undefined || total !== 0 || resources.length !== 0) {
    // A `Resources: null` fails too ([O] sourcegraph PR #60805), as does a list holding the random GUID.
    return {
      message: NOT_EMPTY_LIST_MESSAGE,
      errorCode: 'ScimComplianceIssue',
      details: `The ${kind} probe got HTTP 200 but not {"totalResults":0,"Resources":[]}: ${(exchange.response?.body ?? '').slice(0, 300)}`,
    }
  }
  return undefined
}
