import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containsNull, startTestHarness, type TestHarness } from '../helpers/harness'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

describe('lists, projection and discovery', () => {
  let h: TestHarness
  const ids: string[] = []
  beforeAll(async () => {
    h = await startTestHarness()
    const people = [
      ['zoe@contoso.com', 'Zoe', 'Sales'],
      ['adam@contoso.com', 'Adam', 'Engineering'],
      ['mia@contoso.com', 'Mia', 'Engineering'],
      ['bo@contoso.com', 'Bo', 'Support'],
      ['lee@contoso.com', 'Lee', 'Sales'],
    ]
    for (const [userName, given, dept] of people) {
      const res = await h.scim('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        userName,
        name: { givenName: given, familyName: 'Test' },
        emails: [
          { type: 'work', value: userName, primary: true },
          { type: 'home', value: `${given.toLowerCase()}@home.example` },
        ],
        [ENTERPRISE]: { department: dept },
      })
      ids.push(res.json.id)
    }
  })
  afterAll(async () => h.close())

  it('pages with startIndex and count and reports the total', async () => {
    const res = await h.scim('GET', '/Users?startIndex=2&count=2')
    expect(res.json.totalResults).toBe(5)
    expect(res.json.startIndex).toBe(2)
    expect(res.json.itemsPerPage).toBe(2)
    expect(res.json.Resources.map((u: { id: string }) => u.id)).toEqual(ids.slice(1, 3))
  })

  it('sorts by userName both ways', async () => {
    const asc = await h.scim('GET', '/Users?sortBy=userName')
    expect(asc.json.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'adam@contoso.com',
      'bo@contoso.com',
      'lee@contoso.com',
      'mia@contoso.com',
      'zoe@contoso.com',
    ])
    const desc = await h.scim('GET', '/Users?sortBy=name.givenName&sortOrder=descending&count=2')
    expect(desc.json.Resources.map((u: { name: { givenName: string } }) => u.name.givenName)).toEqual(['Zoe', 'Mia'])
    expect(desc.json.totalResults).toBe(5)
  })

  it('filters on an enterprise attribute with a URN-qualified path', async () => {
    const res = await h.scim('GET', `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:department eq "Engineering"`)}`)
    expect(res.json.totalResults).toBe(2)
  })

  it('returns only the requested attributes (and id, schemas) with attributes=', async () => {
    const res = await h.scim('GET', `/Users?attributes=userName,emails.value&count=1`)
    const user = res.json.Resources[0]
    expect(Object.keys(user).sort()).toEqual(['emails', 'id', 'schemas', 'userName'])
    expect(user.emails).toEqual([{ value: 'zoe@contoso.com' }, { value: 'zoe@home.example' }])
  })

  it('projects a URN-qualified extension attribute and excludes sub-attributes', async () => {
    const only = await h.scim('GET', `/Users/${ids[0]}?attributes=${ENTERPRISE}:department`)
    expect(only.json[ENTERPRISE]).toEqual({ department: 'Sales' })
    expect(only.json.userName).toBeUndefined()
    const without = await h.scim('GET', `/Users/${ids[0]}?excludedAttributes=name.givenName,emails`)
    expect(without.json.name).toEqual({ familyName: 'Test' })
    expect(without.json.emails).toBeUndefined()
    expect(without.json.id).toBe(ids[0])
  })

  it('searches with POST /.search', async () => {
    const res = await h.scim('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'emails[type eq "work" and value sw "m"]',
      attributes: ['userName'],
      sortBy: 'userName',
    })
    expect(res.status).toBe(200)
    expect(res.json.Resources).toEqual([{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE], id: ids[2], userName: 'mia@contoso.com' }])
  })

  it('refuses a bad count with invalidValue', async () => {
    const res = await h.scim('GET', '/Users?count=lots')
    expect(res.status).toBe(400)
    expect(res.json.scimType).toBe('invalidValue')
  })

  it('describes itself: ServiceProviderConfig, ResourceTypes, Schemas', async () => {
    const spc = (await h.scim('GET', '/ServiceProviderConfig')).json
    expect(spc.patch.supported).toBe(true)
    expect(spc.filter).toEqual({ supported: true, maxResults: 1000 })
    expect(spc.etag.supported).toBe(true)
    expect(spc.bulk.supported).toBe(false)
    const rts = (await h.scim('GET', '/ResourceTypes')).json
    expect(rts.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual(['/Users', '/Groups'])
    expect(rts.Resources[0].schemaExtensions).toEqual([{ schema: ENTERPRISE, required: false }])
    const schemas = (await h.scim('GET', '/Schemas')).json
    expect(schemas.Resources.map((s: { id: string }) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      ENTERPRISE,
      'urn:ietf:params:scim:schemas:core:2.0:Group',
    ])
    const user = (await h.scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).json
    expect(user.attributes.find((a: { name: string }) => a.name === 'userName')).toMatchObject({ caseExact: false, uniqueness: 'server', required: true })
    expect(containsNull(schemas)).toBe(false)
  })

  it("answers lower-case /users too, as Microsoft's collection asks", async () => {
    expect((await h.scim('GET', '/users?count=1')).status).toBe(200)
  })
})
