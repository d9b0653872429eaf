#!/usr/bin/env node
// The performance ceiling for `npm run bench`: a bare Express 5 + Map SCIM server with the same
// routes and response shapes as ours (ListResponse for filters and pages, the resource for
// GET by id, 201 + Location for POST, 204 for PATCH), but no persistence, no validation, no
// request log and a plain string compare for the bearer token. userName (lower-cased), group
// displayName and id are Map lookups, pages come from an insertion-ordered array and a user's
// read-only `groups` come from a member -> groups Map, so every measured route is O(1) or O(page)
// here too: the ceiling is what Express itself costs on this machine, not a strawman.
//
//   node scripts/bench/ceiling-server.mjs [--port 0] [--token TOKEN]     (or CEILING_TOKEN=...)
// prints, once listening:  Ceiling base URI: http://127.0.0.1:PORT/scim/v2
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import express from 'express'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' }, token: { type: 'string' } },
})
const TOKEN = values.token ?? process.env.CEILING_TOKEN ?? 'ceiling-token'
const AUTH = `Bearer ${TOKEN}`
const BASE = '/scim/v2'
const CONTENT_TYPE = 'application/scim+json; charset=utf-8'
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

const users = new Map() // id -> stored resource
const userOrder = [] // ids in insertion order (pages)
const userByName = new Map() // lower-cased userName -> id
const groups = new Map() // id -> stored resource
const groupOrder = []
const groupByName = new Map() // lower-cased displayName -> id
const groupsOfMember = new Map() // member id -> Set of group ids

let versionSeq = Date.now() * 1000
const nextVersion = () => `W/"${(++versionSeq).toString(36)}"`

const baseUrlOf = (req) => `${req.protocol}://${req.get('host')}${req.baseUrl}`

function send(res, status, body) {
  res.status(status).set('Content-Type', CONTENT_TYPE).send(JSON.stringify(body))
}
function error(res, status, detail) {
  send(res, status, { schemas: [ERROR_SCHEMA], status: String(status), detail })
}

function renderUser(r, baseUrl) {
  const out = { ...r, meta: { ...r.meta, location: `${baseUrl}/Users/${r.id}` } }
  const gids = groupsOfMember.get(r.id)
  if (gids && gids.size > 0) {
    out.groups = [...gids].map((gid) => ({ value: gid, $ref: `${baseUrl}/Groups/${gid}`, display: groups.get(gid)?.displayName, type: 'direct' }))
  }
  return out
}
function renderGroup(r, baseUrl) {
  return { ...r, meta: { ...r.meta, location: `${baseUrl}/Groups/${r.id}` } }
}
function exclude(resource, excluded) {
  if (!excluded) return resource
  for (const name of String(excluded).split(',')) delete resource[name.trim()]
  return resource
}

// `attr eq "value"` only: the Entra lookups. Anything else is treated as "no filter".
const EQ = /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i
function parseEq(filter) {
  const m = EQ.exec(String(filter))
  return m ? { attr: m[1].toLowerCase(), value: JSON.parse(`"${m[2]}"`) } : undefined
}

function setPath(target, path, value) {
  const parts = path.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {}
    node = node[part]
  }
  node[parts.at(-1)] = value
}

function addMembers(group, members) {
  group.members ??= []
  for (const m of members) {
    group.members.push(m)
    let set = groupsOfMember.get(m.value)
    if (!set) groupsOfMember.set(m.value, (set = new Set()))
    set.add(group.id)
  }
}

// PATCH without validation: both Entra dialects (path + value, or no path + object value with
// dotted keys), op names in any case; Add on members keeps the member index.
function applyPatch(resource, body, isGroup) {
  for (const op of body?.Operations ?? []) {
    const kind = String(op.op).toLowerCase()
    if (kind === 'remove') {
      if (op.path) delete resource[op.path]
      continue
    }
    if (op.path) {
      if (isGroup && op.path.toLowerCase() === 'members') addMembers(resource, op.value)
      else setPath(resource, op.path, op.value)
    } else if (op.value && typeof op.value === 'object') {
      for (const [key, value] of Object.entries(op.value)) {
        if (isGroup && key.toLowerCase() === 'members') addMembers(resource, value)
        else setPath(resource, key, value)
      }
    }
  }
  resource.meta = { ...resource.meta, lastModified: new Date().toISOString(), version: nextVersion() }
}

function page(order, map, req, render) {
  const startIndex = Math.max(1, Number.parseInt(req.query.startIndex ?? '1', 10) || 1)
  const count = Math.min(1000, Math.max(0, Number.parseInt(req.query.count ?? '100', 10) || 0))
  const slice = order.slice(startIndex - 1, startIndex - 1 + count).map((id) => render(map.get(id)))
  return { schemas: [LIST_SCHEMA], totalResults: order.length, startIndex, itemsPerPage: slice.length, Resources: slice }
}

