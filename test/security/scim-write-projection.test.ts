import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entraUser, patchOp, startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * Issue 14, item 8: RFC 7644 section 3.9 lets a client ask for a partial representation "on any
 * operation that returns a resource", so attributes= and excludedAttributes= must shape the
 * bodies of POST, PUT and PATCH as they shape GET. And a root /.search (section 3.4.3), which
 * the harness does not implement, must say so with 501 rather than pretend the path is unknown.
 */

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'

describe('attributes and excludedAttributes on write responses (RFC 7644 section 3.9)', () => {
  let h: TestHarness
  beforeAll(async () => {
    h = await startTestHarness()
  })
  afterAll(async () => h.close())

  it('POST /Users?attributes=userName answers with id, schemas and userName only', async () => {
    const res = await h.scim('POST', '/Users?attributes=userName', entraUser('proj.post@contoso.com'))
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual(['id', 'schemas', 'userName'])
    expect(res.json.userName).toBe('proj.post@contoso.com')
    // the headers still describe the whole resource
    expect(res.headers.get('location')).toBe(`${h.baseUri}/Users/${res.json.id}`)
    expect(res.headers.get('etag')).toMatch(/^W\//)
  })

  it('POST /Users?excludedAttributes=emails,meta leaves those out and keeps id', async () => {
    const res = await h.scim('POST', '/Users?excludedAttributes=emails,meta', entraUser('proj.exclude@contoso.com'))
    expect(res.status).toBe(201)
    expect(res.json.id).toEqual(expect.any(String))
    expect(res.json.emails).toBeUndefined()
    expect(res.json.meta).toBeUndefined()
    expect(res.json.name.givenName).toBe('Given')
    expect(res.headers.get('location')).toBe(`${h.baseUri}/Users/${res.json.id}`)
  })

  it('excludedAttributes=id cannot remove id, which is returned "always" (RFC 7643 section 3.1)', async () => {
    const res = await h.scim('POST', '/Users?excludedAttributes=id', entraUser('proj.id@contoso.com'))
    expect(res.status).toBe(201)
    expect(res.json.id).toEqual(expect.any(String))
  })

  it('PUT /Users/{id}?attributes=active,name.givenName projects the replaced user', async () => {
    const created = await h.scim('POST', '/Users', entraUser('proj.put@contoso.com'))
    const res = await h.scim('PUT', `/Users/${created.json.id}?attributes=active,name.givenName`, entraUser('proj.put@contoso.com', { active: false }))
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ id: created.json.id, schemas: expect.any(Array), active: false, name: { givenName: 'Given' } })
  })

  it('PATCH /Users/{id}?attributes=displayName answers 200 with only that attribute (and id)', async () => {
    const created = await h.scim('POST', '/Users', entraUser('proj.patch@contoso.com'))
    const res = await h.scim('PATCH', `/Users/${created.json.id}?attributes=displayName`, patchOp({ op: 'replace', path: 'displayName', value: 'Projected' }))
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual(['displayName', 'id', 'schemas'])
    expect(res.json.displayName).toBe('Projected')
  })

  it('PATCH without attributes still answers 204, as Entra expects', async () => {
    const created = await h.scim('POST', '/Users', entraUser('proj.204@contoso.com'))
    const res = await h.scim('PATCH', `/Users/${created.json.id}`, patchOp({ op: 'replace', path: 'active', value: false }))
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
  })

  it('POST, PUT and PATCH on /Groups honour excludedAttributes=members', async () => {
    const user = await h.scim('POST', '/Users', entraUser('proj.member@contoso.com'))
    const member = [{ value: user.json.id }]
    const created = await h.scim('POST', '/Groups?excludedAttributes=members', { schemas: [GROUP_SCHEMA], displayName: 'Projected group', members: member })
    expect(created.status).toBe(201)
    expect(created.json.displayName).toBe('Projected group')
    expect(created.json.members).toBeUndefined()
    const id = created.json.id

    const replaced = await h.scim('PUT', `/Groups/${id}?excludedAttributes=members`, {
      schemas: [GROUP_SCHEMA],
      displayName: 'Projected group',
      members: member,
    })
    expect(replaced.status).toBe(200)
    expect(replaced.json.members).toBeUndefined()

    const patched = await h.scim('PATCH', `/Groups/${id}?excludedAttributes=members`, patchOp({ op: 'replace', path: 'displayName', value: 'Renamed group' }))
    expect(patched.status).toBe(200)
    expect(patched.json.displayName).toBe('Renamed group')
    expect(patched.json.members).toBeUndefined()

    // the members are still there: only the response was shaped
    const full = await h.scim('GET', `/Groups/${id}`)
    expect(full.json.members).toEqual([expect.objectContaining({ value: user.json.id })])
  })

  it('POST /Groups?attributes=displayName answers with id, schemas and displayName only', async () => {
    const res = await h.scim('POST', '/Groups?attributes=displayName', { schemas: [GROUP_SCHEMA], displayName: 'Only the name' })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual(['displayName', 'id', 'schemas'])
  })
})

describe('root-level search (RFC 7644 section 3.4.3)', () => {
  let h: TestHarness
  beforeAll(async () => {
    h = await startTestHarness()
  })
  afterAll(async () => h.close())

  it('POST /.search answers 501 Not Implemented with a SCIM error that says what to use instead', async () => {
    const res = await h.scim('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "x"' })
    expect(res.status).toBe(501)
    expect(res.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error'])
    expect(res.json.status).toBe('501')
    expect(res.json.detail).toMatch(/\/Users\/\.search/)
  })

  it('GET on the root with a filter (a query against the server root, section 3.4.2) answers 501 too', async () => {
    const res = await h.scim('GET', `/?filter=${encodeURIComponent('userName eq "x"')}`)
    expect(res.status).toBe(501)
    expect(res.json.detail).toMatch(/\/Users/)
  })

  it('a root search still needs the token', async () => {
    const res = await fetch(`${h.baseUri}/.search`, { method: 'POST', headers: { 'content-type': 'application/scim+json' }, body: '{}' })
    expect(res.status).toBe(401)
  })
})
