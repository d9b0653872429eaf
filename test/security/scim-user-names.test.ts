import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Store, openReadOnly } from '../../src/main/core/store'
import { user } from '../unit/store-helpers'
import { entraUser, patchOp, startTestHarness, tempDir, type TestHarness } from '../helpers/harness'

/*
 * Issue 14, item 8: a userName must be something a person can read, and one name written in
 * two Unicode normalisation forms is one name. `café` precomposed (U+00E9, NFC) and decomposed
 * (e + U+0301, NFD) look identical everywhere; as two users, one could stand in for the other.
 */

const NFC = 'caf\u00e9@contoso.com'
const NFD = 'cafe\u0301@contoso.com'
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'

describe('blank userNames are refused (400 invalidValue)', () => {
  let h: TestHarness
  let id: string
  beforeAll(async () => {
    h = await startTestHarness()
    id = (await h.scim('POST', '/Users', entraUser('named@contoso.com'))).json.id
  })
  afterAll(async () => h.close())

  for (const [label, blank] of [
    ['spaces', '   '],
    ['a zero-width space', '\u200b'],
    ['zero-width joiners and a byte-order mark', '\u200c\u200d\ufeff'],
    ['a tab and a no-break space', '\t\u00a0'],
    ['a Hangul filler', '\u3164'],
  ]) {
    it(`refuses POST /Users with a userName of ${label}`, async () => {
      const res = await h.scim('POST', '/Users', entraUser(blank))
      expect(res.status).toBe(400)
      expect(res.json.scimType).toBe('invalidValue')
      expect(res.json.detail).toMatch(/userName/)
    })
  }

  it('refuses PUT with a blank userName and leaves the user as it was', async () => {
    const res = await h.scim('PUT', `/Users/${id}`, entraUser('  \u200b '))
    expect(res.status).toBe(400)
    expect(res.json.scimType).toBe('invalidValue')
    expect((await h.scim('GET', `/Users/${id}`)).json.userName).toBe('named@contoso.com')
  })

  it('refuses PATCH replace of userName with a space, in every form Entra sends it', async () => {
    const forms = [
      patchOp({ op: 'replace', path: 'userName', value: ' ' }),
      patchOp({ op: 'Replace', value: { userName: '\u200b' } }),
      patchOp({ op: 'replace', path: `${USER_SCHEMA}:userName`, value: '\ufeff' }),
      patchOp({ op: 'Add', path: 'userName', value: '\u2003' }),
      patchOp({ op: 'replace', value: { [`${USER_SCHEMA}:userName`]: '   ' } }),
    ]
    for (const body of forms) {
      const res = await h.scim('PATCH', `/Users/${id}`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.scimType).toBe('invalidValue')
    }
    expect((await h.scim('GET', `/Users/${id}`)).json.userName).toBe('named@contoso.com')
  })

  it('keeps a userName with leading and trailing spaces exactly as sent', async () => {
    const res = await h.scim('POST', '/Users', entraUser(' spaced@contoso.com '))
    expect(res.status).toBe(201)
    expect(res.json.userName).toBe(' spaced@contoso.com ')
  })

  it('refuses a Group whose displayName is blank', async () => {
    const res = await h.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: ' \u200b ' })
    expect(res.status).toBe(400)
    expect(res.json.scimType).toBe('invalidValue')
  })
})

describe('userName is unique in its NFC form (one name, two encodings)', () => {
  let h: TestHarness
  let id: string
  beforeAll(async () => {
    h = await startTestHarness()
    id = (await h.scim('POST', '/Users', entraUser(NFC))).json.id
  })
  afterAll(async () => h.close())

  it('refuses the NFD form of an existing NFC name with 409 uniqueness', async () => {
    const res = await h.scim('POST', '/Users', entraUser(NFD))
    expect(res.status).toBe(409)
    expect(res.json.scimType).toBe('uniqueness')
  })

  it('refuses it in upper case too (userName is caseExact false)', async () => {
    const res = await h.scim('POST', '/Users', entraUser('CAFE\u0301@CONTOSO.COM'))
    expect(res.status).toBe(409)
  })

  it('refuses renaming another user to the NFD form, by PUT and by PATCH', async () => {
    const other = (await h.scim('POST', '/Users', entraUser('other@contoso.com'))).json.id
    expect((await h.scim('PUT', `/Users/${other}`, entraUser(NFD))).status).toBe(409)
    expect((await h.scim('PATCH', `/Users/${other}`, patchOp({ op: 'replace', path: 'userName', value: NFD }))).status).toBe(409)
  })

  it('finds the NFC-stored user with a filter written in NFD (what Entra asks before each create)', async () => {
    const res = await h.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${NFD}"`)}`)
    expect(res.json.totalResults).toBe(1)
    expect(res.json.Resources[0].id).toBe(id)
    // stored as sent: the NFC form the client wrote
    expect(res.json.Resources[0].userName).toBe(NFC)
  })

  it('finds it through POST /Users/.search as well', async () => {
    const res = await h.scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: `userName eq "${NFD}"` })
    expect(res.json.totalResults).toBe(1)
  })

  it('lets the user itself be renamed between the two forms', async () => {
    const res = await h.scim('PATCH', `/Users/${id}?attributes=userName`, patchOp({ op: 'replace', path: 'userName', value: NFD }))
    expect(res.status).toBe(200)
    expect(res.json.userName).toBe(NFD)
  })
})

describe('a workspace written before userName keys were NFC', () => {
  it('opens with both users kept and a note naming them', async () => {
    const dir = tempDir()
    const store = await Store.open(dir)
    // as an older version could write them: it indexed userNames by lower case only, so both
    // forms went in; the store itself does not enforce uniqueness (the SCIM service does)
    await store.commit([{ kind: 'putUser', user: user(1, { userName: NFC }) }])
    await store.commit([{ kind: 'putUser', user: user(2, { userName: NFD }) }])
    await store.close()

    const reopened = await openReadOnly(dir)
    expect(reopened.userCount).toBe(2)
    expect(reopened.getUser('user-1')?.resource.userName).toBe(NFC)
    expect(reopened.getUser('user-2')?.resource.userName).toBe(NFD)
    expect(reopened.recoveryNotes.join('\n')).toMatch(/user-1.*user-2.*both were kept/)
    rmSync(dir, { recursive: true, force: true })
  })
})
