import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { compileFilter, parseFilter, planFilter } from '../../src/main/core/scim/filter'
import { ScimError } from '../../src/main/core/scim/errors'
import { USER_RESOURCE_TYPE } from '../../src/main/core/scim/schema/definitions'
import type { JsonObject } from '../../src/main/core/store/records'

/** A small grammar over a few attributes of each kind: strings, boolean, dateTime, multi-valued. */
const word = fc.constantFrom('a', 'A', 'ab', 'b', 'Zed', '', 'x y', 'true', 'é')
const quoted = word.map((w) => JSON.stringify(w))
const date = fc.constantFrom('"2020-01-01T00:00:00Z"', '"2021-06-15T12:00:00+02:00"', '"2020-01-01T00:00:00.5Z"')
const stringOp = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le')
const orderOp = fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le')

const comparison = fc.oneof(
  fc
    .tuple(fc.constantFrom('userName', 'title', 'externalId', 'name.givenName', 'emails.value', 'emails.type'), stringOp, quoted)
    .map(([p, op, v]) => `${p} ${op} ${v}`),
  fc.tuple(fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew'), quoted).map(([op, v]) => `emails ${op} ${v}`),
  fc
    .tuple(fc.constantFrom('active eq', 'active ne', 'emails[primary eq'), fc.constantFrom('true', 'false', '"True"', '"false"'))
    .map(([p, v]) => (p.endsWith('[primary eq') ? `${p} ${v}]` : `${p} ${v}`)),
  fc.tuple(fc.constantFrom('meta.created', 'meta.lastModified'), orderOp, date).map(([p, op, v]) => `${p} ${op} ${v}`),
  fc.constantFrom('title pr', 'emails pr', 'name pr', 'userName pr'),
  fc.tuple(fc.constantFrom('work', 'home'), stringOp, quoted).map(([t, op, v]) => `emails[type eq "${t}"].value ${op} ${v}`),
)

const filterText: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('f'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('f')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('f').map((f) => `(${f})`),
    tie('f').map((f) => `not (${f})`),
  ),
})).f

const stringValue = fc.option(word, { nil: undefined })
const resource: fc.Arbitrary<JsonObject> = fc
  .record({
    userName: stringValue,
    title: fc.option(word, { nil: null }),
    externalId: stringValue,
    givenName: stringValue,
    active: fc.option(fc.constantFrom<boolean | string>(true, false, 'False'), { nil: undefined }),
    emails: fc.option(fc.array(fc.record({ value: word, type: fc.constantFrom('work', 'home'), primary: fc.boolean() }), { maxLength: 3 }), { nil: undefined }),
    created: fc.option(fc.constantFrom('2020-01-01T00:00:00Z', '2019-12-31T23:00:00-01:00', '2022-01-01T00:00:00Z', 'bad'), { nil: undefined }),
  })
  .map((r) => {
    const out: JsonObject = { id: 'x' }
    if (r.userName !== undefined) out.userName = r.userName
    out.title = r.title
    if (r.externalId !== undefined) out.externalId = r.externalId
    if (r.givenName !== undefined) out.name = { givenName: r.givenName }
    if (r.active !== undefined) out.active = r.active
    if (r.emails !== undefined) out.emails = r.emails
    if (r.created !== undefined) out.meta = { created: r.created, lastModified: r.created }
    return out
  })

describe('filter properties', () => {
  it('not (F) is the negation of F on any resource, and the plan never loses a match', () => {
    fc.assert(
      fc.property(filterText, fc.array(resource, { minLength: 1, maxLength: 5 }), (text, resources) => {
        const node = parseFilter(text)
        const f = compileFilter(node, USER_RESOURCE_TYPE)
        const notF = compileFilter(parseFilter(`not (${text})`), USER_RESOURCE_TYPE)
        for (const r of resources) expect(notF(r)).toBe(!f(r))
        // a lookup plan must name a value every match carries
        const plan = planFilter(node, USER_RESOURCE_TYPE)
        if (plan.kind === 'lookup') {
          for (const r of resources.filter(f)) {
            const hit = plan.lookups.some((l) => {
              const v = r[l.attribute]
              return typeof v === 'string' && (l.attribute === 'userName' ? v.toLowerCase() === l.value.toLowerCase() : v === l.value)
            })
            expect(hit).toBe(true)
          }
        }
      }),
      { numRuns: 400 },
    )
  })

  it('parse and compile throw nothing but ScimError, whatever the text', () => {
    const noise = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc
        .array(
          fc.constantFrom('(', ')', '[', ']', '"', '\\', ' ', 'not', 'and', 'or', 'eq', 'pr', 'gt', 'title', 'emails', '.value', 'true', '1', 'x', 'urn:'),
          { maxLength: 20 },
        )
        .map((a) => a.join(' ')),
      fc.array(fc.constantFrom('(', ')', '[', ']', '"', '\\', '.', ':', 'e', 'a', 'q', ' ', 'n', 'o', 't'), { maxLength: 30 }).map((a) => a.join('')),
      filterText.map((t) => t.slice(0, Math.max(0, t.length - 3))),
    )
    fc.assert(
      fc.property(noise, (text) => {
        try {
          compileFilter(parseFilter(text), USER_RESOURCE_TYPE)({ id: 'x', userName: 'a' })
        } catch (e) {
          expect(e).toBeInstanceOf(ScimError)
          expect((e as ScimError).scimType).toBe('invalidFilter')
        }
      }),
      { numRuns: 2000 },
    )
  })
})
