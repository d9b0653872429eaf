import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHarness, type HarnessOptions, type RunningHarness } from '../../src/main/core/harness'
import { PortalService } from '../../src/main/core/services/portal-service'
import type { PortalSettings } from '../../src/main/core/store/records'

/** A fresh workspace folder under the OS temp dir. */
export function tempDir(prefix = 'scim-harness-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export interface TestHarness {
  harness: RunningHarness
  baseUri: string
  token: string
  dataDir: string
  portal: PortalService
  /** A SCIM request with the harness token; body objects are sent as application/scim+json. */
  scim(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimResponse>
  close(): Promise<void>
}

export interface ScimResponse {
  status: number
  headers: Headers
  text: string
  json: any
}

/**
 * Starts a real harness on 127.0.0.1:0 over a temp workspace, set up as an admin would:
 * a token, a default CAL, SCIM enabled. Settings may be overridden per test.
 */
export async function startTestHarness(settings: Partial<PortalSettings> = {}, options: Partial<HarnessOptions> = {}): Promise<TestHarness> {
  const dataDir = tempDir()
  // env: {}: no test may pick up the developer's NGROK_AUTHTOKEN and open a real tunnel
  const harness = await startHarness({ dataDir, port: 0, owner: 'test', checkConsoleOutput: true, env: {}, ...options })
  const portal = new PortalService(harness.store)
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
  const { token } = await portal.createToken(expires, 'test')
  await portal.updateSettings({ defaultCal: 'Viewer', scimEnabled: true, ...settings })
  const baseUri = harness.baseUri
  return {
    harness,
    baseUri,
    token,
    dataDir,
    portal,
    scim: (method, path, body, headers = {}) => scimRequest(baseUri + path, method, body, { authorization: `Bearer ${token}`, ...headers }),
    async close() {
      await harness.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A raw request: body objects are JSON-encoded, strings sent as is. */
export async function scimRequest(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimResponse> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    ;(init.headers as Record<string, string>)['content-type'] ??= 'application/scim+json'
  }
  const res = await fetch(url, init)
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** A minimal valid user body, as Entra's POST /Users sends it (azure-ad-provisioning.md 6.3). */
export function entraUser(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId: userName.split('@')[0],
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Given Family', familyName: 'Family', givenName: 'Given' },
    roles: [],
    ...extra,
  }
}

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const patchOp = (...ops: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations: ops })

/** Whether a parsed JSON value holds a null anywhere (responses must never carry one). */
export function containsNull(value: unknown): boolean {
  if (value === null) return true
  if (Array.isArray(value)) return value.some(containsNull)
  if (typeof value === 'object') return Object.values(value as object).some(containsNull)
  return false
}

/** A console API call over HTTP with the console token, as the browser console makes it; the value of an `{ ok: true }` envelope. */
export async function consoleCall<T>(h: TestHarness, method: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${new URL(h.baseUri).origin}/console/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.harness.consoleToken}` },
    body: JSON.stringify(input),
  })
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${method} failed: ${body.error?.message ?? res.status}`)
  return body.value
}
