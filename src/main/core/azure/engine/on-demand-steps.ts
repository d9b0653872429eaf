import { evaluateMappings, matchingAttributes, SOURCE_GROUP_ATTRIBUTES, SOURCE_USER_ATTRIBUTES, sourceAttributeResolver } from '../mappings'
import type { AttributeMapping, SourceGroup, SourceUser } from '../model'
import { isRecord } from '../requests/target-path'
import type { ProvisioningAppConfig, UserScope } from './app-config'
import { responseJson } from './exchange'
import type { ProvisioningIdentityType, ProvisioningLogEntry, ProvisioningStatus } from './provisioning-log'
import { listResources } from './scim-client'
import type { OnDemandAction, OnDemandStep, OnDemandStepStatus } from '../../../../shared/console/provisioning-log-schema'

/*
 * The step-by-step result the Entra admin center shows for provision on demand
 * (azure-ad-provisioning.md section 9): Test connection (only on failure), Import, Determine if
 * in scope, Match, Perform action. Import and scope are read from the source; Match and Perform
 * action are read back from the log entry the cycle code paths produced, so on demand and a cycle
 * cannot drift apart.
 */

export type { OnDemandAction, OnDemandStep, OnDemandStepStatus } from '../../../../shared/console/provisioning-log-schema'
export type OnDemandObjectType = ProvisioningIdentityType

const noun = (type: OnDemandObjectType): string => type.toLowerCase()

/** The portal's step titles (section 9, [D] provision-on-demand.md); "group" replaces "user" for a group [U]. */
export const stepNames = (type: OnDemandObjectType) =>
  ({
    testConnection: 'Test connection',
    import: `Import ${noun(type)}`,
    scope: `Determine if ${noun(type)} is in scope`,
    match: `Match ${noun(type)} between source and target system`,
    perform: 'Perform action',
  }) as const

/** A step the flow did not reach: the portal shows it greyed out. */
export function skippedStep(name: string, description = 'Not run: an earlier step stopped provisioning.'): OnDemandStep {
  return { name, status: 'skipped', description, details: {} }
}

/**
 * Import: the source attributes with a value ("null attributes are not provisioned", section 9);
 * fails when no matching attribute has a value (ImportSkipped, 10.2).
 */
export function importStep(
  source: Readonly<SourceUser> | Readonly<SourceGroup>,
  type: OnDemandObjectType,
  mappings: readonly AttributeMapping[],
): OnDemandStep {
  const resolve = sourceAttributeResolver(source as SourceUser | SourceGroup, false)
  const details: Record<string, string> = {}
  const names: readonly string[] = type === 'User' ? SOURCE_USER_ATTRIBUTES : SOURCE_GROUP_ATTRIBUTES
  for (const name of names) {
    const value = resolve(name)
    if (value === null || value === undefined) continue
    details[name] = Array.isArray(value) ? value.join(';') : String(value)
  }
  const label = type === 'User' ? (source as SourceUser).userPrincipalName : (source as SourceGroup).displayName
  const values = evaluateMappings(mappings, source as SourceUser | SourceGroup, { isSoftDeleted: false, operation: 'create' }).values
  const matching = matchingAttributes(mappings)
  if (!matching.some((m) => typeof values.get(m.target) === 'string')) {
    const wanted = matching.map((m) => m.target).join(', ') || '(none configured)'
    return {
      name: stepNames(type).import,
      status: 'failure',
      description: `${type} '${label}' has no value for the matching attribute (${wanted}), so it cannot be matched or provisioned.`,
      details,
    }
  }
  return { name: stepNames(type).import, status: 'success', description: `Retrieved ${type} '${label}' from Azure Active Directory`, details }
}

/** The scope flags of a user (section 9 step 3; Graph's IsActive / Assigned), with why. */
export function userScopeStep(user: Readonly<SourceUser>, scope: UserScope, config: ProvisioningAppConfig, linked: boolean): OnDemandStep {
  const inScope = scope.assigned && scope.active
  const why = !scope.assigned
    ? `not assigned to the application, directly or through an assigned group${linked ? '; it was provisioned before, so it is disabled in the target' : ''}`
    : 'active, and assigned to the application'
  const details: Record<string, string> = {
    'Active in source system': title(scope.active),
    'Assigned to application': title(scope.assigned),
    'Scope sync all': title(config.scope === 'all'),
    ...(scope.viaGroups.length > 0 ? { 'Assigned through groups': scope.viaGroups.join(', ') } : {}),
    // "User has required role" and scoping filters: neither app roles nor filters are modelled yet [U]
    'Scope evaluation result': inScope ? 'In scope' : 'Out of scope',
  }
  return {
    name: stepNames('User').scope,
    status: inScope ? 'success' : 'failure',
    description: `User '${user.userPrincipalName}' is ${inScope ? 'in scope' : 'out of scope'}: ${why}.`,
    details,
  }
}

