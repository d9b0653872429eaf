#!/usr/bin/env node
// The SCIMMY comparison for `npm run bench` (issue 6): SCIMMY (the SCIM library) behind
// scimmy-routers (its Express routers), with the same routes under /scim/v2, a bearer token and an
// in-memory store, seeded through HTTP with the same data as ours and the ceiling.
//
// Everything SCIM is SCIMMY's: the routers parse the query, SCIMMY.Types.Filter parses filters and
// `filter.match` evaluates them, SCIMMY.Schemas.User/Group validate and shape every resource in
// and out, SCIMMY.Messages.PatchOp applies PATCHes (read through egress, patched, written back
// through ingress), ListResponse pages. Only the storage is ours, as in any SCIMMY deployment: the
// ingress / egress / degress handlers below keep Maps and, where a database would use an index,
// use one, so the comparison measures SCIMMY and not a table scan that a real deployment would
// not do:
//   - a filter that is a single `eq` on an indexed attribute (userName, externalId, id; a group's
//     displayName, externalId, id) looks up its candidates in a Map, then SCIMMY's `filter.match`
//     decides; any other filter runs `filter.match` over every resource;
//   - an unfiltered list hands SCIMMY only the page (see pageFor);
//   - a user's read-only `groups` come from a member -> groups Map, as in the ceiling.
//
//   node scripts/bench/scimmy-server.mjs [--port 0] [--token TOKEN]     (or SCIMMY_TOKEN=...)
// prints, once listening:  SCIMMY base URI: http://127.0.0.1:PORT/scim/v2
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import express from 'express'
import SCIMMY from 'scimmy'
import SCIMMYRouters from 'scimmy-routers'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, token: { type: 'string' } },
})
const TOKEN = values.token ?? process.env.SCIMMY_TOKEN ?? 'scimmy-token'
const AUTH = `Bearer ${TOKEN}`
const BASE = '/scim/v2'
/** Our server's page size when the client gives no count (SCIMMY's own default is 20). */
const DEFAULT_COUNT = 100

/**
 * One resource type's storage: records by id, insertion order for pages, and what a database
 * would hold as indexes: the unique attribute lower-cased (userName, a group's displayName) and
 * externalId.
 */
function collection(uniqueAttr) {
  return { byId: new Map(), order: [], orderDirty: false, byKey: new Map(), byExternalId: new Map(), uniqueAttr }
}
const users = collection('userName')
const groups = collection('displayName')
const groupsOfMember = new Map() // member id -> Set of group ids

let versionSeq = Date.now() * 1000
const nextVersion = () => `W/"${(++versionSeq).toString(36)}"`

const notFound = (id) => new SCIMMY.Types.Error(404, null, `Resource ${id} not found`)

/** The plain data of a SCIMMY schema instance (what a database row would hold). */
const plain = (instance) => JSON.parse(JSON.stringify(instance))

function orderOf(coll) {
  if (coll.orderDirty) {
    coll.order = coll.order.filter((id) => coll.byId.has(id))
    coll.orderDirty = false
  }
  return coll.order
}

/**
 * The candidates an indexed database would return for a filter: a single `eq` on id, the unique
 * attribute or externalId is a key lookup (SCIMMY parses `userName eq "x"` to
 * [{ userName: ['eq', 'x'] }]); anything else is every record. SCIMMY's filter.match decides.
 */
function candidates(coll, filter) {
  const terms = filter.length === 1 ? Object.entries(filter[0]) : []
  if (terms.length === 1) {
    const [attr, expr] = terms[0]
    const value = Array.isArray(expr) && expr.length === 2 && String(expr[0]).toLowerCase() === 'eq' ? expr[1] : undefined
    const lookup = {
      id: (v) => v,
      [coll.uniqueAttr.toLowerCase()]: (v) => coll.byKey.get(v.toLowerCase()),
      externalid: (v) => coll.byExternalId.get(v),
    }[attr.toLowerCase()]
    if (typeof value === 'string' && lookup) {
      const record = coll.byId.get(lookup(value))
      return record ? [record] : []
    }
  }
  return orderOf(coll).map((id) => coll.byId.get(id))
}

/**
 * An unfiltered list: only the requested page goes to SCIMMY. The total reaches ListResponse as
 * its `totalResults` parameter (SCIMMY 1.3), through the constraints Resource.read passes it.
 * (ListResponse's other documented way, an array whose length is set to the total, costs ~6 ms
 * per request at 100k users: map and filter walk the holes.) ListResponse also slices
 * `Resources` from startIndex whenever it gets at least startIndex items, taking them for the
 * whole set; so a page starting within the first `count` resources is handed everything up to
 * the page's end, which that slice trims back to the page.
 */
function pageFor(coll, resource, render) {
  const order = orderOf(coll)
  const startIndex = resource.constraints?.startIndex ?? 1
  const count = resource.constraints?.count ?? DEFAULT_COUNT
  resource.constraints = { ...resource.constraints, count, totalResults: order.length }
  const end = Math.min(order.length, startIndex - 1 + count)
  const from = end - (startIndex - 1) >= startIndex ? 0 : startIndex - 1
  return order.slice(from, end).map((id) => render(coll.byId.get(id)))
}

