import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CYCLE_INTERVAL_MS,
  DEFAULT_ACCIDENTAL_DELETION_THRESHOLD,
  defaultAppConfig,
  QUARANTINE_CYCLE_INTERVAL_MS,
  type ProvisioningAppConfig,
  type ProvisioningEngine,
} from '../../src/main/core/azure/engine'
import { buildTenant, engineFor, entriesFor, harnessGroup, harnessUser, writes, type EngineTenant } from '../helpers/azure-engine'
import { startTestHarness, type TestHarness } from '../helpers/harness'

// Accidental-deletions prevention (accidental-deletions.md; azure-ad-provisioning.md section 4
// "Accidental-deletions threshold exceeded" and section 8), against the real built-in server.
// The tenant: users 0, 6 and 7 assigned directly, group 0 (users 1-3) and group 1 (users 4-5)
// assigned, users 8 and 9 not assigned.

let h: TestHarness
let tenant: EngineTenant
let engine: ProvisioningEngine

/** A provisioned tenant (one initial cycle done) with the given settings. */
async function provisioned(overrides: Partial<ProvisioningAppConfig>): Promise<void> {
  tenant = buildTenant(h.baseUri, h.token, overrides)
  engine = engineFor(tenant)
  expect((await engine.runCycle({ kind: 'initial' })).status).toBe('completed')
}

const guarded = (threshold: number): Partial<ProvisioningAppConfig> => ({ preventAccidentalDeletions: true, accidentalDeletionThreshold: threshold })
const unassign = (...indexes: number[]) => indexes.forEach((i) => engine.unassignUser(tenant.users[i].objectId))
const isActive = async (i: number) => (await harnessUser(h, tenant.users[i].userPrincipalName))?.active

beforeEach(async () => {
  h = await startTestHarness()
})
afterEach(async () => {
  await h.close()
})

