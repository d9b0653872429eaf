import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { invokeConsole } from '../../src/main/core/api/console-handlers'
import { startHarness, type RunningHarness } from '../../src/main/core/harness'
import type { ConsoleEvent } from '../../src/shared/console/api'
import { tempDir } from '../helpers/harness'

/*
 * The simulated Entra ID in the console (issue 5), at API level: the sim.* handlers on real
 * harnesses over real temp workspaces, the simulator talking HTTP to the built-in server on
 * 127.0.0.1. Outputs are checked against the shared table.
 */

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
})

async function harnessIn(dataDir = tempDir()): Promise<RunningHarness & { dataDir: string }> {
  const harness = await startHarness({ dataDir, port: 0, owner: 'test', checkConsoleOutput: true })
  let closed = false
  cleanup.push(async () => {
    if (!closed) await harness.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const close = harness.close.bind(harness)
  return Object.assign(harness, {
    dataDir,
    close: async () => {
      closed = true
      await close()
    },
  })
}

/** Calls a console method and returns its value, failing the test with the refusal otherwise. */
async function call(h: RunningHarness, method: string, input: unknown = {}): Promise<any> {
  const result = await invokeConsole(h.console, method, input, { checkOutput: true })
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code}: ${result.error.message}`)
  return result.value
}

async function refusal(h: RunningHarness, method: string, input: unknown): Promise<{ code: string; message: string; field?: string }> {
  const result = await invokeConsole(h.console, method, input, { checkOutput: true })
  if (result.ok) throw new Error(`${method} was expected to be refused`)
  return result.error
}

/** Waits until no cycle runs and one has finished since `after` (its cycle id). */
async function cycleDone(h: RunningHarness, after: string | null = null): Promise<any> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const state = await call(h, 'sim.state')
    if (!state.schedule.running && state.lastCycle && state.lastCycle.cycleId !== after) return state
    if (Date.now() > deadline) throw new Error(`no cycle finished: ${JSON.stringify(state)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

function harnessUser(h: RunningHarness, userName: string) {
  return [...h.store.users()].find((u) => String(u.resource.userName).toLowerCase() === userName.toLowerCase())
}

/** A set-up harness with a generated tenant of 50 users and 5 groups. */
async function generated(): Promise<RunningHarness & { dataDir: string }> {
  const h = await harnessIn()
  await call(h, 'sim.setupBuiltIn')
  await call(h, 'sim.directory.generate', { users: 50, groups: 5, seed: 'issue-5' })
  return h
}

describe('the simulated Entra ID in the console', () => {
  it('walks issue 5: set up, generate, assign, provision, unassign, disable, save, and replay green on a fresh workspace', async () => {
    const h = await harnessIn()
    const simEvents: ConsoleEvent[] = []
    h.events.subscribe((event) => event.type === 'sim' && simEvents.push(event))

    const setup = await call(h, 'sim.setupBuiltIn')
    expect(setup).toMatchObject({ tokenSet: true, builtInTarget: true, tenantUrl: h.baseUri })
    expect(h.store.portal).toMatchObject({ defaultCal: 'Viewer', scimEnabled: true })
    expect([...h.store.tokens()].map((t) => t.label)).toEqual(['Simulated Entra ID'])

    expect(await call(h, 'sim.directory.generate', { users: 50, groups: 5, seed: 'issue-5' })).toEqual({ users: 50, groups: 5 })
    const groups = (await call(h, 'sim.groups.list', { limit: 50 })).items
    const group = groups.filter((g: any) => g.memberCount >= 3 && g.memberCount < 50).sort((a: any, b: any) => a.memberCount - b.memberCount)[0]
    expect(group).toBeDefined()
    const members = (await call(h, 'sim.groups.get', { objectId: group.objectId })).members.filter((m: any) => m.accountEnabled)
    const outsider = (await call(h, 'sim.users.list', { limit: 500 })).items.find(
      (u: any) => u.accountEnabled && !members.some((m: any) => m.objectId === u.objectId),
    )

    await call(h, 'sim.assign', { groupIds: [group.objectId], userIds: [outsider.objectId] })
    const inScope = await call(h, 'sim.users.list', { filter: 'inScope', limit: 500 })
    expect(inScope.total).toBe(members.length + 1)

    await call(h, 'sim.provisioning', { action: 'runNow' })
    const first = await cycleDone(h)
    expect(first.lastCycle).toMatchObject({ kind: 'initial', status: 'completed' })
    expect(first.lastCycle.byAction.Create).toBeGreaterThanOrEqual(members.length + 1)
    for (const m of [...members, outsider])
      expect(harnessUser(h, m.userPrincipalName), m.userPrincipalName).toMatchObject({ cal: 'Viewer', resource: { active: true } })

    await call(h, 'sim.unassign', { userIds: [outsider.objectId] })
    await call(h, 'sim.provisioning', { action: 'runNow' })
    const second = await cycleDone(h, first.lastCycle.cycleId)
    expect(second.lastCycle).toMatchObject({ kind: 'incremental', status: 'completed' })
    const disables = await call(h, 'sim.logs.list', { action: 'Disable' })
    expect(disables.items.map((e: any) => e.identity.id)).toEqual([outsider.objectId])
    expect(disables.items[0]).toMatchObject({ status: 'Success', identity: { type: 'User' } })
    expect(harnessUser(h, outsider.userPrincipalName)?.resource.active).toBe(false)
    expect(simEvents.length).toBeGreaterThan(0)

    const kept = await call(h, 'sim.scenario.expectThis', { objectId: members[0].objectId })
    expect(kept).toMatchObject({ action: 'expect', exists: true, active: true, cal: 'Viewer', memberOf: [group.displayName] })
    expect(await call(h, 'sim.scenario.expectThis', { objectId: outsider.objectId })).toMatchObject({ action: 'expect', exists: true, active: false })
    // the timeline names users as the saved file does: by UPN, not by objectId
    const timeline = await call(h, 'sim.scenario.timeline')
    expect(timeline.steps.find((st: any) => st.action === 'assignUser').user).toBe(outsider.userPrincipalName)
    expect(timeline.steps.filter((st: any) => st.action === 'expect').map((st: any) => st.user)).toEqual([
      members[0].userPrincipalName,
      outsider.userPrincipalName,
    ])
    const saved = await call(h, 'sim.scenario.save', { name: 'issue 5 walkthrough' })
    expect(saved.fileName).toBe('issue-5-walkthrough.json')
    const scenario = JSON.parse(saved.text)
    expect(scenario.steps.map((s: any) => s.action)).toEqual(['assignUser', 'assignGroup', 'runCycle', 'unassignUser', 'runCycle', 'expect', 'expect'])
    // readable names where they are unambiguous
    expect(scenario.steps[0].user).toBe(outsider.userPrincipalName)
    expect(scenario.steps[1].group).toBe(group.displayName)

    const fresh = await harnessIn()
    await call(fresh, 'sim.setupBuiltIn')
    const opened = await call(fresh, 'sim.scenario.open', { text: saved.text })
    expect(opened).toMatchObject({ name: 'issue 5 walkthrough', users: 50, groups: 5 })
    expect((await call(fresh, 'sim.state')).scenario).toEqual({ name: 'issue 5 walkthrough', steps: 7, cursor: 0 })
    const report = await call(fresh, 'sim.scenario.replay', { mode: 'all' })
    expect(report.steps.filter((s: any) => s.status !== 'ok')).toEqual([])
    expect(report.expectations.filter((e: any) => !e.passed)).toEqual([])
    expect(report.expectations.length).toBeGreaterThanOrEqual(7)
    expect(report.passed).toBe(true)
    expect(harnessUser(fresh, outsider.userPrincipalName)?.resource.active).toBe(false)
    expect((await call(fresh, 'sim.scenario.timeline')).cursor).toBe(7)
  }, 60_000)

  it('replays an opened example one step at a time', async () => {
    const h = await harnessIn()
    await call(h, 'sim.setupBuiltIn')
    const examples = await call(h, 'sim.scenario.examples')
    expect(examples.map((e: any) => e.name)).toEqual(expect.arrayContaining(['member-removal', 'string-booleans']))
    const opened = await call(h, 'sim.scenario.open', { example: 'member-removal' })
    const first = await call(h, 'sim.scenario.replay', { mode: 'next' })
    expect(first.steps).toHaveLength(1)
    expect((await call(h, 'sim.state')).scenario.cursor).toBe(1)
    const all = await call(h, 'sim.scenario.replay', { mode: 'all' })
    expect(all.steps).toHaveLength(opened.steps.length)
    expect(all.passed).toBe(true)
    expect(await refusal(h, 'sim.scenario.open', { example: 'nope' })).toMatchObject({ code: 'not-found' })
    expect(await refusal(h, 'sim.scenario.open', { text: '{"format":"scim-harness-scenario"}' })).toMatchObject({ code: 'invalidScenario' })
  }, 30_000)

  it('refuses what Entra would refuse, with messages a person can act on', async () => {
    const h = await generated()
    expect(await refusal(h, 'sim.scenario.replay', { mode: 'all' })).toMatchObject({ code: 'emptyTimeline' })
    expect(await refusal(h, 'sim.scenario.save', {})).toMatchObject({ code: 'emptyTimeline' })
    expect(await refusal(h, 'sim.users.get', { objectId: 'b0e0b1c5-0000-4000-8000-000000000000' })).toMatchObject({ code: 'not-found' })
    expect(await refusal(h, 'sim.assign', { userIds: ['nope'] })).toMatchObject({ code: 'not-found', field: 'objectId' })
    const invalid = await refusal(h, 'sim.users.create', { user: { userPrincipalName: 'not a upn' } })
    expect(invalid.code).toBe('invalidUser')
    expect(invalid.message).toContain('name@domain')
    const users = (await call(h, 'sim.users.list', { limit: 6 })).items
    const group = await call(h, 'sim.groups.create', { displayName: 'Six Members' })
    await call(h, 'sim.groups.update', { objectId: group.objectId, addMemberIds: users.map((u: any) => u.objectId) })
    const pod = await refusal(h, 'sim.provisionOnDemand', { groupId: group.objectId })
    expect(pod).toMatchObject({ code: 'tooManyMembers' })
    expect(pod.message).toContain('at most 5')
    expect(await refusal(h, 'sim.users.lifecycle', { objectId: users[0].objectId, action: 'hardDelete' })).toMatchObject({ code: 'userNotSoftDeleted' })
  }, 30_000)

  it('filters and downloads the provisioning logs, and compares a changed source user with the target', async () => {
    const h = await generated()
    const users = (await call(h, 'sim.users.list', { limit: 5 })).items.filter((u: any) => u.accountEnabled).slice(0, 3)
    await call(h, 'sim.assign', { userIds: users.map((u: any) => u.objectId) })
    await call(h, 'sim.provisioning', { action: 'start' })
    const state = await cycleDone(h)
    expect(state.schedule).toMatchObject({ status: 'on', running: false })
    expect(state.schedule.nextCycleAt).toBeGreaterThan(Date.now())
    await call(h, 'sim.provisioning', { action: 'stop' })

    const all = await call(h, 'sim.logs.list', {})
    expect(all.total, JSON.stringify(all.items.map((e: any) => [e.action, e.status, e.identity.type]))).toBe(3)
    // their managers are not assigned: created with a Warning (UnresolvedReference)
    expect((await call(h, 'sim.logs.list', { status: 'Warning', identityType: 'User', action: 'create' })).total).toBe(3)
    expect((await call(h, 'sim.logs.list', { identityType: 'Group' })).total).toBe(0)
    expect((await call(h, 'sim.logs.list', { status: 'Failure' })).total).toBe(0)
    expect((await call(h, 'sim.logs.list', { search: users[0].userPrincipalName.split('@')[0] })).items.map((e: any) => e.identity.id)).toContain(
      users[0].objectId,
    )
    const entry = await call(h, 'sim.logs.get', { id: all.items[0].id })
    expect(entry.exchanges.some((x: any) => x.request.method === 'POST')).toBe(true)
    expect(entry.exchanges[0].request.headers['x-scim-harness-client']).toBe('simulator')

    const json = (await call(h, 'sim.logs.export', { format: 'json' })).files
    expect(json.map((f: any) => f.name)).toEqual(['ProvisioningLogs.json'])
    expect(JSON.parse(json[0].text)).toHaveLength(3)
    const csv = (await call(h, 'sim.logs.export', { format: 'csv' })).files
    expect(csv.map((f: any) => f.name)).toEqual(['ProvisioningLogs.csv', 'ProvisioningLogs_ProvisioningSteps.csv', 'ProvisioningLogs_ModifiedProperties.csv'])
    expect(csv[0].text.split('\r\n').filter(Boolean)).toHaveLength(4)
    // the downloads follow the list's filters
    const creates = (await call(h, 'sim.logs.list', { action: 'Create' })).total
    const onlyCreates = JSON.parse((await call(h, 'sim.logs.export', { format: 'json', action: 'Create' })).files[0].text)
    expect(onlyCreates).toHaveLength(creates)
    expect(onlyCreates.every((e: any) => e.action === 'Create')).toBe(true)
    expect(JSON.parse((await call(h, 'sim.logs.export', { format: 'json', search: 'nobody-matches-this' })).files[0].text)).toEqual([])

    const same = await call(h, 'sim.compare', { objectId: users[0].objectId })
    expect(same.target.userName).toBe(users[0].userPrincipalName)
    expect(same.cal).toMatchObject({ cal: 'Viewer' })
    expect(same.attributes.find((a: any) => a.target === 'userName')).toMatchObject({ same: true })
    // right after a cycle nothing differs: the default dialect's "True" is the target's true
    expect(same.attributes.find((a: any) => a.target === 'active')).toMatchObject({ expected: 'True', actual: true, same: true })
    expect(same.attributes.filter((a: any) => !a.same)).toEqual([])
    await call(h, 'sim.users.update', { objectId: users[0].objectId, patch: { jobTitle: 'Chief Rehearsal Officer' } })
    const changed = await call(h, 'sim.compare', { objectId: users[0].objectId })
    expect(changed.attributes.find((a: any) => a.target === 'title')).toMatchObject({ expected: 'Chief Rehearsal Officer', same: false })
    expect((await call(h, 'sim.users.get', { objectId: users[0].objectId })).row).toMatchObject({
      assignment: 'direct',
      inScope: true,
      targetId: same.target.id,
    })
  }, 30_000)

  it('comes back after a restart with the directory, the app and its token, and the recording', async () => {
    const h = await generated()
    const dataDir = h.dataDir
    const users = (await call(h, 'sim.users.list', { limit: 2 })).items
    await call(h, 'sim.assign', { userIds: [users[0].objectId] })
    await call(h, 'sim.users.lifecycle', { objectId: users[1].objectId, action: 'softDelete' })
    await call(h, 'sim.config.update', { dialect: 'compliant' })
    const before = await call(h, 'sim.state')
    await h.close()
    expect(existsSync(join(dataDir, 'simulator.json'))).toBe(true)

    const again = await harnessIn(dataDir)
    const after = await call(again, 'sim.state')
    expect(after).toMatchObject({
      tokenSet: true,
      builtInTarget: true,
      tenantUrl: again.baseUri,
      dialect: 'compliant',
      directory: before.directory,
      assignments: { users: 1, groups: 0 },
      timelineLength: 2,
      notice: null,
    })
    expect((await call(again, 'sim.users.get', { objectId: users[1].objectId })).user.softDeletedAt).toBeDefined()
    // the job state is not saved: the first cycle after a restart is an initial one, matching what is there
    await call(again, 'sim.provisioning', { action: 'runNow' })
    expect((await cycleDone(again)).lastCycle).toMatchObject({ kind: 'initial', status: 'completed' })
  }, 30_000)

  it('moves a damaged simulator.json aside and says so', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'simulator.json'), '{"format":"scim-harness-simulator", truncated')
    const h = await harnessIn(dataDir)
    const state = await call(h, 'sim.state')
    expect(state.notice).toContain('moved to')
    expect(state.directory).toEqual({ users: 0, groups: 0 })
    expect(readdirSync(dataDir).some((f) => f.startsWith('simulator.json.corrupt-'))).toBe(true)
  })
})

describe('long work outside a cycle', () => {
  it('reports each phase of generating a directory through the sim event, then clears it', async () => {
    const h = await harnessIn()
    await call(h, 'sim.state')
    const seen: (string | null)[] = []
    const off = h.events.subscribe((event: ConsoleEvent) => {
      if (event.type === 'sim') seen.push(event.data.activity ? `${event.data.activity.done}/${event.data.activity.total} ${event.data.activity.label}` : null)
    })
    try {
      expect(await call(h, 'sim.directory.generate', { users: 2000, groups: 20, seed: 'progress' })).toEqual({ users: 2000, groups: 20 })
    } finally {
      off()
    }
    const phases = seen.filter((s): s is string => s !== null)
    expect(phases.map((p) => p.split(' ')[0])).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5'])
    expect(phases[0]).toMatch(/Generating the sample directory: drew 2,000 people/)
    expect(seen.at(-1) ?? null).toBeNull()
    expect((await call(h, 'sim.state')).activity).toBeNull()
  })
})
