/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { browserUnavailable, findChromium, launchBrowser, serve, watchPageErrors, type ServedHarness } from './browser'

/*
 * Issue 14 in real Chromium on `scim-harness serve`:
 * - item 6: a directory CSV of several MB is imported from the browser console (the transport
 *   refused anything over 1 MB), with "Uploading … %" on screen while it goes;
 * - item 4: a DNS-rebound name (evil.example resolving to 127.0.0.1, made with Chromium's
 *   host resolver rules) gets the refusal page, not the console, even with the token in the URL.
 */

const skip = browserUnavailable()
const MB = 1024 * 1024

/** About `bytes` of CSV, rows filled to Entra's attribute limits. */
function csvOf(bytes: number): Buffer {
  const rows = ['userPrincipalName,displayName,givenName,surname,department,jobTitle']
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const row = `e2e${i}@contoso.com,${'User '.repeat(50)}${i},${'g'.repeat(64)},${'s'.repeat(64)},${'d'.repeat(64)},${'t'.repeat(100)}`
    rows.push(row)
    size += row.length + 1
  }
  return Buffer.from(rows.join('\n'))
}

describe.skipIf(skip)('browser console security (Chromium)', { timeout: 180_000 }, () => {
  let browser: Browser
  let served: ServedHarness
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    served = await serve()
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } })
    page.setDefaultTimeout(30_000)
    problems = watchPageErrors(page)
    await page.goto(served.consoleUrl)
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('imports an 8 MB CSV from the browser, showing the upload progress', async () => {
    await page.getByRole('link', { name: 'Directory', exact: true }).click()
    await page.getByRole('button', { name: 'Import users from CSV' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Import users from CSV' })
    const csv = csvOf(8 * MB)
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'tenant.csv', mimeType: 'text/csv', buffer: csv })
    await dialog.getByText('tenant.csv (8 MB) is imported as it is: too large to edit here.').waitFor()

    // slow the upload down so the progress can be seen (loopback sends 8 MB in a blink)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 4 * MB })
    const seen = new Set<string>()
    const watching = (async () => {
      for (let i = 0; i < 400; i++) {
        const text = await dialog
          .getByRole('status')
          .first()
          .textContent({ timeout: 100 })
          .catch(() => null)
        if (text) seen.add(text.trim())
        if ([...seen].some((t) => t.startsWith('Importing users'))) return
        await page.waitForTimeout(25)
      }
    })()
    await dialog.getByRole('button', { name: 'Import', exact: true }).click()
    await dialog.getByText(/users added/).waitFor({ timeout: 60_000 })
    await watching
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })

    const uploading = [...seen].filter((t) => /^Uploading 8 MB… \d+%$/.test(t))
    expect(uploading.length, [...seen].join(' | ')).toBeGreaterThan(0)
    const rows = csv.toString().split('\n').length - 1
    expect(await dialog.getByText(`${rows.toLocaleString('en-US')} users added`).count()).toBe(1)
    expect(problems).toEqual([])
  })

  it('shows the refusal page, not the console, at a DNS-rebound name', async () => {
    const port = new URL(served.origin).port
    // evil.example resolves to this machine, as after a DNS rebinding
    const rebound = await chromium.launch({
      executablePath: findChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP evil.example 127.0.0.1`],
    })
    try {
      const evil = await rebound.newPage()
      const token = new URL(served.consoleUrl).hash
      const res = await evil.goto(`http://evil.example:${port}/console/${token}`)
      expect(res?.status()).toBe(403)
      expect(await evil.textContent('body')).toContain('This console answers only at its own host names')
      // and its scripts cannot call the API with the token either
      const status = await evil.evaluate(
        async (t) => {
          const r = await fetch('/console/api/status.get', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` },
            body: '{}',
          })
          return r.status
        },
        token.replace('#token=', ''),
      )
      expect(status).toBe(403)
    } finally {
      await rebound.close()
    }
  })
})
