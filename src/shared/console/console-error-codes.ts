import { z } from 'zod'

/*
 * Every code a console error can carry (issue 15, item 1): one enum, so the screens compare
 * against codes that exist and a refusal cannot invent one. Two families, by who refuses:
 *
 * - kebab-case: the console layer itself (transports, authentication, the handler table, the
 *   renderer's own transport failures), the same for every method;
 * - camelCase: a domain refusal, named as the domain module names it (portal settings, the
 *   simulated directory, provision on demand, scenarios, the public tunnel).
 *
 * The strings are kept as they were sent before this enum existed: tests, scripts and saved
 * answers read them, so a rename would be a visible change. The domain modules derive their code
 * types from the lists below (PortalErrorCode, DirectoryErrorCode, OnDemandErrorCode).
 */

/** The console layer's own codes. */
export const CONSOLE_LAYER_ERROR_CODES = [
  // the call
  'invalid-input',
  'not-found',
  'conflict',
  'unavailable',
  'internal',
  'unknown-method',
  'not-supported',
  'too-large',
  // the HTTP transport (`serve`): who may call, and how
  'unauthorized',
  'forbidden-host',
  'forbidden-origin',
  'unsupported-media-type',
  'method-not-allowed',
  // the IPC transport (desktop app)
  'untrusted-sender',
  // the renderer, before or instead of an answer
  'no-token',
  'offline',
  // workspaces
  'folder-not-empty',
  'not-a-workspace',
  'workspace-unavailable',
] as const

/** Portal settings (src/main/core/portal/portal-error.ts). */
export const PORTAL_ERROR_CODES = [
  // enabling SCIM provisioning
  'noDefaultCal',
  'noValidToken',
  'notSubdomainPortal',
  'domainPolicyInUse',
  // CAL catalogue and default CAL
  'unknownCal',
  'emptyCalCatalogue',
  'duplicateCal',
  'calInUse',
  // API tokens
  'invalidExpiry',
  'expiryInPast',
  'invalidLabel',
  'tokenNotFound',
  // CAL rules
  'invalidRule',
  'duplicateRuleId',
  'unknownAttributePath',
  'emptyMatchingText',
  'invalidRegex',
  // anything else the settings schema refuses
  'invalidSettings',
] as const

/** The simulated tenant's directory (src/main/core/azure/directory/directory-error.ts). */
export const DIRECTORY_ERROR_CODES = [
  // attribute values and shapes
  'invalidUser',
  'invalidGroup',
  'invalidObjectId',
  'readOnlyAttribute',
  'invalidDirectory',
  // uniqueness
  'duplicateUserPrincipalName',
  'duplicateObjectId',
  // references
  'userNotFound',
  'groupNotFound',
  'memberNotFound',
  'managerNotFound',
  'managerIsSelf',
  'managerCycle',
  'managerSoftDeleted',
  // lifecycle
  'userSoftDeleted',
  'userNotSoftDeleted',
  'restoreWindowExpired',
  // membership
  'alreadyMember',
  'notMember',
  'groupSelfMember',
  // change feed
  'invalidWatermark',
  // generator and CSV import
  'invalidGeneratorOptions',
  'csvTooLarge',
] as const

/** Requests the portal refuses before provisioning on demand (src/main/core/azure/engine/provision-on-demand.ts). */
export const ON_DEMAND_ERROR_CODES = ['notFound', 'tooManyMembers', 'notAMember', 'nestedGroup', 'groupsNotProvisioned'] as const

/** The simulator session: the app, mappings, scenarios, the target (src/main/core/simulator, api/console-error.ts). */
export const SIMULATOR_ERROR_CODES = [
  'busy',
  'cycleRunning',
  'emptyTimeline',
  'invalidScenario',
  'invalidExpression',
  'invalidTenantUrl',
  'targetUnreadable',
] as const

/** What the console's own forms find before anything is sent (GeneralSettingsPage checks the CAL catalogue). */
export const FORM_CHECK_ERROR_CODES = ['invalidCatalogue'] as const

/** Opening a public tunnel (src/main/core/tunnel/in-process-tunnel.ts, public-tunnel.ts). */
export const TUNNEL_ERROR_CODES = [
  'ngrokAuthtokenMissing',
  'ngrokAuthtokenRefused',
  'ngrokDomainRefused',
  'ngrokSessionLimit',
  'ngrokEndpointTaken',
  'ngrokUnreachable',
  'ngrokUnavailable',
  'ngrokFailed',
  'closed',
] as const

export const consoleErrorCodeSchema = z.enum([
  ...CONSOLE_LAYER_ERROR_CODES,
  ...PORTAL_ERROR_CODES,
  ...DIRECTORY_ERROR_CODES,
  ...ON_DEMAND_ERROR_CODES,
  ...SIMULATOR_ERROR_CODES,
  ...FORM_CHECK_ERROR_CODES,
  ...TUNNEL_ERROR_CODES,
])
export type ConsoleErrorCode = z.infer<typeof consoleErrorCodeSchema>

export type PortalErrorCode = (typeof PORTAL_ERROR_CODES)[number]
export type DirectoryErrorCode = (typeof DIRECTORY_ERROR_CODES)[number]
export type OnDemandErrorCode = (typeof ON_DEMAND_ERROR_CODES)[number]
export type TunnelErrorCode = (typeof TUNNEL_ERROR_CODES)[number]
