import { describe, expect, it } from 'vitest'
import type { AttributeMapping, SourceGroup, SourceUser } from '../../src/main/core/azure/model'
import {
  attributeMappingListSchema,
  attributeMappingSchema,
  defaultGroupMappings,
  defaultUserMappings,
  evaluateMappings,
  matchingAttributes,
} from '../../src/main/core/azure/mappings'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** A user as the directory builder would make one; override what the test is about. */
function user(overrides: Partial<SourceUser> = {}): SourceUser {
  return {
    objectId: 'u-1',
    userPrincipalName: 'ann.lee@contoso.com',
    mailNickname: 'ann.lee',
    displayName: 'Ann Lee',
    givenName: 'Ann',
    surname: 'Lee',
    mail: 'ann.lee@contoso.com',
    department: 'Sales',
    accountEnabled: true,
    ...overrides,
  }
}

function mapping(overrides: Partial<AttributeMapping> & Pick<AttributeMapping, 'target' | 'source'>): AttributeMapping {
  return { id: `m-${overrides.target}`, type: 'direct', applyOn: 'always', ...overrides }
}

const create = { isSoftDeleted: false, operation: 'create' } as const
const update = { isSoftDeleted: false, operation: 'update' } as const

describe('evaluateMappings with the default user mappings', () => {
  it('produces the values of a create, keyed by the target paths as written', () => {
    const { values } = evaluateMappings(defaultUserMappings(), user({ managerId: 'u-boss', telephoneNumber: '+1 555 0100' }), create)
    expect(Object.fromEntries(values)).toEqual({
      userName: 'ann.lee@contoso.com',
      active: 'True',
      displayName: 'Ann Lee',
      'emails[type eq "work"].value': 'ann.lee@contoso.com',
      'name.givenName': 'Ann',
      'name.familyName': 'Lee',
      'name.formatted': 'Ann Lee',
      'phoneNumbers[type eq "work"].value': '+1 555 0100',
      externalId: 'ann.lee',
      [`${ENTERPRISE}:department`]: 'Sales',
    })
  })

  it('sends active "False" once the user is out of scope, blocked from sign-in or soft-deleted', () => {
    const active = (source: SourceUser, isSoftDeleted: boolean) =>
      evaluateMappings(defaultUserMappings(), source, { isSoftDeleted, operation: 'update' }).values.get('active')
    expect(active(user(), false)).toBe('True')
    expect(active(user(), true)).toBe('False')
    expect(active(user({ accountEnabled: false }), false)).toBe('False')
    expect(active(user({ softDeletedAt: '2024-05-01T10:00:00Z' }), false)).toBe('False')
  })

  it('leaves null and empty attributes out and says why', () => {
    const { values, skipped } = evaluateMappings(defaultUserMappings(), user({ displayName: '', jobTitle: undefined }), create)
    expect(values.has('displayName')).toBe(false)
    expect(values.has('title')).toBe(false)
    expect(skipped).toContainEqual({ target: 'title', reason: expect.stringMatching(/null and empty values are not provisioned/) })
    expect(skipped.map((s) => s.target)).toContain('displayName')
  })

  it('puts the manager in references as its source objectId, never in values', () => {
    const { values, references } = evaluateMappings(defaultUserMappings(), user({ managerId: 'u-boss' }), create)
    expect(references.get(`${ENTERPRISE}:manager`)).toEqual(['u-boss'])
    expect(values.has(`${ENTERPRISE}:manager`)).toBe(false)
  })

  it('gives an empty reference list for a user without a manager, so the reference pass can tell', () => {
    expect(evaluateMappings(defaultUserMappings(), user(), update).references.get(`${ENTERPRISE}:manager`)).toEqual([])
  })
})

