import { Router, type Request, type Response } from 'express'
import type { ListQuery, ScimService } from '../scim/service'
import { ScimError, notFound } from '../scim/errors'
import type { RuleTrace } from '../scim/leniency'
import { ALL_SCHEMAS, SEARCH_REQUEST_SCHEMA, type ResourceTypeName } from '../scim/schema/definitions'
import { RESOURCE_TYPES, listOf, resourceTypeResource, schemaResource, serviceProviderConfig } from './discovery'
import type { JsonObject } from '../store/records'
import { publicOrigin } from './forwarded'

/*
 * The SCIM 2.0 routes (RFC 7644 section 3). Handlers are thin: they pick arguments out of the
 * request and hand them to the service; every error travels as a ScimError to the one error
 * handler in app.ts.
 */

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

/** The base URL the client used, so meta.location is right behind an ngrok tunnel too (forwarded.ts says which headers are believed). */
export function baseUrlOf(req: Request): string {
  return `${publicOrigin(req)}${req.baseUrl}`
}

export function traceOf(res: Response): RuleTrace {
  return res.locals.trace as RuleTrace
}

/** Sends a SCIM JSON body; the serialised text is kept for the request log. */
export function sendScim(res: Response, status: number, body: JsonObject | object): void {
  const text = JSON.stringify(body)
  res.locals.responseText = text
  res.status(status).set('Content-Type', SCIM_CONTENT_TYPE).send(text)
}

/**
 * Sends a resource. `body` is what the client asked to see of it (RFC 7644 section 3.9 may have
 * left meta out); the ETag and Location headers always come from the whole `resource`.
 */
function sendResource(req: Request, res: Response, status: number, resource: JsonObject, body: JsonObject = resource): void {
  const meta = resource.meta as JsonObject | undefined
  const version = meta?.version
  if (typeof version === 'string') {
    res.set('ETag', version)
    if (
      status === 200 &&
      req.method === 'GET' &&
      req
        .get('if-none-match')
        ?.split(',')
        .map((s) => s.trim())
        .includes(version)
    ) {
      res.status(304).end()
      return
    }
  }
  if (status === 201 && typeof meta?.location === 'string') res.set('Location', meta.location)
  sendScim(res, status, body)
}

function queryString(v: unknown): string | undefined {
  if (v === undefined) return undefined
  if (Array.isArray(v)) return v.map(String).join(',')
  return String(v)
}

function readSearchBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ScimError(400, 'invalidSyntax', 'POST .search needs a JSON SearchRequest body.')
  }
  const b = body as Record<string, unknown>
  const schemas = b.schemas
  if (Array.isArray(schemas) && !schemas.includes(SEARCH_REQUEST_SCHEMA)) {
    throw new ScimError(400, 'invalidSyntax', `A search body must carry the schema ${SEARCH_REQUEST_SCHEMA}.`)
  }
  for (const key of ['filter', 'sortBy', 'sortOrder']) {
    if (b[key] !== undefined && typeof b[key] !== 'string') throw new ScimError(400, 'invalidValue', `'${key}' must be a string.`)
  }
  return b
}

/** The list parameters, from a query string (`text` joins repeats) or a SearchRequest body. */
function listQuery(source: Record<string, unknown>, text: (v: unknown) => string | undefined): ListQuery {
  return {
    filter: text(source.filter),
    startIndex: source.startIndex,
    count: source.count,
    sortBy: text(source.sortBy),
    sortOrder: text(source.sortOrder),
    attributes: source.attributes as string | string[] | undefined,
    excludedAttributes: source.excludedAttributes as string | string[] | undefined,
  }
}

