/**
 * The exact HTTP requests Entra's provisioning service sends, per dialect
 * (azure-ad-provisioning.md sections 0-2 and 6). Pure functions: no I/O, no clock, no randomness.
 *
 * - Tenant URL and connection: parseTenantUrl, resolveDialect, toWireRequest.
 * - Queries: testConnectionProbe, matchUserQuery, matchGroupQuery, getUserById, getGroupById.
 * - Writes: buildCreateUser, buildCreateGroup, deleteUser, deleteGroup, patchUser, patchGroup.
 * - PATCH operations: buildUserUpdate, buildGroupUpdate, buildDisable, buildEnable,
 *   buildManagerPatch, buildMemberAdd, buildMemberRemove, buildGroupRename, buildPatchBody.
 *
 * No request body holds a null, except `"$ref": null` in member values (6.6, E9) and in a legacy
 * manager value when no tenant URL is given: that is how Entra writes a reference without a URI.
 */
export * from './types'
export { parseTenantUrl, resolveDialect, resolveRequestUrl, COMPLIANT_FLAG, TenantUrlError, type TenantUrl, type TenantUrlOptions } from './tenant-url'
export {
  ACCEPT_VALUE,
  HARNESS_CLIENT_HEADER,
  HARNESS_CLIENT_VALUE,
  LEGACY_MEDIA_TYPE,
  LEGACY_VERSION_HEADER,
  LEGACY_VERSION_VALUE,
  SCIM_MEDIA_TYPE,
} from './headers'
export { toWireRequest, type ConnectionSettings, type WireRequest } from './wire'
export { deleteGroup, deleteUser, encodeQueryValue, eqFilter, getGroupById, getUserById, matchGroupQuery, matchUserQuery, testConnectionProbe } from './queries'
export { buildCreateGroup, buildCreateUser } from './create'
export { diffValues, type AttributeChange } from './diff'
export {
  DEFAULT_MEMBER_BATCH_SIZE,
  buildDisable,
  buildEnable,
  buildGroupRename,
  buildGroupUpdate,
  buildManagerPatch,
  buildMemberAdd,
  buildMemberRemove,
  buildPatchBody,
  buildUserUpdate,
  patchGroup,
  patchUser,
  type ManagerPatchOptions,
} from './patch'
export { parseTargetPath, type TargetPath } from './target-path'