describe('evaluateMappings with the default group mappings', () => {
  const group: SourceGroup = { objectId: 'g-1', displayName: 'Sales EMEA', memberIds: ['u-1', 'u-2', 'g-nested'] }

  it('sends displayName and externalId <- objectId, and the direct members as references', () => {
    const { values, references } = evaluateMappings(defaultGroupMappings(), group, create)
    expect(Object.fromEntries(values)).toEqual({ displayName: 'Sales EMEA', externalId: 'g-1' })
    expect(Object.fromEntries(references)).toEqual({ members: ['u-1', 'u-2', 'g-nested'] })
  })

  it('reports a user attribute read from a group as unknown', () => {
    const { skipped } = evaluateMappings([mapping({ target: 'title', source: 'jobTitle' })], group, create)
    expect(skipped).toEqual([{ target: 'title', reason: "'jobTitle' is not an attribute of a source group." }])
  })
})

describe('evaluateMappings rules of section 5.3', () => {
  it('skips "only during creation" mappings on update and applies them on create', () => {
    const mappings = [mapping({ target: 'externalId', source: 'objectId', applyOn: 'createOnly' })]
    expect(evaluateMappings(mappings, user(), create).values.get('externalId')).toBe('u-1')
    const onUpdate = evaluateMappings(mappings, user(), update)
    expect(onUpdate.values.has('externalId')).toBe(false)
    expect(onUpdate.skipped).toEqual([{ target: 'externalId', reason: 'Applied only during object creation.' }])
  })

  it('applies a default value on create only, and only when the source is empty', () => {
    const mappings = [mapping({ target: 'title', source: 'jobTitle', defaultValue: 'Employee' })]
    expect(evaluateMappings(mappings, user(), create).values.get('title')).toBe('Employee')
    expect(evaluateMappings(mappings, user({ jobTitle: 'Engineer' }), create).values.get('title')).toBe('Engineer')
    expect(evaluateMappings(mappings, user(), update).values.has('title')).toBe(false)
  })

  it('applies a default value to an expression that gives nothing', () => {
    const mappings = [mapping({ target: 'nickName', type: 'expression', source: 'Append([employeeId], "-x")', defaultValue: 'none' })]
    expect(evaluateMappings(mappings, user(), create).values.get('nickName')).toBe('none')
  })

  it('sends a constant as its text, and a None mapping only through its default value on create', () => {
    const mappings = [
      mapping({ target: 'userType', type: 'constant', source: 'Employee' }),
      mapping({ target: 'locale', type: 'none', source: '', defaultValue: 'en-US' }),
    ]
    expect(Object.fromEntries(evaluateMappings(mappings, user(), create).values)).toEqual({ userType: 'Employee', locale: 'en-US' })
    expect(Object.fromEntries(evaluateMappings(mappings, user(), update).values)).toEqual({ userType: 'Employee' })
  })

  it('reads computed and multi-valued attributes: objectId, IsSoftDeleted, proxyAddresses, accountEnabled', () => {
    const mappings = [
      mapping({ target: 'externalId', source: 'objectId' }),
      mapping({ target: 'urn:ietf:params:scim:schemas:extension:Harness:2.0:User:gone', source: 'IsSoftDeleted' }),
      mapping({ target: 'emails[type eq "other"].value', source: 'proxyAddresses' }),
      mapping({ target: 'urn:ietf:params:scim:schemas:extension:Harness:2.0:User:enabled', source: 'accountEnabled' }),
    ]
    expect([...evaluateMappings(mappings, user({ proxyAddresses: ['smtp:a@x', ''] }), { isSoftDeleted: true, operation: 'update' }).values.values()]).toEqual([
      'u-1',
      true,
      ['smtp:a@x'],
      true,
    ])
  })

  it('reports an expression that does not parse instead of throwing', () => {
    const { values, skipped } = evaluateMappings([mapping({ target: 'title', type: 'expression', source: 'ToLower([jobTitle]' })], user(), create)
    expect(values.size).toBe(0)
    expect(skipped[0].reason).toMatch(/^The expression does not parse: The '\(' of ToLower/)
  })

  it('never writes id, and lets only the first of two mappings to one target apply', () => {
    const { values, skipped } = evaluateMappings(
      [mapping({ target: 'id', source: 'objectId' }), mapping({ target: 'title', source: 'department' }), mapping({ target: 'Title', source: 'jobTitle' })],
      user({ jobTitle: 'Engineer' }),
      create,
    )
    expect(Object.fromEntries(values)).toEqual({ title: 'Sales' })
    expect(skipped.map((s) => s.target)).toEqual(['id', 'Title'])
  })
})

