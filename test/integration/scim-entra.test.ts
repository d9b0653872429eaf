import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containsNull, entraUser, patchOp, startTestHarness, type TestHarness } from '../helpers/harness'

// The requests Entra ID sends, shaped as azure-ad-provisioning.md sections 2, 3.4, 6 and 7 show them.
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

describe('what Entra ID sends, over real HTTP', () => {
  let h: TestHarness
  beforeAll(async () => {
    h = await startTestHarness()
  })
  afterAll(async () => h.close())

  it('answers the Test Connection probe with 200 and an empty ListResponse, never 404', async () => {
    const res = await h.scim('GET', '/Users?filter=userName+eq+%226f1d2c3e-1111-2222-3333-444455556666%22')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/)
    expect(res.json).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    })
    const groups = await h.scim('GET', '/Groups?excludedAttributes=members&filter=displayName eq "6f1d2c3e-0000"')
    expect(groups.status).toBe(200)
    expect(groups.json.Resources).toEqual([])
  })

  it('creates a user with 201, an id, a Location header and the values exactly as sent', async () => {
    const res = await h.scim('POST', '/Users', entraUser('Alice.Adams@contoso.com', { phoneNumbers: [{ type: 'work', value: '+1 (425) 555-0100' }] }))
    expect(res.status).toBe(201)
    expect(res.json.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('location')).toBe(`${h.baseUri}/Users/${res.json.id}`)
    expect(res.json.userName).toBe('Alice.Adams@contoso.com')
    expect(res.json.phoneNumbers).toEqual([{ type: 'work', value: '+1 (425) 555-0100' }])
    expect(res.json.active).toBe(true)
    expect(res.json.meta.resourceType).toBe('User')
    expect(containsNull(res.json)).toBe(false)
  })

  it('matches userName case-insensitively, as Entra does before every create', async () => {
    const res = await h.scim('GET', '/Users?filter=userName eq "alice.adams@CONTOSO.com"')
    expect(res.json.totalResults).toBe(1)
    expect(res.json.Resources[0].userName).toBe('Alice.Adams@contoso.com')
  })

  it('disables with the default dialect ("Replace", "False") and still finds the user by filter', async () => {
    const created = await h.scim('POST', '/Users', entraUser('bob@contoso.com'))
    const res = await h.scim('PATCH', `/Users/${created.json.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }))
    expect(res.status).toBe(204)
    const found = await h.scim('GET', '/Users?filter=userName eq "bob@contoso.com"')
    expect(found.json.Resources[0].active).toBe(false)
  })

  it('applies the aadOptscim062020 path-less replace with dotted and URN keys', async () => {
    const created = await h.scim('POST', '/Users', entraUser('carol@contoso.com'))
    const res = await h.scim(
      'PATCH',
      `/Users/${created.json.id}`,
      patchOp({
        op: 'replace',
        value: { displayName: 'Carol C', 'name.givenName': 'Carol', 'name.familyName': 'Cruz', [`${ENTERPRISE}:employeeNumber`]: 'E-42', active: false },
      }),
    )
    expect(res.status).toBe(204)
    const user = (await h.scim('GET', `/Users/${created.json.id}`)).json
    expect(user.displayName).toBe('Carol C')
    expect(user.name.givenName).toBe('Carol')
    expect(user.name.familyName).toBe('Cruz')
    expect(user[ENTERPRISE].employeeNumber).toBe('E-42')
    expect(user.schemas).toContain(ENTERPRISE)
    expect(user.active).toBe(false)
  })

  it('stores a manager sent as a plain string and returns it as { value }', async () => {
    const manager = await h.scim('POST', '/Users', entraUser('dana@contoso.com'))
    const report = await h.scim('POST', '/Users', entraUser('eve@contoso.com'))
    const res = await h.scim('PATCH', `/Users/${report.json.id}`, patchOp({ op: 'Add', path: `${ENTERPRISE}:manager`, value: manager.json.id }))
    expect(res.status).toBe(204)
    const user = (await h.scim('GET', `/Users/${report.json.id}`)).json
    expect(user[ENTERPRISE].manager).toEqual({ value: manager.json.id })
  })

  it('creates the work email when a filtered Add finds none', async () => {
    const created = await h.scim('POST', '/Users', { userName: 'frank@contoso.com', active: true })
    const res = await h.scim('PATCH', `/Users/${created.json.id}`, patchOp({ op: 'Add', path: 'emails[type eq "work"].value', value: 'frank@contoso.com' }))
    expect(res.status).toBe(204)
    const user = (await h.scim('GET', `/Users/${created.json.id}`)).json
    expect(user.emails).toEqual([{ type: 'work', value: 'frank@contoso.com' }])
  })

  it('runs the group cycle: match, create, add members, remove one (2017 and compliant shapes), rename', async () => {
    const u1 = (await h.scim('POST', '/Users', entraUser('g1@contoso.com'))).json.id
    const u2 = (await h.scim('POST', '/Users', entraUser('g2@contoso.com'))).json.id
    const u3 = (await h.scim('POST', '/Users', entraUser('g3@contoso.com'))).json.id
    const match = await h.scim('GET', '/Groups?excludedAttributes=members&filter=displayName eq "Sales"')
    expect(match.json.totalResults).toBe(0)
    const group = await h.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Sales',
      meta: { resourceType: 'Group' },
    })
    expect(group.status).toBe(201)
    const gid = group.json.id
    const add = await h.scim(
      'PATCH',
      `/Groups/${gid}`,
      patchOp({
        op: 'Add',
        path: 'members',
        value: [
          { $ref: null, value: u1 },
          { $ref: null, value: u2 },
          { $ref: null, value: u3 },
        ],
      }),
    )
    expect(add.status).toBe(204)
    // 2017 dialect: Remove with a value array must remove only the listed member (E4)
    await h.scim('PATCH', `/Groups/${gid}`, patchOp({ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] }))
    // compliant dialect: a filter path, no value
    await h.scim('PATCH', `/Groups/${gid}`, patchOp({ op: 'remove', path: `members[value eq "${u2}"]` }))
    await h.scim('PATCH', `/Groups/${gid}`, patchOp({ op: 'Replace', path: 'displayName', value: 'Sales EMEA' }))
    const read = (await h.scim('GET', `/Groups/${gid}`)).json
    expect(read.displayName).toBe('Sales EMEA')
    expect(read.members.map((m: { value: string }) => m.value)).toEqual([u3])
    const lean = (await h.scim('GET', `/Groups/${gid}?excludedAttributes=members`)).json
    expect(lean.members).toBeUndefined()
    expect(lean.displayName).toBe('Sales EMEA')
    // the user side shows the membership as read-only groups
    const user3 = (await h.scim('GET', `/Users/${u3}`)).json
    expect(user3.groups).toEqual([{ value: gid, $ref: `${h.baseUri}/Groups/${gid}`, display: 'Sales EMEA', type: 'direct' }])
  })

  it('refuses a second group with the same displayName with 409 uniqueness', async () => {
    await h.scim('POST', '/Groups', { displayName: 'Unique Group' })
    const dup = await h.scim('POST', '/Groups', { displayName: 'unique group' })
    expect(dup.status).toBe(409)
    expect(dup.json.scimType).toBe('uniqueness')
  })

  it('records which leniency rules fired on each request in the request log', async () => {
    const created = await h.scim('POST', '/Users', entraUser('log@contoso.com'))
    await h.scim('PATCH', `/Users/${created.json.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }))
    await h.harness.requestLog.flush()
    const lines = (await h.harness.requestLog.readRecent(50)) as Array<{ method: string; path: string; status: number; rules: string[]; client: string }>
    const patch = lines.find((l) => l.method === 'PATCH' && l.path.endsWith(created.json.id) && l.status === 204)
    expect(patch!.rules).toEqual(expect.arrayContaining(['patch-op-case-insensitive', 'string-boolean']))
    expect(patch!.client).toBe('external')
    // the body is logged exactly as the client sent it
    expect((patch as unknown as { requestBody: string }).requestBody).toBe(JSON.stringify(patchOp({ op: 'Replace', path: 'active', value: 'False' })))
  })
})
