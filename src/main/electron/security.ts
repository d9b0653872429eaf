/**
 * Electron hardening that does not depend on a running Electron: URL trust rules and the
 * wiring of navigation, new-window and permission guards onto objects passed in.
 *
 * Only `import type` from 'electron' here, so unit tests can load this module under plain
 * Node (requiring the real 'electron' package there tries to download the binary).
 */
import { fileURLToPath } from 'node:url'
import type { Session, WebContents } from 'electron'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'

export { CONTENT_SECURITY_POLICY }

/**
 * Permissions the app's own page may use. Copying the SCIM Base URI goes through
 * navigator.clipboard.writeText, which Chromium gates behind this permission.
 */
const APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/**
 * The file a file:// URL names, spelled as `platform` spells paths, or undefined when the URL
 * names none (another host on POSIX, an encoded slash, a relative drive). Windows paths are
 * compared case-insensitively, as NTFS matches them: Chromium upper-cases the drive letter,
 * the path the app was started from may not.
 */
function filePathOf(url: URL, platform: NodeJS.Platform): string | undefined {
  try {
    const path = fileURLToPath(url, { windows: platform === 'win32' })
    return platform === 'win32' ? path.toLowerCase() : path
  } catch {
    return undefined
  }
}

/**
 * Whether `url` is the app's own renderer page.
 *
 * file:// pages must be the very same file (any hash or query is fine, a sibling file or a
 * `index.html.evil` is not). The FILES are compared, not the URL spellings: Chromium leaves
 * `[`, `]` and `~` unescaped in the URLs it reports while Node's pathToFileURL escapes them, so
 * an app installed under `Projects [old]` or `~backup` would otherwise refuse its own window
 * (issue 17). http(s) pages (the electron-vite dev server) must share the exact origin. URLs are
 * parsed rather than prefix-compared, so `http://127.0.0.1.evil.com` never passes for
 * `http://127.0.0.1:5173`. `platform` says how paths are spelled (a parameter so the Windows
 * rules are tested on any machine).
 */
export function isAppUrl(url: string, appUrl: string, platform: NodeJS.Platform = process.platform): boolean {
  let actual: URL
  let expected: URL
  try {
    actual = new URL(url)
    expected = new URL(appUrl)
  } catch {
    return false
  }
  if (actual.protocol !== expected.protocol) return false
  if (expected.protocol === 'file:') {
    const expectedPath = filePathOf(expected, platform)
    return expectedPath !== undefined && filePathOf(actual, platform) === expectedPath
  }
  // an opaque origin ('null', e.g. data: or blob: wrappers) never identifies the app
  return expected.origin !== 'null' && actual.origin === expected.origin
}

/**
 * Whether an IPC message whose sending frame has `frameUrl` may be answered. A missing frame
 * (destroyed or navigated away while the message was in flight) is never trusted.
 */
export function isTrustedSender(frameUrl: string | null | undefined, expected: string, platform: NodeJS.Platform = process.platform): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, expected, platform)
}

/** Whether the page at `pageUrl` may be granted `permission`: only the app page, only the allow-listed ones. */
export function isPermissionAllowed(permission: string, pageUrl: string | undefined, appUrl: string, platform: NodeJS.Platform = process.platform): boolean {
  return APP_PERMISSIONS.has(permission) && pageUrl !== undefined && isAppUrl(pageUrl, appUrl, platform)
}

/**
 * Locks down one webContents: no navigation away from the app page, no new windows, no
 * <webview>. Registered for every webContents the app creates, not only the main window,
 * so a future window cannot forget it.
 */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  // redirects of a permitted navigation are checked again: the target may be elsewhere
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/**
 * Session-wide guards: deny every permission except the allow-listed ones for the app page,
 * and, when `enforceCsp`, add the CSP header to every response. The dev server is left alone
 * because Vite's React refresh preamble is an inline script.
 */
export function hardenSession(session: Session, appUrl: string, enforceCsp: boolean): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionAllowed(permission, contents?.getURL(), appUrl))
  })
  session.setPermissionCheckHandler((contents, permission) => isPermissionAllowed(permission, contents?.getURL(), appUrl))
  if (enforceCsp) {
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      })
    })
  }
}