/** The scope flags of a group: assigned (or sync all) is all a group needs (3.2). */
export function groupScopeStep(group: Readonly<SourceGroup>, assigned: boolean, config: ProvisioningAppConfig, linked: boolean): OnDemandStep {
  const why = assigned
    ? 'assigned to the application'
    : `not assigned to the application${linked ? '; it was provisioned before, so it is deleted in the target' : ''}`
  return {
    name: stepNames('Group').scope,
    status: assigned ? 'success' : 'failure',
    description: `Group '${group.displayName}' is ${assigned ? 'in scope' : 'out of scope'}: ${why}.`,
    details: {
      'Assigned to application': title(assigned),
      'Scope sync all': title(config.scope === 'all'),
      'Scope evaluation result': assigned ? 'In scope' : 'Out of scope',
    },
  }
}

/**
 * Match: read back from the entry. The engine's reads before its first write are the matching
 * reads (GET by id for a linked object, else one query per matching attribute in precedence
 * order, 3.3); the last of them holds what matched. No match shows no properties, one match its
 * properties, several all of them (section 9 step 4).
 */
export function matchStep(entry: ProvisioningLogEntry, type: OnDemandObjectType): OnDemandStep {
  const name = stepNames(type).match
  const matching = entry.steps.filter((s) => s.type === 'Matching')
  if (matching.length === 0)
    return skippedStep(name, `The ${noun(type)} was not looked up in the target: ${entry.statusInfo?.reason ?? 'no request was needed'}`)
  const firstWrite = entry.exchanges.findIndex((x) => x.request.method !== 'GET')
  const reads = (firstWrite < 0 ? entry.exchanges : entry.exchanges.slice(0, firstWrite)).filter((x) => x.request.method === 'GET')
  const last = reads.at(-1)
  const json = last ? responseJson(last) : undefined
  const ok = last?.response !== undefined && last.response.status < 300
  const found = !ok ? [] : (listResources(json) ?? (isRecord(json) ? [json] : []))
  const details: Record<string, string> = {}
  if (found.length === 1) Object.assign(details, properties(found[0]))
  else found.forEach((resource, i) => Object.assign(details, properties(resource, `Match ${i + 1}: `)))
  const lastStep = matching[matching.length - 1]
  return { name, status: statusOf(lastStep.status), description: lastStep.description, details }
}

/**
 * Perform action: the action and the attributes exported (the modified properties), or on a
 * failure the request that was attempted (section 9 step 5); a skip gives its reason.
 */
export function performStep(entry: ProvisioningLogEntry): { step: OnDemandStep; action: OnDemandAction } {
  const name = 'Perform action'
  const action = ACTIONS[entry.action]
  const acted = entry.steps.filter((s) => s.type === 'Processing' || s.type === 'Export' || s.type === 'ReferenceResolution')
  const info = entry.statusInfo
  if (acted.length === 0) {
    // the flow stopped before an action was chosen (a failed read, an InvalidAnchor...)
    const step = skippedStep(name, info?.reason ?? 'No action was taken.')
    if (info) step.details = { ErrorCode: info.errorCode, Reason: info.reason }
    return { step, action: 'skip' }
  }
  const details: Record<string, string> = { Action: action === 'skip' ? 'Skip' : entry.action }
  if (entry.status === 'Skipped' && info) details.SkipReason = info.errorCode
  for (const p of entry.modifiedProperties) details[p.displayName] = p.newValue ?? ''
  if (entry.status === 'Failure' || entry.status === 'Warning') {
    if (info) Object.assign(details, { ErrorCode: info.errorCode, Reason: info.reason })
    const attempt = entry.exchanges.filter((x) => x.request.method !== 'GET').at(-1)
    if (entry.status === 'Failure' && attempt)
      Object.assign(details, { 'Attempted request': `${attempt.request.method} ${attempt.request.url}`, 'Attempted body': attempt.request.body ?? '' })
  }
  const status: OnDemandStepStatus = entry.status === 'Warning' ? 'success' : statusOf(entry.status)
  return { step: { name, status, description: acted[acted.length - 1].description, details }, action }
}

const ACTIONS: Record<ProvisioningLogEntry['action'], OnDemandAction> = {
  Create: 'create',
  Update: 'update',
  Disable: 'disable',
  Delete: 'delete',
  StagedDelete: 'delete',
  Other: 'skip',
}

function statusOf(status: ProvisioningStatus): OnDemandStepStatus {
  return status === 'Failure' ? 'failure' : status === 'Skipped' ? 'skipped' : 'success'
}

function title(value: boolean): string {
  return value ? 'True' : 'False'
}

/** A target resource's properties as "View details" lists them: scalars as text, the rest as JSON; schemas and meta left out [U]. */
function properties(resource: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isRecord(resource)) return out
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas' || key === 'meta' || value === null || value === undefined) continue
    out[prefix + key] = typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return out
}