/** Builds the router mounted at /scim/v2 (behind auth). */
export function scimRouter(service: ScimService): Router {
  const router = Router({ caseSensitive: false })

  router.get('/ServiceProviderConfig', (req, res) => sendScim(res, 200, serviceProviderConfig(baseUrlOf(req))))
  router.get('/ResourceTypes', (req, res) => sendScim(res, 200, listOf(RESOURCE_TYPES.map((rt) => resourceTypeResource(rt, baseUrlOf(req))))))
  router.get('/ResourceTypes/:name', (req, res) => {
    const rt = RESOURCE_TYPES.find((r) => r.name.toLowerCase() === String(req.params.name).toLowerCase())
    if (!rt) throw notFound(`No resource type '${req.params.name}'; this server has User and Group.`)
    sendScim(res, 200, resourceTypeResource(rt, baseUrlOf(req)))
  })
  router.get('/Schemas', (req, res) => sendScim(res, 200, listOf(ALL_SCHEMAS.map((s) => schemaResource(s, baseUrlOf(req))))))
  router.get('/Schemas/:id', (req, res) => {
    const schema = ALL_SCHEMAS.find((s) => s.id.toLowerCase() === String(req.params.id).toLowerCase())
    if (!schema) throw notFound(`No schema '${req.params.id}'.`)
    sendScim(res, 200, schemaResource(schema, baseUrlOf(req)))
  })

  for (const type of ['Users', 'Groups'] as const) {
    const isUsers = type === 'Users'
    const resourceType: ResourceTypeName = isUsers ? 'User' : 'Group'
    const projectionOf = (req: Request, res: Response) =>
      service.projector(resourceType, queryString(req.query.attributes), queryString(req.query.excludedAttributes), traceOf(res))
    // GET with query parameters and POST /.search with a SearchRequest body carry the same fields
    router.get(`/${type}`, (req, res) => {
      const q = req.query
      sendScim(res, 200, service.list(type, listQuery(q, queryString), baseUrlOf(req), traceOf(res)))
    })
    router.post(`/${type}/.search`, (req, res) => {
      const body = readSearchBody(req.body)
      sendScim(
        res,
        200,
        service.list(
          type,
          listQuery(body, (v) => v as string | undefined),
          baseUrlOf(req),
          traceOf(res),
        ),
      )
    })
    router.get(`/${type}/:id`, (req, res) => {
      const shape = projectionOf(req, res)
      const resource = isUsers ? service.getUser(req.params.id, baseUrlOf(req)) : service.getGroup(req.params.id, baseUrlOf(req))
      sendResource(req, res, 200, resource, shape(resource))
    })
    // RFC 7644 section 3.9: attributes= and excludedAttributes= shape "any operation that returns a
    // resource", writes included. The projection is compiled before the write, so a request the
    // projection would refuse changes nothing.
    router.post(`/${type}`, async (req, res) => {
      const shape = projectionOf(req, res)
      const created = isUsers
        ? await service.createUser(req.body, baseUrlOf(req), traceOf(res))
        : await service.createGroup(req.body, baseUrlOf(req), traceOf(res))
      sendResource(req, res, 201, created, shape(created))
    })
    router.put(`/${type}/:id`, async (req, res) => {
      const shape = projectionOf(req, res)
      const ifMatch = req.get('if-match')
      const updated = isUsers
        ? await service.replaceUser(req.params.id, req.body, ifMatch, baseUrlOf(req), traceOf(res))
        : await service.replaceGroup(req.params.id, req.body, ifMatch, baseUrlOf(req), traceOf(res))
      sendResource(req, res, 200, updated, shape(updated))
    })
    router.patch(`/${type}/:id`, async (req, res) => {
      const shape = projectionOf(req, res)
      const ifMatch = req.get('if-match')
      const updated = isUsers
        ? await service.patchUser(req.params.id, req.body, ifMatch, baseUrlOf(req), traceOf(res))
        : await service.patchGroup(req.params.id, req.body, ifMatch, baseUrlOf(req), traceOf(res))
      // Entra and Microsoft's collection expect 204 for PATCH (azure-ad-provisioning.md section 7);
      // a client that asks for attributes gets the resource back (RFC 7644 section 3.5.2)
      if (req.query.attributes !== undefined || req.query.excludedAttributes !== undefined) sendResource(req, res, 200, updated, shape(updated))
      else {
        const version = (updated.meta as JsonObject).version
        if (typeof version === 'string') res.set('ETag', version)
        res.status(204).end()
      }
    })
    router.delete(`/${type}/:id`, async (req, res) => {
      const ifMatch = req.get('if-match')
      if (isUsers) await service.deleteUser(req.params.id, ifMatch, traceOf(res))
      else await service.deleteGroup(req.params.id, ifMatch)
      res.status(204).end()
    })
  }

  // RFC 7644 section 3.4.3 allows POST /.search at the server root, and section 3.4.2.1 makes GET
  // on the root a query across every resource type. The harness answers per resource type only:
  // 501 says "valid SCIM, not implemented here" where a 404 would read as a wrong Base URI.
  // Only the exact root: GET /Users etc. are matched above, anything else still reaches the 404.
  router.post('/.search', () => {
    throw new ScimError(
      501,
      undefined,
      'Searching from the server root is not supported; POST /Users/.search or /Groups/.search (or GET /Users?filter=...) instead.',
    )
  })
  router.get('/', () => {
    throw new ScimError(501, undefined, 'Querying the server root is not supported; query /Users or /Groups (GET /Users?filter=...) instead.')
  })
  router.all('/Bulk', () => {
    throw new ScimError(501, undefined, 'Bulk operations are not supported (ServiceProviderConfig bulk.supported is false).')
  })
  router.all('/Me', () => {
    throw new ScimError(501, undefined, '/Me is not supported: SCIM tokens here identify the provisioning client, not a user.')
  })
  router.use((req) => {
    throw new ScimError(
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && /^\/(Users|Groups)(\/|$)/i.test(req.path) ? 405 : 404,
      undefined,
      `No SCIM endpoint answers ${req.method} ${req.baseUrl}${req.path}. Endpoints: /Users, /Groups, /ServiceProviderConfig, /ResourceTypes, /Schemas.`,
    )
  })
  return router
}
