import express from 'express'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { Directory, sequentialIdGenerator } from '../../src/main/core/azure/directory'
import {
  defaultAppConfig,
  HttpTransport,
  ProvisioningEngine,
  type ProvisioningAppConfig,
  type ProvisioningEngineOptions,
} from '../../src/main/core/azure/engine'

/**
 * A scripted SCIM target on 127.0.0.1:0 for the failure rules of azure-ad-provisioning.md
 * section 8: by default a tiny well-behaved server (queries find nothing, POST creates, PATCH
 * and DELETE succeed); `script` answers a request its own way (a status with headers, or
 * 'hang' for a timeout) and returns undefined to fall back to the default.
 */
export interface SeenRequest {
  method: string
  path: string
  body: string
}

export type ScriptAnswer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang'
export type Script = (request: SeenRequest) => ScriptAnswer | undefined

export interface FailuresTarget {
  url: string
  seen: SeenRequest[]
  /** Replace the script (for example, to let the target recover). */
  script: Script
  close(): Promise<void>
}

const EMPTY_LIST = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 20 }

export async function startFailuresTarget(script: Script = () => undefined): Promise<FailuresTarget> {
  const app = express()
  app.use(express.text({ type: '*/*' }))
  const hanging = new Set<express.Response>()
  let created = 0
  const target: FailuresTarget = { url: '', seen: [], script, close: async () => undefined }
  app.use((req, res) => {
    const seen: SeenRequest = { method: req.method, path: req.originalUrl, body: typeof req.body === 'string' ? req.body : '' }
    target.seen.push(seen)
    const answer = target.script(seen) ?? defaultAnswer(seen, () => `t${++created}`)
    if (answer === 'hang') {
      hanging.add(res)
      return
    }
    res.status(answer.status).set(answer.headers ?? {})
    if (answer.body === undefined) res.end()
    else res.type('application/scim+json').send(JSON.stringify(answer.body))
  })
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  target.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim`
  target.close = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return target
}

function defaultAnswer(request: SeenRequest, newId: () => string): ScriptAnswer {
  if (request.method === 'POST') {
    const body = JSON.parse(request.body) as Record<string, unknown>
    return { status: 201, body: { ...body, id: newId() } }
  }
  if (request.method === 'GET') return { status: 200, body: EMPTY_LIST }
  return { status: 204 }
}

/** `count` assigned users with readable names, no managers, no groups. */
export function failuresTenant(count: number): { directory: Directory; userIds: string[] } {
  const directory = new Directory({ newId: sequentialIdGenerator() })
  const userIds = Array.from({ length: count }, (_, i) => directory.addUser({ userPrincipalName: `user${i}@contoso.com`, displayName: `User ${i}` }).objectId)
  return { directory, userIds }
}

/** A movable clock for the engine. */
export function testClock(start = '2025-01-01T00:00:00.000Z'): { now: () => Date; set(iso: string | Date): void; advance(ms: number): void } {
  let t = Date.parse(start)
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = typeof iso === 'string' ? Date.parse(iso) : iso.getTime()
    },
    advance: (ms) => {
      t += ms
    },
  }
}

/** An engine over the target: every user assigned, groups off, one object at a time, the given clock and options. */
export function failuresEngine(
  target: FailuresTarget,
  tenant: { directory: Directory; userIds: string[] },
  options: Partial<ProvisioningEngineOptions> & { configOverrides?: Partial<ProvisioningAppConfig>; timeoutMs?: number } = {},
): ProvisioningEngine {
  const { configOverrides, timeoutMs, ...rest } = options
  return new ProvisioningEngine({
    directory: tenant.directory,
    config: defaultAppConfig(target.url, 'secret', {
      assignments: { userIds: tenant.userIds, groupIds: [] },
      provisionGroups: false,
      appName: 'Contoso',
      ...configOverrides,
    }),
    transport: new HttpTransport({ concurrency: 1, timeoutMs: timeoutMs ?? 5_000 }),
    concurrency: 1,
    ...rest,
  })
}
