/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { browserUnavailable, launchBrowser, screenshot, serve, watchPageErrors, type ServedHarness } from './browser'

/*
 * The browser console served by `scim-harness serve`, in headless Chromium: it opens from the
 * printed Console URL, keeps the token out of the address bar, refuses to work without it, and
 * is served with a strict CSP. Screen-level flows are in the other e2e files.
 */

const skip = browserUnavailable()

describe.skipIf(skip)('browser console shell (Chromium)', () => {
  let browser: Browser
  let served: ServedHarness

  beforeAll(async () => {
    served = await serve()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('opens from the Console URL, removes the token from the address bar and shows the server', async () => {
    const page = await browser.newPage()
    const problems = watchPageErrors(page)
    const response = await page.goto(served.consoleUrl)
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'")
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    await page.getByText(/SCIM server on 127\.0\.0\.1:\d+/).waitFor()
    expect(page.url()).not.toContain('token=')
    expect(page.url()).toMatch(/\/console\/#\//)
    // every sidebar entry opens its screen without errors
    for (const label of ['Dashboard', 'Traffic', 'Users', 'Groups', 'Apps › Provisioning', 'General', 'Public URL', 'Workspaces']) {
      await page.getByRole('link', { name: label, exact: true }).click()
      await expect.poll(() => page.locator('[aria-current="page"]').textContent()).toBe(label)
    }
    await screenshot(page, 'shell')
    expect(problems).toEqual([])
    await page.close()
  })

  it('says what to do when opened without the token, and the API refuses it', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${served.origin}/console/`)
    await page
      .getByText(/needs its token/)
      .first()
      .waitFor()
    const status = await page.evaluate(
      async () => (await fetch('./api/status.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    )
    expect(status).toBe(401)
    await context.close()
  })

  it('keeps the theme the user picks', async () => {
    const page = await browser.newPage()
    await page.goto(served.consoleUrl)
    await page.getByLabel('Theme').selectOption('light')
    const light = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    await page.getByLabel('Theme').selectOption('dark')
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    const dark = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    expect(dark).not.toBe(light)
    await screenshot(page, 'dashboard-dark')
    await page.reload()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.close()
  })
})
