import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHarness, type TestHarness } from '../helpers/harness'
import { buildTenant, engineFor } from '../helpers/azure-engine'
import { complianceMessage, defaultAppConfig, HttpTransport, INVALID_CREDENTIALS_MESSAGE, testConnection } from '../../src/main/core/azure/engine'

// azure-ad-provisioning.md section 2: Test Connection over real HTTP.

let h: TestHarness
let notFound: Server
let notFoundUrl: string

beforeAll(async () => {
  h = await startTestHarness()
  // a server without SCIM: every path answers 404, as a wrong Tenant URL does
  const app = express()
  app.use((_req, res) => {
    res.status(404).type('text/html').send('<h1>Not Found</h1>')
  })
  notFound = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server))
  })
  notFoundUrl = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}/scim/v2`
})
afterAll(async () => {
  await h.close()
  await new Promise((resolve) => notFound.close(resolve))
})

const transport = new HttpTransport()

describe('Test Connection', () => {
  it('passes against the built-in server with a random-GUID user probe, then the group probe', async () => {
    const result = await testConnection(defaultAppConfig(h.baseUri, h.token), transport, { newGuid: () => '6f1d2c3e-0000-4000-8000-000000000abc' })
    expect(result.success).toBe(true)
    expect(result.exchanges.map((x) => x.request.url)).toEqual([
      `${h.baseUri}/Users?filter=userName+eq+%226f1d2c3e-0000-4000-8000-000000000abc%22`,
      `${h.baseUri}/Groups?excludedAttributes=members&filter=displayName+eq+%226f1d2c3e-0000-4000-8000-000000000abc%22`,
    ])
    expect(result.exchanges.every((x) => x.response?.status === 200)).toBe(true)
  })

  it('sends only the user probe when groups are not provisioned', async () => {
    const result = await testConnection(defaultAppConfig(h.baseUri, h.token, { provisionGroups: false }), transport)
    expect(result.success).toBe(true)
    expect(result.exchanges).toHaveLength(1)
  })

  it('fails with the invalid-credentials message for a wrong token, and masks the token it sent', async () => {
    const result = await testConnection(defaultAppConfig(h.baseUri, 'not-the-token'), transport)
    expect(result).toMatchObject({ success: false, message: INVALID_CREDENTIALS_MESSAGE, errorCode: 'InvalidCredentials' })
    expect(result.exchanges[0].response?.status).toBe(401)
    expect(result.exchanges[0].request.headers.Authorization).toBe('Bearer ****')
  })

  it('fails with the SCIM compliance message when the endpoint answers 404', async () => {
    const result = await testConnection(defaultAppConfig(notFoundUrl, 'any'), transport)
    expect(result).toMatchObject({ success: false, message: complianceMessage(404, 'Not Found'), errorCode: 'ScimComplianceIssue' })
    expect(result.message).toMatch(/^An HTTP\/404 Not Found response was returned rather than the expected HTTP\/200 OK response/)
    expect(result.exchanges).toHaveLength(1)
  })

  it('ends a cycle before any object when the probe fails, keeping the watermark', async () => {
    const tenant = buildTenant(h.baseUri, 'not-the-token')
    const engine = engineFor(tenant)
    const report = await engine.runCycle({ kind: 'initial' })
    expect(report).toMatchObject({ status: 'failed', message: INVALID_CREDENTIALS_MESSAGE, entries: [] })
    expect(engine.watermark()).toBeNull()
  })
})