describe('prevent accidental deletions', () => {
  it('holds every disable of a cycle that would disable more users than the threshold: StagedDelete entries, nothing sent, the job quarantined with TooManyDeletes', async () => {
    await provisioned(guarded(2))
    unassign(0, 6, 7)
    const report = await engine.runCycle({ kind: 'incremental' })

    expect(report.status).toBe('completed')
    expect(writes(report.entries)).toEqual([])
    for (const i of [0, 6, 7]) {
      const [entry] = entriesFor(report.entries, tenant.users[i].objectId)
      expect(entry).toMatchObject({ action: 'StagedDelete', status: 'Skipped', statusInfo: { errorCode: 'AccidentalDeletionThresholdExceeded' } })
      expect(entry.statusInfo!.reason).toContain('disable or delete 3 objects, more than the accidental deletions threshold of 2')
      expect(entry.steps.map((s) => s.name)).toEqual(['EntryImportUpdate', 'EntrySynchronizationScoping', 'EntrySynchronizationStagedDelete'])
      expect(entry.exchanges).toEqual([])
      expect(await isActive(i)).toBe(true)
    }
    expect(report.counts.byAction.StagedDelete).toBe(3)
    expect(report.job).toMatchObject({
      status: 'quarantined',
      quarantine: { reason: 'TooManyDeletes', error: { code: 'AccidentalDeletionThresholdExceeded' } },
    })
    expect(engine.nextCycleIntervalMs()).toBe(QUARANTINE_CYCLE_INTERVAL_MS)
    // still managed: the links stay, so the removals can be sent later
    expect(engine.links().users.map((l) => l.sourceId)).toEqual(expect.arrayContaining([0, 6, 7].map((i) => tenant.users[i].objectId)))
  })

  it('holds them again in every cycle until an admin allows deletes; the next cycle then sends them all and the job leaves quarantine', async () => {
    await provisioned(guarded(2))
    unassign(0, 6, 7)
    await engine.runCycle({ kind: 'incremental' })
    const again = await engine.runCycle({ kind: 'incremental' })
    expect(again.counts.byAction.StagedDelete).toBe(3)
    expect(writes(again.entries)).toEqual([])
    expect(engine.status().quarantine?.reason).toBe('TooManyDeletes')

    engine.allowDeletes()
    expect(engine.status().status).toBe('quarantined') // "The status returns to healthy with the next cycle"
    const allowed = await engine.runCycle({ kind: 'incremental' })
    expect(allowed.counts.byAction).toMatchObject({ Disable: 3, StagedDelete: 0 })
    for (const i of [0, 6, 7]) expect(await isActive(i)).toBe(false)
    expect(allowed.job).toEqual({ status: 'active' })
    expect(engine.nextCycleIntervalMs()).toBe(CYCLE_INTERVAL_MS)

    // allowing lasts one cycle: the threshold guards the next ones again
    engine.assignUser(tenant.users[8].objectId)
    engine.assignUser(tenant.users[9].objectId)
    await engine.runCycle({ kind: 'incremental' })
    unassign(1, 8, 9)
    engine.unassignGroup(tenant.groups[0].objectId)
    expect((await engine.runCycle({ kind: 'incremental' })).job.quarantine?.reason).toBe('TooManyDeletes')
  })

  it('lets the next cycle leave quarantine without removing anything once the change is undone (re-assigned)', async () => {
    await provisioned(guarded(2))
    unassign(0, 6, 7)
    await engine.runCycle({ kind: 'incremental' })
    for (const i of [6, 7]) engine.assignUser(tenant.users[i].objectId)
    const report = await engine.runCycle({ kind: 'incremental' })
    // one disable left: under the threshold, so it goes ahead
    expect(entriesFor(report.entries, tenant.users[0].objectId)[0]).toMatchObject({ action: 'Disable', status: 'Success' })
    for (const i of [6, 7]) expect(entriesFor(report.entries, tenant.users[i].objectId)[0].action).not.toBe('StagedDelete')
    expect([await isActive(0), await isActive(6), await isActive(7)]).toEqual([false, true, true])
    expect(report.job).toEqual({ status: 'active' })
  })

  it('sends up to the threshold: only more than the threshold is held', async () => {
    await provisioned(guarded(3))
    unassign(0, 6, 7)
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(report.counts.byAction).toMatchObject({ Disable: 3, StagedDelete: 0 })
    expect(report.job).toEqual({ status: 'active' })
  })

  it('counts group deletes, hard deletes, blocked sign-in and soft deletes, and holds the group delete with them', async () => {
    await provisioned(guarded(4))
    // group 1 unassigned: its members 4 and 5 lose access (two disables) and the group is deleted
    engine.unassignGroup(tenant.groups[1].objectId)
    tenant.directory.hardDelete(tenant.users[7].objectId, { force: true })
    tenant.directory.blockSignIn(tenant.users[6].objectId)
    tenant.directory.softDelete(tenant.users[0].objectId)
    const report = await engine.runCycle({ kind: 'incremental' })

    expect(report.counts.byAction.StagedDelete).toBe(6)
    expect(writes(report.entries)).toEqual([])
    expect(entriesFor(report.entries, tenant.groups[1].objectId)[0]).toMatchObject({ action: 'StagedDelete', sourceIdentity: { type: 'Group' } })
    expect(entriesFor(report.entries, tenant.users[7].objectId)[0].steps.map((s) => s.name)).toEqual(['EntryImportDelete', 'EntrySynchronizationStagedDelete'])
    expect(await harnessGroup(h, tenant.groups[1].displayName)).toBeDefined()
    expect(await harnessUser(h, tenant.users[7].userPrincipalName)).toBeDefined()

    engine.allowDeletes()
    const allowed = await engine.runCycle({ kind: 'incremental' })
    expect(allowed.counts.byAction).toMatchObject({ Delete: 2, Disable: 4, StagedDelete: 0 })
    expect(await harnessGroup(h, tenant.groups[1].displayName)).toBeUndefined()
    expect(await harnessUser(h, tenant.users[7].userPrincipalName)).toMatchObject({ active: false }) // the server deactivates on DELETE
  })

  it('does not count a disable or delete the job would not send (Delete action off, user already disabled)', async () => {
    await provisioned({ ...guarded(1), targetActions: { create: true, update: true, delete: false } })
    tenant.directory.blockSignIn(tenant.users[6].objectId)
    expect((await engine.runCycle({ kind: 'incremental' })).counts.byAction.Disable).toBe(1)
    // user 6 is disabled by the job; unassigning it too sends nothing more, and the Delete action is off
    engine.unassignUser(tenant.users[6].objectId)
    engine.unassignGroup(tenant.groups[1].objectId)
    tenant.directory.hardDelete(tenant.users[7].objectId, { force: true })
    const report = await engine.runCycle({ kind: 'incremental' })
    // counted: users 4 and 5 only (group 1's members); user 6 is already inactive, the deletes are off
    expect(report.counts.byAction.StagedDelete).toBe(2)
    expect(report.job.quarantine?.reason).toBe('TooManyDeletes')
  })

  it('is off unless Prevent accidental deletions is ticked; the threshold defaults to 500', async () => {
    expect(defaultAppConfig('https://x.example/scim', 't').preventAccidentalDeletions).toBeUndefined()
    expect(DEFAULT_ACCIDENTAL_DELETION_THRESHOLD).toBe(500)
    await provisioned({ accidentalDeletionThreshold: 1 })
    unassign(0, 6, 7)
    const report = await engine.runCycle({ kind: 'incremental' })
    expect(report.counts.byAction).toMatchObject({ Disable: 3, StagedDelete: 0 })
  })

  it('mails the Notification Email when the threshold is exceeded, even without "send an email notification when a failure occurs"', async () => {
    await provisioned({ ...guarded(2), notificationEmail: 'ops@contoso.com' })
    unassign(0, 6, 7)
    await engine.runCycle({ kind: 'incremental' })
    expect(engine.outbox()).toEqual([
      expect.objectContaining({
        to: 'ops@contoso.com',
        subject: 'Provisioning for SCIM Harness is in quarantine',
        body: expect.stringContaining('TooManyDeletes'),
      }),
    ])
    await engine.runCycle({ kind: 'incremental' })
    expect(engine.outbox()).toHaveLength(1) // once per quarantine, not per cycle
  })
})
