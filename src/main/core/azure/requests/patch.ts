import type { PatchDialect, TargetValue } from '../model'
import { requestHeaders } from './headers'
import { diffValues, type AttributeChange } from './diff'
import { asBoolean, dialectPath, isActivePath, isFilteredPath } from './target-path'
import type { TenantUrl } from './tenant-url'
import { PATCH_OP_SCHEMA } from '../../scim/schema/definitions'
import { MANAGER_PATH, type PatchBody, type PatchOperation, type PatchOpName, type ReferenceValue, type ScimRequest } from './types'

/*
 * PATCH operations per dialect (azure-ad-provisioning.md section 0, 6.4, 6.6):
 *
 * | | default2017 | compliant (aadOptscim062020) | legacy (customappsso) |
 * |---|---|---|---|
 * | op | Add / Replace / Remove | add / replace / remove | as default2017 |
 * | active | "True" / "False" | true / false | as default2017 |
 * | single-valued changes | one op per attribute, with path | merged into one path-less op | one op per attribute |
 * | multi-valued sub-attribute | own op, path `emails[type eq "work"].value` | same, lowercase | own op, path `emails[type eq work].value` [U] |
 * | extension attribute path | `urn:...:User:employeeNumber` | key `urn:...:User:employeeNumber` | `urn:...:User.employeeNumber` |
 * | member removal | one Remove, path members, value array | one remove per member, `members[value eq "id"]` | as default2017 |
 */

export const DEFAULT_MEMBER_BATCH_SIZE = 50

const PASCAL: Record<'add' | 'replace' | 'remove', PatchOpName> = { add: 'Add', replace: 'Replace', remove: 'Remove' }

function opName(kind: 'add' | 'replace' | 'remove', dialect: PatchDialect): PatchOpName {
  return dialect === 'compliant' ? kind : PASCAL[kind]
}

/**
 * The value as the dialect writes it. 2017 mode sends booleans as the strings "True"/"False"
 * (6.4: "Values are strings even for booleans"); compliant sends `active` as a JSON boolean.
 */
function opValue(change: Pick<AttributeChange, 'path' | 'value'>, dialect: PatchDialect): unknown {
  const { path, value } = change
  if (dialect === 'compliant') return isActivePath(path) ? (asBoolean(value) ?? value) : value
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value
}

/**
 * Shapes diffed changes into operations. In compliant mode every single-valued change of a kind
 * (add, replace) joins one path-less op whose value has the dotted/URN paths as keys (6.4, E3),
 * placed where the first such change falls. [U] A kind with only ONE single-valued change keeps its
 * path instead: that is what the documented compliant single-attribute shapes show
 * (`{"op":"replace","path":"active","value":false}`, `{"op":"add","path":"nickName",...}`), while the
 * merged forms (the replace of 6.4 and the path-less add seen in scim-patch#132) carry several keys.
 */
function shapeChanges(changes: AttributeChange[], dialect: PatchDialect): PatchOperation[] {
  if (dialect !== 'compliant') {
    return changes.map((c) => ({ op: opName(c.kind, dialect), path: dialectPath(c.path, dialect), value: opValue(c, dialect) }))
  }
  const mergeable = (c: AttributeChange): boolean => !isFilteredPath(c.path) && !Array.isArray(c.value)
  const counts = { add: 0, replace: 0 }
  for (const c of changes) if (mergeable(c)) counts[c.kind]++
  const merged: Partial<Record<'add' | 'replace', Record<string, unknown>>> = {}
  const ops: PatchOperation[] = []
  for (const c of changes) {
    if (!mergeable(c) || counts[c.kind] === 1) {
      ops.push({ op: c.kind, path: c.path.raw, value: opValue(c, dialect) })
      continue
    }
    let value = merged[c.kind]
    if (!value) {
      value = {}
      merged[c.kind] = value
      ops.push({ op: c.kind, value })
    }
    value[c.path.raw] = opValue(c, dialect)
  }
  return ops
}

/**
 * The operations that bring the target in line with the mapping values, or null when nothing
 * differs: the caller then sends nothing and logs action Other, status Skipped, RedundantExport
 * (6.4). `target` is the resource the server returned. Values of "apply on create only" mappings
 * must not be passed here; the mappings module leaves them out of update values (5.3).
 */
export function buildUserUpdate(values: Map<string, TargetValue>, target: Record<string, unknown>, dialect: PatchDialect): PatchOperation[] | null {
  return buildUpdate(values, target, dialect)
}

/** As buildUserUpdate, for a group's mapped attributes (displayName, externalId); members go through buildMemberAdd/Remove. */
export function buildGroupUpdate(values: Map<string, TargetValue>, target: Record<string, unknown>, dialect: PatchDialect): PatchOperation[] | null {
  return buildUpdate(values, target, dialect)
}

function buildUpdate(values: Map<string, TargetValue>, target: Record<string, unknown>, dialect: PatchDialect): PatchOperation[] | null {
  const changes = diffValues(values, target)
  return changes.length === 0 ? null : shapeChanges(changes, dialect)
}

/** Wraps operations in the PatchOp envelope (6.4); `schemas` first, as Microsoft's examples. */
export function buildPatchBody(ops: PatchOperation[]): PatchBody {
  return { schemas: [PATCH_OP_SCHEMA], Operations: ops }
}