const app = express()
app.disable('x-powered-by')
app.disable('etag')
app.use(BASE, (req, res, next) => {
  if (req.headers.authorization !== AUTH) return error(res, 401, 'Bad token.')
  res.set('Cache-Control', 'no-store')
  next()
})
app.use(BASE, express.json({ type: ['application/json', 'application/scim+json', 'application/*+json'], limit: '1mb' }))

const router = express.Router({ caseSensitive: false })

router.get('/Users', (req, res) => {
  const baseUrl = baseUrlOf(req)
  const render = (r) => exclude(renderUser(r, baseUrl), req.query.excludedAttributes)
  if (req.query.filter !== undefined) {
    const eq = parseEq(req.query.filter)
    let id
    if (eq?.attr === 'username') id = userByName.get(eq.value.toLowerCase())
    else if (eq?.attr === 'id') id = users.has(eq.value) ? eq.value : undefined
    const found = id ? [render(users.get(id))] : []
    return send(res, 200, { schemas: [LIST_SCHEMA], totalResults: found.length, startIndex: 1, itemsPerPage: found.length, Resources: found })
  }
  send(res, 200, page(userOrder, users, req, render))
})

router.get('/Groups', (req, res) => {
  const baseUrl = baseUrlOf(req)
  const render = (r) => exclude(renderGroup(r, baseUrl), req.query.excludedAttributes)
  if (req.query.filter !== undefined) {
    const eq = parseEq(req.query.filter)
    let id
    if (eq?.attr === 'displayname') id = groupByName.get(eq.value.toLowerCase())
    else if (eq?.attr === 'id') id = groups.has(eq.value) ? eq.value : undefined
    const found = id ? [render(groups.get(id))] : []
    return send(res, 200, { schemas: [LIST_SCHEMA], totalResults: found.length, startIndex: 1, itemsPerPage: found.length, Resources: found })
  }
  send(res, 200, page(groupOrder, groups, req, render))
})

router.get('/Users/:id', (req, res) => {
  const r = users.get(req.params.id)
  if (!r) return error(res, 404, 'Not found.')
  res.set('ETag', r.meta.version)
  send(res, 200, exclude(renderUser(r, baseUrlOf(req)), req.query.excludedAttributes))
})

router.get('/Groups/:id', (req, res) => {
  const r = groups.get(req.params.id)
  if (!r) return error(res, 404, 'Not found.')
  res.set('ETag', r.meta.version)
  send(res, 200, exclude(renderGroup(r, baseUrlOf(req)), req.query.excludedAttributes))
})

router.post('/Users', (req, res) => {
  const body = req.body ?? {}
  const key = String(body.userName).toLowerCase()
  if (userByName.has(key)) return error(res, 409, 'userName taken.')
  const now = new Date().toISOString()
  const id = randomUUID()
  const r = { ...body, id, active: body.active ?? true, meta: { resourceType: 'User', created: now, lastModified: now, version: nextVersion() } }
  users.set(id, r)
  userOrder.push(id)
  userByName.set(key, id)
  const out = renderUser(r, baseUrlOf(req))
  res.set('ETag', r.meta.version).set('Location', out.meta.location)
  send(res, 201, out)
})

router.post('/Groups', (req, res) => {
  const body = req.body ?? {}
  const key = String(body.displayName).toLowerCase()
  if (groupByName.has(key)) return error(res, 409, 'displayName taken.')
  const now = new Date().toISOString()
  const id = randomUUID()
  const { members, ...rest } = body
  const r = { ...rest, id, meta: { resourceType: 'Group', created: now, lastModified: now, version: nextVersion() } }
  if (Array.isArray(members) && members.length > 0) addMembers(r, members)
  groups.set(id, r)
  groupOrder.push(id)
  groupByName.set(key, id)
  const out = renderGroup(r, baseUrlOf(req))
  res.set('ETag', r.meta.version).set('Location', out.meta.location)
  send(res, 201, out)
})

router.patch('/Users/:id', (req, res) => {
  const r = users.get(req.params.id)
  if (!r) return error(res, 404, 'Not found.')
  const before = String(r.userName).toLowerCase()
  applyPatch(r, req.body, false)
  const after = String(r.userName).toLowerCase()
  if (after !== before) {
    userByName.delete(before)
    userByName.set(after, r.id)
  }
  res.set('ETag', r.meta.version).status(204).end()
})

router.patch('/Groups/:id', (req, res) => {
  const r = groups.get(req.params.id)
  if (!r) return error(res, 404, 'Not found.')
  const before = String(r.displayName).toLowerCase()
  applyPatch(r, req.body, true)
  const after = String(r.displayName).toLowerCase()
  if (after !== before) {
    groupByName.delete(before)
    groupByName.set(after, r.id)
  }
  res.set('ETag', r.meta.version).status(204).end()
})

app.use(BASE, router)
app.use((req, res) => error(res, 404, 'Nothing here.'))
// four parameters: Express tells an error handler by its arity
app.use((err, req, res, _next) => error(res, err.status ?? 500, String(err.message ?? err)))

const server = app.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address()
  process.stdout.write(`Ceiling base URI: http://${address}:${port}${BASE}\n`)
})
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}
