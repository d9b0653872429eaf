import { z } from 'zod'
import { userPatchSchema } from './directory-schema'

/*
 * The timeline of a scenario file (issue 3, "Scenarios"): directory changes, cycles and
 * expectations on the target, in order. The contract owns these shapes because the console API
 * answers them (sim.scenario.open, sim.scenario.timeline, sim.scenario.expectThis); the scenario
 * file around them (directory, app settings, format and version) is read in
 * src/main/core/azure/scenarios/scenario-schema.ts. Users and groups are named in steps by
 * objectId or by userPrincipalName / displayName, so a file stays readable when written by hand.
 */

const note = z.string().max(2000, 'A note can have at most 2,000 characters.').optional()
/** A source user, by objectId or userPrincipalName. */
export const userRef = z.string({ error: 'Name the user by objectId or userPrincipalName.' }).trim().min(1, 'Name the user by objectId or userPrincipalName.')
/** A source group, by objectId or displayName. */
export const groupRef = z.string({ error: 'Name the group by objectId or displayName.' }).trim().min(1, 'Name the group by objectId or displayName.')
const targetGroupName = z.string({ error: 'A target group is named by its displayName.' }).min(1, 'A target group is named by its displayName.')

const onUser = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), user: userRef, note })
const onGroup = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), group: groupRef, note })
const onMember = <A extends string>(action: A) => z.strictObject({ action: z.literal(action), group: groupRef, member: userRef, note })

/**
 * Checks on the target after the steps so far, read over SCIM from the tenant URL. The subject is
 * one of: `user` (a source user, found through the job's link table, as Entra finds it),
 * `userName` (a target user found by filter, linked or not) or `group` (a target group by
 * displayName). Each check present becomes one expectation in the report.
 */
export const expectStepSchema = z
  .strictObject({
    action: z.literal('expect'),
    note,
    user: userRef.optional(),
    userName: z.string().min(1, 'userName cannot be empty.').optional(),
    group: targetGroupName.optional(),
    exists: z.boolean().optional(),
    active: z.boolean().optional(),
    /** SCIM path → the JSON value it must hold (`title`, `name.givenName`, `emails[type eq "work"].value`, `urn:...:User:department`). */
    attributes: z.record(z.string().min(1, 'An attribute path cannot be empty.'), z.json()).optional(),
    memberOf: z.array(targetGroupName).optional(),
    notMemberOf: z.array(targetGroupName).optional(),
    /** The source user whose target id must be the manager's `value` (the complex { value } form, RFC 7643 4.3). */
    manager: userRef.optional(),
    /** The CAL the built-in server gives the user (needs `inspectCal`). */
    cal: z.string().min(1, 'cal names a CAL, such as Viewer.').optional(),
    memberCount: z.number().int().min(0, 'memberCount cannot be negative.').optional(),
  })
  .superRefine((step, ctx) => {
    const subjects = (['user', 'userName', 'group'] as const).filter((key) => step[key] !== undefined)
    if (subjects.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'An expect step names exactly one subject: user (source objectId or UPN), userName (target) or group (target displayName).',
      })
      return
    }
    const userChecks = ['active', 'attributes', 'memberOf', 'notMemberOf', 'manager', 'cal'] as const
    if (step.group !== undefined) {
      for (const key of userChecks)
        if (step[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is a check on a user, not on a group.` })
    } else if (step.memberCount !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['memberCount'], message: 'memberCount is a check on a group, not on a user.' })
    }
    if (![...userChecks, 'exists', 'memberCount'].some((key) => step[key as keyof typeof step] !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'An expect step needs at least one check: exists, active, attributes, memberOf, notMemberOf, manager, cal or memberCount.',
      })
    }
  })

/** Test Connection (section 2); each expectation field present becomes one expectation in the report. */
export const testConnectionStepSchema = z.strictObject({
  action: z.literal('testConnection'),
  note,
  expectSuccess: z.boolean({ error: 'expectSuccess is true or false.' }).optional(),
  expectMessageContains: z.string().min(1, 'expectMessageContains cannot be empty.').optional(),
})

/** Provision on demand (section 9): one user, or one group with up to 5 of its direct members. */
export const provisionOnDemandStepSchema = z
  .strictObject({
    action: z.literal('provisionOnDemand'),
    note,
    user: userRef.optional(),
    group: groupRef.optional(),
    members: z.array(userRef).max(5, 'Provision on demand takes at most 5 members of a group (section 9).').optional(),
    /** What Perform action must have done; a failed Test connection performs nothing and fails it. */
    expectAction: z.enum(['create', 'update', 'disable', 'delete', 'skip'], { error: 'expectAction is create, update, disable, delete or skip.' }).optional(),
  })
  .superRefine((step, ctx) => {
    if ((step.user === undefined) === (step.group === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'A provisionOnDemand step names exactly one subject: user (objectId or UPN) or group (objectId or displayName).',
      })
    } else if (step.user !== undefined && step.members !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['members'], message: 'members goes with a group, not with a user.' })
    }
  })

export const scenarioStepSchema = z.discriminatedUnion(
  'action',
  [
    onUser('assignUser'),
    onUser('unassignUser'),
    onGroup('assignGroup'),
    onGroup('unassignGroup'),
    z.strictObject({ action: z.literal('editUser'), user: userRef, set: userPatchSchema, note }),
    onUser('blockSignIn'),
    onUser('unblockSignIn'),
    onUser('softDelete'),
    onUser('restore'),
    onUser('hardDelete'),
    onMember('addMember'),
    onMember('removeMember'),
    z.strictObject({ action: z.literal('runCycle'), kind: z.enum(['initial', 'incremental'], { error: 'kind is initial or incremental.' }), note }),
    expectStepSchema,
    testConnectionStepSchema,
    provisionOnDemandStepSchema,
    // provisioning status On (a cycle now, then every 40 minutes on the scenario's clock) and Off (3.1)
    z.strictObject({ action: z.literal('startProvisioning'), note }),
    z.strictObject({ action: z.literal('stopProvisioning'), note }),
    /** "Allow deletes" for disables and deletes held by accidental-deletions prevention: the next cycle sends them. */
    z.strictObject({ action: z.literal('allowDeletes'), note }),
    /** Moves the scenario's clock: cycles that come due run, escrow retry times pass (3.1, section 8). */
    z.strictObject({
      action: z.literal('advanceClock'),
      minutes: z
        .number({ error: 'minutes is a number of minutes.' })
        .positive('minutes must be more than 0.')
        .max(60 * 24 * 60, 'minutes can be at most 86,400 (60 days).'),
      note,
    }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'action must be one of assignUser, unassignUser, assignGroup, unassignGroup, editUser, blockSignIn, unblockSignIn, softDelete, restore, hardDelete, addMember, removeMember, runCycle, expect, testConnection, provisionOnDemand, startProvisioning, stopProvisioning, allowDeletes, advanceClock.'
        : undefined,
  },
)

export type ScenarioStep = z.output<typeof scenarioStepSchema>
export type ExpectStep = z.output<typeof expectStepSchema>
export type TestConnectionStep = z.output<typeof testConnectionStepSchema>
export type ProvisionOnDemandStep = z.output<typeof provisionOnDemandStepSchema>