function patch(path: string, ops: PatchOperation[], dialect: PatchDialect): ScimRequest {
  return { method: 'PATCH', path, body: buildPatchBody(ops), headers: requestHeaders(true, dialect) }
}

/** `PATCH /Users/{id}` with the given operations. */
export function patchUser(id: string, ops: PatchOperation[], dialect: PatchDialect): ScimRequest {
  return patch(`/Users/${encodeURIComponent(id)}`, ops, dialect)
}

/** `PATCH /Groups/{id}` with the given operations. */
export function patchGroup(id: string, ops: PatchOperation[], dialect: PatchDialect): ScimRequest {
  return patch(`/Groups/${encodeURIComponent(id)}`, ops, dialect)
}

function activeOp(active: boolean, dialect: PatchDialect): PatchOperation[] {
  return [{ op: opName('replace', dialect), path: 'active', value: dialect === 'compliant' ? active : active ? 'True' : 'False' }]
}

/**
 * Disable (section 4: unassigned, out of scope, blocked sign-in, soft deleted):
 * `{"op":"Replace","path":"active","value":"False"}`, compliant `{"op":"replace","path":"active","value":false}` [D].
 */
export function buildDisable(dialect: PatchDialect): PatchOperation[] {
  return activeOp(false, dialect)
}

/** Enable (restore, re-assign): the Disable op with "True"/true; by symmetry, section 4 and 6.4 mark it [U]. */
export function buildEnable(dialect: PatchDialect): PatchOperation[] {
  return activeOp(true, dialect)
}

export interface ManagerPatchOptions {
  /** The manager id the target holds now: null for none, undefined when unknown. */
  current?: string | null
  /** The job's tenant, for the legacy `$ref`; without it legacy sends `$ref: null` (E9). */
  tenant?: TenantUrl
}

/**
 * The manager reference PATCH (3.1 step 5, 6.4), or null when the target already holds that
 * manager (or holds none and none is wanted).
 * - Set or change: `Add` with the manager's target id as a plain string, both current dialects [O].
 * - legacy: the 2016 doc's `{"op":"Add","path":"manager","value":[{"$ref":".../Users/<id>","value":"<id>"}]}` [L/D].
 * - Remove: the one observed shape, `{"op":"remove","path":"manager[value eq \"<id>\"]"}`, with the
 *   dialect's casing; its flag state was unknown, so it is [U] in both. When the current manager
 *   is unknown there is no id to filter on: the RFC form, a Remove of the URN path. [U]
 */
export function buildManagerPatch(managerTargetId: string | null, dialect: PatchDialect, options: ManagerPatchOptions = {}): PatchOperation[] | null {
  const { current, tenant } = options
  if (managerTargetId === current) return null
  if (managerTargetId !== null) {
    if (dialect !== 'legacy') return [{ op: opName('add', dialect), path: MANAGER_PATH, value: managerTargetId }]
    const ref = tenant ? `${tenant.baseUrl}/Users/${encodeURIComponent(managerTargetId)}` : null
    return [{ op: 'Add', path: 'manager', value: [{ $ref: ref, value: managerTargetId }] }]
  }
  if (current === undefined) return [{ op: opName('remove', dialect), path: MANAGER_PATH }]
  const filter = dialect === 'legacy' ? `[value eq ${current}]` : `[value eq ${JSON.stringify(current)}]`
  return [{ op: opName('remove', dialect), path: `manager${filter}` }]
}

function batches<T>(items: T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`Member batch size must be a positive integer, not ${size}.`)
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Member values carry `"$ref": null`, as Microsoft's examples (6.6) and E9 show. */
function memberValues(ids: string[]): ReferenceValue[] {
  return ids.map((id) => ({ $ref: null, value: id }))
}

/**
 * Adds members (3.4, 6.6): one operation per PATCH request, each listing at most `batchSize`
 * member ids (the gallery checklist asks servers to take several per PATCH; the size is [U]).
 * Returns one operation list per request, none for no ids.
 * `{"op":"Add","path":"members","value":[{"$ref":null,"value":"<id>"}]}`; compliant sends lowercase
 * `add` with the same value [U, 13.5].
 */
export function buildMemberAdd(targetIds: string[], dialect: PatchDialect, batchSize = DEFAULT_MEMBER_BATCH_SIZE): PatchOperation[][] {
  return batches(targetIds, batchSize).map((ids) => [{ op: opName('add', dialect), path: 'members', value: memberValues(ids) }])
}

/**
 * Removes members (6.6), one operation list per PATCH request of at most `batchSize` members.
 * default2017 and legacy: one `Remove` with path `members` and a value array (a server that ignores
 * the value would wipe the group). compliant: one `remove` per member with path
 * `members[value eq "<id>"]` and no value.
 */
export function buildMemberRemove(targetIds: string[], dialect: PatchDialect, batchSize = DEFAULT_MEMBER_BATCH_SIZE): PatchOperation[][] {
  return batches(targetIds, batchSize).map((ids) =>
    dialect === 'compliant'
      ? ids.map((id) => ({ op: 'remove' as const, path: `members[value eq ${JSON.stringify(id)}]` }))
      : [{ op: 'Remove' as const, path: 'members', value: memberValues(ids) }],
  )
}

/** Group rename (section 4, 6.6): Replace `displayName` with a plain string. */
export function buildGroupRename(displayName: string, dialect: PatchDialect): PatchOperation[] {
  return [{ op: opName('replace', dialect), path: 'displayName', value: displayName }]
}