describe('matchingAttributes', () => {
  it('returns only the matching mappings, by precedence', () => {
    const mappings = [
      mapping({ target: 'displayName', source: 'displayName' }),
      mapping({ target: 'externalId', source: 'mailNickname', matchingPrecedence: 2 }),
      mapping({ target: 'userName', source: 'userPrincipalName', matchingPrecedence: 1 }),
    ]
    expect(matchingAttributes(mappings).map((m) => m.target)).toEqual(['userName', 'externalId'])
  })
})

describe('attributeMappingSchema', () => {
  const valid = mapping({ target: 'title', source: 'jobTitle' })

  it('accepts a valid row', () => {
    expect(attributeMappingSchema.parse(valid)).toEqual(valid)
  })

  it.each([
    [{ target: '  ' }, 'target', /Choose the target attribute/],
    [{ target: 'id' }, 'target', /cannot be a mapping target/],
    [{ target: 'ID' }, 'target', /cannot be a mapping target/],
    [{ source: '' }, 'source', /Choose the source attribute/],
    [{ source: '[jobTitle]' }, 'source', /without the brackets/],
    [{ type: 'constant', source: '' }, 'source', /needs the text to send/],
    [{ type: 'expression', source: 'Switch([x], "d", "k")' }, 'source', /Switch at character 1 takes at least 4 arguments/],
    [{ type: 'expression', source: 'Join(" ", [a]' }, 'source', /never closed/],
    [{ matchingPrecedence: 0 }, 'matchingPrecedence', /starts at 1/],
    [{ isReference: true, type: 'expression', source: 'Coalesce([manager])' }, 'type', /direct mapping/],
    [{ isReference: true, matchingPrecedence: 1 }, 'matchingPrecedence', /cannot be a matching attribute/],
  ] as [Partial<AttributeMapping>, string, RegExp][])('refuses %j on %s', (change, field, message) => {
    const result = attributeMappingSchema.safeParse({ ...valid, ...change })
    expect(result.success).toBe(false)
    const issue = result.error!.issues.find((i) => i.path[0] === field)
    expect(issue?.message).toMatch(message)
  })

  it('tells the console where an expression went wrong', () => {
    const result = attributeMappingSchema.safeParse({ ...valid, type: 'expression', source: 'Append([a], Frob([b]))' })
    expect(result.error?.issues[0]).toMatchObject({ path: ['source'], params: { position: 12, code: 'unknownFunction' } })
  })
})

describe('attributeMappingListSchema', () => {
  it('refuses two mappings to one target, whatever the case', () => {
    const result = attributeMappingListSchema.safeParse([
      mapping({ id: 'a', target: 'title', source: 'jobTitle' }),
      mapping({ id: 'b', target: 'Title', source: 'department' }),
    ])
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [1, 'target'], message: expect.stringMatching(/already targets Title/) })])
  })

  it('refuses duplicate ids and duplicate matching precedences', () => {
    const result = attributeMappingListSchema.safeParse([
      mapping({ id: 'a', target: 'userName', source: 'userPrincipalName', matchingPrecedence: 1 }),
      mapping({ id: 'a', target: 'externalId', source: 'mailNickname', matchingPrecedence: 1 }),
    ])
    expect(result.error?.issues.map((i) => i.path)).toEqual([
      [1, 'id'],
      [1, 'matchingPrecedence'],
    ])
  })
})
