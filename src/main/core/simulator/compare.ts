import { isDeepStrictEqual } from 'node:util'
import type { ComparisonView } from '../../../shared/console/simulator-api'
import type { ProvisioningAppConfig } from '../azure/engine'
import { evaluateMappings } from '../azure/mappings'
import type { SourceUser } from '../azure/model'
import { readScimPath } from '../azure/scenarios'
import { diffValues } from '../azure/requests'
import type { ScimResource, TargetReader } from '../azure/scenarios/target-reader'

/*
 * "Resulting user state": the source user beside the target user, attribute by attribute. The
 * target is read over SCIM from the Tenant URL like any client would (through the job's link
 * table, else by userName), and the expected values are what the mappings produce from the source
 * now (azure-ad-provisioning.md 5.3): a difference means the next cycle has something to send,
 * or the target changed the value it was sent.
 */

export interface CompareInputs {
  user: Readonly<SourceUser>
  config: ProvisioningAppConfig
  /** The user is out of scope (unassigned, blocked, soft deleted): [IsSoftDeleted] is true in the mappings. */
  outOfScope: boolean
  reader: TargetReader
  /** The target id the job holds (or held) for a source user. */
  targetIdOf(objectId: string): string | null
  /** The built-in server's CAL for a target user, when the target is the built-in server. */
  calOf?: (targetId: string) => { cal: string; summary: string } | undefined
}

/** Reads the target user: by linked id, else by the userName the mappings give. Throws Error with the reason when the target cannot be read. */
export async function readTargetUser(inputs: Pick<CompareInputs, 'user' | 'config' | 'reader' | 'targetIdOf' | 'outOfScope'>): Promise<ScimResource | null> {
  const targetId = inputs.targetIdOf(inputs.user.objectId)
  let read
  if (targetId) read = await inputs.reader.userById(targetId)
  else {
    const values = evaluateMappings(inputs.config.userMappings, inputs.user as SourceUser, { isSoftDeleted: inputs.outOfScope, operation: 'create' }).values
    const userName = values.get('userName')
    if (typeof userName !== 'string') return null
    read = await inputs.reader.userByUserName(userName)
  }
  if (read.kind === 'failed') throw new TargetReadError(read.reason)
  return read.kind === 'found' ? read.resource : null
}

export class TargetReadError extends Error {
  override readonly name = 'TargetReadError'
}

export async function compareUser(inputs: CompareInputs): Promise<ComparisonView> {
  const target = await readTargetUser(inputs)
  const evaluation = evaluateMappings(inputs.config.userMappings, inputs.user as SourceUser, {
    isSoftDeleted: inputs.outOfScope,
    operation: target ? 'update' : 'create',
  })
  const attributes: ComparisonView['attributes'] = []
  const actualOf = (path: string) => (target ? (readScimPath(target, path) ?? null) : null)
  for (const [path, expected] of evaluation.values) {
    const actual = actualOf(path)
    // "same" as the engine decides it, so a difference here is exactly what the next cycle would
    // send: "True" (a default-dialect string boolean) equals the target's true, 42 equals "42"
    const same = target
      ? diffValues(new Map([[path, expected]]), target).length === 0 || isDeepStrictEqual(expected, actual)
      : isDeepStrictEqual(expected, actual)
    attributes.push({ target: path, expected, actual, same })
  }
  for (const [path, sourceIds] of evaluation.references) {
    // a reference is sent as the target id of the referenced object, in the complex { value } form (RFC 7643 4.3)
    const targetId = sourceIds[0] ? inputs.targetIdOf(sourceIds[0]) : null
    const expected = targetId ? { value: targetId } : null
    const actual = actualOf(path)
    const same = expected === null ? actual === null : typeof actual === 'object' && actual !== null && (actual as { value?: unknown }).value === targetId
    attributes.push({ target: path, expected, actual, same })
  }
  for (const skipped of evaluation.skipped) {
    if (attributes.some((a) => a.target === skipped.target)) continue
    const actual = actualOf(skipped.target)
    // nulls are never provisioned (5.3): a value the target still holds is not cleared by Entra
    attributes.push({ target: skipped.target, expected: null, actual, same: actual === null })
  }
  const targetId = typeof target?.id === 'string' ? target.id : null
  return {
    source: { ...inputs.user },
    target,
    cal: targetId && inputs.calOf ? (inputs.calOf(targetId) ?? null) : null,
    attributes,
  }
}
