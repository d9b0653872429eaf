import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_UPLOAD_BYTES } from '../../src/shared/console/uploads'
import { startTestHarness, type TestHarness } from '../helpers/harness'

/*
 * Uploads over the browser console's HTTP transport (issue 14, item 6). The API takes scenario
 * files and directory CSVs up to 50 MB, but the transport refused any call over 1 MB, so the
 * browser console could not open them. A file now travels as the request body itself, counted
 * as it streams in and cut off at its limit; every other call keeps its 1 MB cap.
 */

let h: TestHarness
let origin: string

beforeAll(async () => {
  h = await startTestHarness()
  origin = new URL(h.baseUri).origin
})
afterAll(() => h.close())

const MB = 1024 * 1024

async function post(method: string, body: BodyInit, contentType: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${origin}/console/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${h.harness.consoleToken}` },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit)
  return { status: res.status, body: await res.json() }
}

/** A directory CSV of about `bytes`, its rows filled to Entra's attribute limits to keep the row count (and the import) small. */
function csvOf(bytes: number): string {
  const header = 'userPrincipalName,displayName,givenName,surname,department,jobTitle\n'
  const rows: string[] = []
  let size = header.length
  for (let i = 0; size < bytes; i++) {
    const row = `user${i}@contoso.com,${'User '.repeat(50)}${i},${'g'.repeat(64)},${'s'.repeat(64)},${'d'.repeat(64)},${'t'.repeat(100)}\n`
    rows.push(row)
    size += row.length
  }
  return header + rows.join('')
}

describe('console uploads over HTTP', () => {
  it('imports a 5 MB directory CSV sent as the request body (the transport refused it with 413)', async () => {
    const csv = csvOf(5 * MB)
    const res = await post('sim.directory.importCsv', csv, 'application/octet-stream')
    expect(res.status).toBe(200)
    expect(res.body.ok, JSON.stringify(res.body).slice(0, 300)).toBe(true)
    expect(res.body.value.added).toBe(csv.split('\n').length - 2)
  })

  it('opens a 5 MB scenario file sent as the request body', async () => {
    const hex = (i: number) => i.toString(16).padStart(12, '0')
    const users = Array.from({ length: 12_000 }, (_, i) => ({
      objectId: `00000000-0000-4000-8000-${hex(i)}`,
      userPrincipalName: `u${i}@contoso.com`,
      mailNickname: `u${i}`,
      displayName: `${'User '.repeat(50)}${i}`,
      accountEnabled: true,
    }))
    const text = JSON.stringify({
      format: 'scim-harness-scenario',
      version: 1,
      name: 'Big directory',
      directory: { users, groups: [] },
      steps: [{ action: 'runCycle', kind: 'initial' }],
    })
    expect(text.length).toBeGreaterThan(4 * MB)
    const res = await post('sim.scenario.open', text, 'application/octet-stream')
    expect(res.status).toBe(200)
    expect(res.body, JSON.stringify(res.body).slice(0, 300)).toMatchObject({ ok: true, value: { name: 'Big directory', users: 12_000 } })
  })

  it('refuses a 51 MB file with 413, naming the file, its size and the limit', async () => {
    const res = await post('sim.scenario.open', new Uint8Array(51 * MB).fill(0x20), 'application/octet-stream')
    expect(res.status).toBe(413)
    expect(res.body).toEqual({ ok: false, error: { code: 'too-large', message: 'The scenario file is 51 MB; the limit is 50 MB.' } })
  })

  it('refuses a streamed file without a length once it passes the limit', async () => {
    let sent = 0
    const chunk = new Uint8Array(MB).fill(0x41)
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_UPLOAD_BYTES + 2 * MB) controller.close()
        else {
          sent += chunk.length
          controller.enqueue(chunk)
        }
      },
    })
    const res = await post('sim.directory.importCsv', body, 'application/octet-stream')
    expect(res.status).toBe(413)
    expect(res.body.error.message).toBe('The CSV file is larger than 50 MB, the most the console takes.')
  })

  it('keeps 1 MB for every other call, and tells a JSON caller of an upload method how to send the file', async () => {
    const big = JSON.stringify({ defaultCal: 'x'.repeat(2 * MB) })
    const settings = await post('portal.update', big, 'application/json')
    expect(settings.status).toBe(413)
    expect(settings.body.error.message).toBe('The console call is larger than 1 MB.')

    const json = await post('sim.directory.importCsv', JSON.stringify({ csv: csvOf(2 * MB) }), 'application/json')
    expect(json.status).toBe(413)
    expect(json.body.error.message).toBe(
      'The console call is larger than 1 MB. Send the CSV file itself as the request body (Content-Type: application/octet-stream); it may be up to 50 MB.',
    )
  })

  it('reads a file saved with a UTF-8 byte order mark as the desktop app does (the mark is not part of the header)', async () => {
    const res = await post('sim.directory.importCsv', '\uFEFFuserPrincipalName,displayName\nbom.user@contoso.com,Zoë Bom', 'application/octet-stream')
    expect(res.body).toEqual({ ok: true, value: { added: 1, problems: [] } })
  })

  it('says what to do with a file in a charset it cannot read', async () => {
    const res = await post('sim.directory.importCsv', 'userPrincipalName\nx@contoso.com', 'application/octet-stream; charset=klingon')
    expect(res.status).toBe(415)
    expect(res.body.error.message).toBe('The CSV file could not be read: unsupported charset "KLINGON". Send it as UTF-8 text.')
  })

  it('takes a file body only for methods that take a file', async () => {
    const res = await post('portal.update', '{}', 'application/octet-stream')
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('unsupported-media-type')
  })

  it('still refuses a file body without the console token, before reading it', async () => {
    const res = await fetch(`${origin}/console/api/sim.directory.importCsv`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'userPrincipalName\nx@contoso.com',
    })
    expect(res.status).toBe(401)
  })
})
