import { afterEach, describe, expect, it } from 'vitest'
import { entraUser, patchOp, startTestHarness, type TestHarness } from '../helpers/harness'
import type { CalRule } from '../../src/main/core/store/records'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

function rule(partial: Partial<CalRule> & Pick<CalRule, 'attributePath' | 'matchingText' | 'targetCal'>): CalRule {
  return { id: `r-${Math.random().toString(36).slice(2)}`, condition: 'equals', enabled: true, ...partial }
}

describe('VIDIZMO lifecycle: users are deactivated, never deleted, and can be reactivated', () => {
  let h: TestHarness
  afterEach(async () => h?.close())

  it('deactivates on DELETE: the user stays visible and findable as inactive, and can be reactivated', async () => {
    h = await startTestHarness()
    const id = (await h.scim('POST', '/Users', entraUser('leaver@contoso.com'))).json.id
    expect((await h.scim('DELETE', `/Users/${id}`)).status).toBe(204)
    const read = await h.scim('GET', `/Users/${id}`)
    expect(read.status).toBe(200)
    expect(read.json.active).toBe(false)
    const found = await h.scim('GET', '/Users?filter=userName eq "leaver@contoso.com"')
    expect(found.json.Resources[0].active).toBe(false)
    const inactive = await h.scim('GET', '/Users?filter=active eq false')
    expect(inactive.json.Resources.map((u: { id: string }) => u.id)).toContain(id)
    // re-assignment in Entra: matching GET finds the inactive user, then PATCH active true
    expect((await h.scim('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'active', value: 'True' }))).status).toBe(204)
    expect((await h.scim('GET', `/Users/${id}`)).json.active).toBe(true)
  })

  it('keeps group memberships while a user is inactive', async () => {
    h = await startTestHarness()
    const id = (await h.scim('POST', '/Users', entraUser('member@contoso.com'))).json.id
    const gid = (await h.scim('POST', '/Groups', { displayName: 'Keepers', members: [{ value: id }] })).json.id
    await h.scim('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'active', value: false }))
    expect((await h.scim('GET', `/Groups/${gid}`)).json.members).toEqual([{ value: id }])
  })

  it('really deletes in the "hard delete (RFC 7644)" mode, and drops the user from its groups', async () => {
    h = await startTestHarness({ deleteMode: 'hard' })
    const id = (await h.scim('POST', '/Users', entraUser('gone@contoso.com'))).json.id
    const gid = (await h.scim('POST', '/Groups', { displayName: 'Hard', members: [{ value: id }] })).json.id
    expect((await h.scim('DELETE', `/Users/${id}`)).status).toBe(204)
    expect((await h.scim('GET', `/Users/${id}`)).status).toBe(404)
    expect((await h.scim('DELETE', `/Users/${id}`)).status).toBe(404)
    expect((await h.scim('GET', `/Groups/${gid}`)).json.members).toBeUndefined()
  })

  it('records the service rules it applied: delete-deactivates and unknown-member-ignored', async () => {
    h = await startTestHarness()
    const id = (await h.scim('POST', '/Users', entraUser('rules@contoso.com'))).json.id
    await h.scim('DELETE', `/Users/${id}`)
    const group = await h.scim(
      'PATCH',
      `/Groups/${(await h.scim('POST', '/Groups', { displayName: 'R' })).json.id}`,
      patchOp({ op: 'add', path: 'members', value: 'string id 1' }),
    )
    expect(group.status).toBe(204)
    const log = (await h.harness.requestLog.readRecent(20)) as Array<{ method: string; rules: string[] }>
    expect(log.find((l) => l.method === 'DELETE')!.rules).toContain('delete-deactivates')
    expect(log.find((l) => l.method === 'PATCH')!.rules).toContain('unknown-member-ignored')
  })

  it('shows every write on the next page: the list-order cache never serves stale users', async () => {
    h = await startTestHarness()
    const first = (await h.scim('POST', '/Users', entraUser('page1@contoso.com'))).json.id
    expect((await h.scim('GET', '/Users?count=10')).json.totalResults).toBe(1)
    await h.scim('POST', '/Users', entraUser('page2@contoso.com'))
    await h.scim('PATCH', `/Users/${first}`, patchOp({ op: 'replace', path: 'title', value: 'Paged' }))
    const page = (await h.scim('GET', '/Users?count=10')).json
    expect(page.totalResults).toBe(2)
    expect(page.Resources.map((u: { userName: string }) => u.userName)).toEqual(['page1@contoso.com', 'page2@contoso.com'])
    expect(page.Resources[0].title).toBe('Paged')
    expect((await h.scim('GET', '/Users?startIndex=2&count=1')).json.Resources[0].userName).toBe('page2@contoso.com')
  })

  it('marks users created by SCIM as federated', async () => {
    h = await startTestHarness()
    const id = (await h.scim('POST', '/Users', entraUser('fed@contoso.com'))).json.id
    expect(h.harness.store.getUser(id)?.federated).toBe(true)
  })
})

describe('CAL assignment through SCIM', () => {
  let h: TestHarness
  afterEach(async () => h?.close())

  it('gives the default CAL when no rule matches, and records why', async () => {
    h = await startTestHarness()
    const id = (await h.scim('POST', '/Users', entraUser('plain@contoso.com'))).json.id
    const user = h.harness.store.getUser(id)!
    expect(user.cal).toBe('Viewer')
    expect(user.calReason).toEqual({ kind: 'default' })
  })

  it('assigns by a user attribute rule and re-evaluates when the attribute changes', async () => {
    h = await startTestHarness({ calRules: [rule({ attributePath: `${ENTERPRISE}:department`, matchingText: 'Engineering', targetCal: 'Contributor' })] })
    const id = (await h.scim('POST', '/Users', entraUser('eng@contoso.com', { [ENTERPRISE]: { department: 'Engineering' } }))).json.id
    expect(h.harness.store.getUser(id)!.cal).toBe('Contributor')
    await h.scim('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { [`${ENTERPRISE}:department`]: 'Sales' } }))
    expect(h.harness.store.getUser(id)!.cal).toBe('Viewer')
  })

  it('assigns by group membership and falls back when the user leaves the group', async () => {
    h = await startTestHarness({
      calRules: [rule({ attributePath: 'groups.displayName', matchingText: 'Video Managers', targetCal: 'Manager' })],
    })
    const id = (await h.scim('POST', '/Users', entraUser('mgr@contoso.com'))).json.id
    const gid = (await h.scim('POST', '/Groups', { displayName: 'Video Managers' })).json.id
    await h.scim('PATCH', `/Groups/${gid}`, patchOp({ op: 'Add', path: 'members', value: [{ value: id }] }))
    const promoted = h.harness.store.getUser(id)!
    expect(promoted.cal).toBe('Manager')
    expect(promoted.calReason).toMatchObject({ kind: 'rule', groupId: gid, groupDisplayName: 'Video Managers' })
    await h.scim('PATCH', `/Groups/${gid}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: id }] }))
    expect(h.harness.store.getUser(id)!.cal).toBe('Viewer')
  })

  it('gives the highest CAL when several rules match, or the first rule with the per-portal switch', async () => {
    const rules = [
      rule({ attributePath: 'title', matchingText: 'Editor', targetCal: 'Contributor' }),
      rule({ attributePath: 'groups.displayName', matchingText: 'Admins', targetCal: 'Administrator' }),
    ]
    h = await startTestHarness({ calRules: rules })
    const id = (await h.scim('POST', '/Users', entraUser('both@contoso.com', { title: 'Editor' }))).json.id
    await h.scim('POST', '/Groups', { displayName: 'Admins', members: [{ value: id }] })
    expect(h.harness.store.getUser(id)!.cal).toBe('Administrator')
    await h.portal.updateSettings({ calConflictPolicy: 'firstRule' })
    expect(h.harness.store.getUser(id)!.cal).toBe('Contributor')
  })

  it('re-evaluates when the group is renamed or deleted', async () => {
    h = await startTestHarness({ calRules: [rule({ attributePath: 'groups.displayName', matchingText: 'Mods', targetCal: 'Moderator' })] })
    const id = (await h.scim('POST', '/Users', entraUser('mod@contoso.com'))).json.id
    const gid = (await h.scim('POST', '/Groups', { displayName: 'Staff', members: [{ value: id }] })).json.id
    expect(h.harness.store.getUser(id)!.cal).toBe('Viewer')
    await h.scim('PATCH', `/Groups/${gid}`, patchOp({ op: 'Replace', path: 'displayName', value: 'Mods' }))
    expect(h.harness.store.getUser(id)!.cal).toBe('Moderator')
    await h.scim('DELETE', `/Groups/${gid}`)
    expect(h.harness.store.getUser(id)!.cal).toBe('Viewer')
  })
})