function userOut(record) {
  const gids = groupsOfMember.get(record.id)
  if (!gids || gids.size === 0) return record
  return { ...record, groups: [...gids].map((gid) => ({ value: gid, display: groups.byId.get(gid)?.displayName, type: 'direct' })) }
}

function setMembership(groupId, before, after) {
  const old = new Set((before ?? []).map((m) => m.value))
  const now = new Set((after ?? []).map((m) => m.value))
  for (const id of old) if (!now.has(id)) groupsOfMember.get(id)?.delete(groupId)
  for (const id of now) {
    if (old.has(id)) continue
    let set = groupsOfMember.get(id)
    if (!set) groupsOfMember.set(id, (set = new Set()))
    set.add(groupId)
  }
}

/** Create or replace (PUT, and the write-back of a PATCH) with unique-key checks; returns the stored record. */
function store(coll, resource, instance, resourceType) {
  const data = plain(instance)
  delete data.groups // read-only on users, derived
  const key = String(data[coll.uniqueAttr] ?? '').toLowerCase()
  const now = new Date().toISOString()
  let previous
  if (resource.id) {
    previous = coll.byId.get(resource.id)
    if (!previous) throw notFound(resource.id)
  }
  const holder = coll.byKey.get(key)
  if (holder !== undefined && holder !== resource.id) {
    throw new SCIMMY.Types.Error(409, 'uniqueness', `${coll.uniqueAttr} '${data[coll.uniqueAttr]}' is already taken`)
  }
  const id = resource.id ?? randomUUID()
  const record = {
    ...data,
    id,
    meta: { resourceType, created: previous?.meta.created ?? now, lastModified: now, version: nextVersion() },
  }
  if (previous) {
    coll.byKey.delete(String(previous[coll.uniqueAttr]).toLowerCase())
    if (previous.externalId !== undefined) coll.byExternalId.delete(previous.externalId)
  } else {
    coll.order.push(id)
  }
  coll.byId.set(id, record)
  coll.byKey.set(key, id)
  if (record.externalId !== undefined) coll.byExternalId.set(record.externalId, id)
  return { record, previous }
}

function remove(coll, id) {
  const record = coll.byId.get(id)
  if (!record) throw notFound(id)
  coll.byId.delete(id)
  coll.byKey.delete(String(record[coll.uniqueAttr]).toLowerCase())
  if (record.externalId !== undefined) coll.byExternalId.delete(record.externalId)
  coll.orderDirty = true
  return record
}

SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
  .ingress((resource, instance) => userOut(store(users, resource, instance, 'User').record))
  .egress((resource) => {
    if (resource.id) {
      const record = users.byId.get(resource.id)
      if (!record) throw notFound(resource.id)
      return userOut(record)
    }
    if (resource.filter) return resource.filter.match(candidates(users, resource.filter).map(userOut))
    return pageFor(users, resource, userOut)
  })
  .degress((resource) => {
    remove(users, resource.id)
    for (const gid of groupsOfMember.get(resource.id) ?? []) {
      const group = groups.byId.get(gid)
      if (group) group.members = (group.members ?? []).filter((m) => m.value !== resource.id)
    }
    groupsOfMember.delete(resource.id)
  })

SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress((resource, instance) => {
    const { record, previous } = store(groups, resource, instance, 'Group')
    // keep only members that exist here, as ours does (no dangling member is stored)
    if (Array.isArray(record.members)) record.members = record.members.filter((m) => users.byId.has(m.value) || groups.byId.has(m.value))
    setMembership(record.id, previous?.members, record.members)
    return record
  })
  .egress((resource) => {
    if (resource.id) {
      const record = groups.byId.get(resource.id)
      if (!record) throw notFound(resource.id)
      return record
    }
    if (resource.filter) return resource.filter.match(candidates(groups, resource.filter))
    return pageFor(groups, resource, (r) => r)
  })
  .degress((resource) => {
    const record = remove(groups, resource.id)
    setMembership(record.id, record.members, [])
  })

const app = express()
app.disable('x-powered-by')
app.disable('etag')
// scimmy-routers turns startIndex and count into numbers by assigning to req.query, which works on
// Express 4; on Express 5 (this project's) req.query is a getter that parses the URL again on each
// read, so the assignment is lost, SCIMMY gets strings, ignores them, and every page starts at 1.
// A plain, writable req.query gives the routers the Express 4 behaviour they were written for.
app.use((req, res, next) => {
  Object.defineProperty(req, 'query', { value: { ...req.query }, writable: true, enumerable: true, configurable: true })
  next()
})
app.use(
  BASE,
  new SCIMMYRouters({
    type: 'bearer',
    handler: (req) => {
      if (req.headers.authorization !== AUTH) throw new Error('Bad token.')
      return 'bench'
    },
  }),
)

const server = app.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address()
  process.stdout.write(`SCIMMY base URI: http://${address}:${port}${BASE}\n`)
})
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}
