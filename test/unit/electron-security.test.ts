import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'
import type { Session, WebContents } from 'electron'
import { describe, expect, it } from 'vitest'
import { guardHandler, mainWindowSenderCheck, registerConsoleApi, type SenderEvent } from '../../src/main/electron/ipc'
import { invokeConsole } from '../../src/main/core/api/console-handlers'
import { CONSOLE_METHODS } from '../../src/shared/console/api'
import { CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isPermissionAllowed, isTrustedSender } from '../../src/main/electron/security'
import { buildWindowOptions, resolveRendererEntry } from '../../src/main/electron/window'

const APP_FILE = '/opt/SCIM Harness/resources/app.asar/out/renderer/index.html'
const APP_URL = pathToFileURL(APP_FILE).href
const DEV_URL = 'http://127.0.0.1:5173'

/** A webContents stand-in: real events, and a record of the window-open handler it was given. */
class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  constructor(private readonly url = APP_URL) {
    super()
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  getURL(): string {
    return this.url
  }
  asWebContents(): WebContents {
    return this as unknown as WebContents
  }
}

/** An ipcMain invoke event as Electron builds it: the sending webContents and its frame. */
function invokeEvent(sender: FakeWebContents, frameUrl: string | null): SenderEvent {
  return {
    sender: sender.asWebContents(),
    senderFrame: frameUrl === null ? null : ({ url: frameUrl } as SenderEvent['senderFrame']),
  }
}

/** Emits a navigation the way Electron does and reports whether the guard cancelled it. */
function navigate(contents: FakeWebContents, channel: 'will-navigate' | 'will-redirect', url: string): boolean {
  let prevented = false
  contents.emit(channel, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('main window options', () => {
  it('isolates and sandboxes the renderer, without Node and with web security on', () => {
    const options = buildWindowOptions('/app/out/preload/index.js')
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('gives the window its icon when there is one, and no icon option otherwise', () => {
    expect(buildWindowOptions('/app/out/preload/index.js', '/app/resources/icon.png').icon).toBe('/app/resources/icon.png')
    expect('icon' in buildWindowOptions('/app/out/preload/index.js')).toBe(false)
  })

  it('loads the built page in a packaged app even when a dev server URL is set', () => {
    const entry = resolveRendererEntry('/app/out/main', 'http://localhost:5173', true)
    expect(entry).toEqual({
      kind: 'file',
      path: '/app/out/renderer/index.html',
      url: 'file:///app/out/renderer/index.html',
    })
    expect(resolveRendererEntry('/app/out/main', 'http://localhost:5173', false)).toEqual({ kind: 'url', url: 'http://localhost:5173' })
  })
})

describe('isTrustedSender', () => {
  it('accepts the app page, with or without a hash route', () => {
    expect(isTrustedSender(APP_URL, APP_URL)).toBe(true)
    expect(isTrustedSender(`${APP_URL}#/users`, APP_URL)).toBe(true)
    expect(isTrustedSender(`${DEV_URL}/src/main.tsx`, DEV_URL)).toBe(true)
  })

  it('rejects other files, lookalike file names and other origins', () => {
    expect(isTrustedSender(pathToFileURL('/opt/SCIM Harness/evil.html').href, APP_URL)).toBe(false)
    expect(isTrustedSender(`${APP_URL}.evil`, APP_URL)).toBe(false)
    expect(isTrustedSender('file:///etc/passwd', APP_URL)).toBe(false)
    expect(isTrustedSender('https://evil.example/index.html', APP_URL)).toBe(false)
    expect(isTrustedSender('http://127.0.0.1.evil.com:5173/', DEV_URL)).toBe(false)
    expect(isTrustedSender('http://127.0.0.1.evil.com/', 'http://127.0.0.1')).toBe(false)
    expect(isTrustedSender('http://127.0.0.1:5173@evil.example/', DEV_URL)).toBe(false)
    expect(isTrustedSender('http://127.0.0.1:5174/', DEV_URL)).toBe(false)
    expect(isTrustedSender('https://127.0.0.1:5173/', DEV_URL)).toBe(false)
    expect(isTrustedSender(`data:text/html,<script>x</script>`, DEV_URL)).toBe(false)
  })

  it('rejects a missing frame and unparseable URLs', () => {
    expect(isTrustedSender(null, APP_URL)).toBe(false)
    expect(isTrustedSender(undefined, APP_URL)).toBe(false)
    expect(isTrustedSender('', APP_URL)).toBe(false)
    expect(isTrustedSender('not a url', APP_URL)).toBe(false)
  })
})

/**
 * Install and checkout folders a user may really have. `chromium` is the URL Chromium reports for
 * the page (window.webContents.getURL(), senderFrame.url): it escapes spaces, `#` and non-ASCII
 * letters but leaves `[`, `]` and `~` as they are, and upper-cases a Windows drive letter; the
 * app's own URL comes from Node's pathToFileURL, which escapes `[`, `]` and `~` too.
 */
const INSTALL_PATHS: { platform: NodeJS.Platform; page: string; chromium: string }[] = [
  {
    platform: 'linux',
    page: '/home/me/Projects [old]/~backup/#2/Développement/SCIM Harness/out/renderer/index.html',
    chromium: 'file:///home/me/Projects%20[old]/~backup/%232/D%C3%A9veloppement/SCIM%20Harness/out/renderer/index.html',
  },
  {
    platform: 'darwin',
    page: '/Users/me/~work/[x] ünïcode/SCIM Harness.app/Contents/Resources/app.asar/out/renderer/index.html',
    chromium: 'file:///Users/me/~work/[x]%20%C3%BCn%C3%AFcode/SCIM%20Harness.app/Contents/Resources/app.asar/out/renderer/index.html',
  },
  {
    platform: 'win32',
    page: 'C:\\Users\\me\\Projects [old]\\~backup #1\\Programme é\\SCIM Harness\\resources\\app.asar\\out\\renderer\\index.html',
    chromium: 'file:///C:/Users/me/Projects%20[old]/~backup%20%231/Programme%20%C3%A9/SCIM%20Harness/resources/app.asar/out/renderer/index.html',
  },
  {
    // a shell that reports the drive in lower case: Chromium still says C:
    platform: 'win32',
    page: 'c:\\Users\\me\\Projects [old]\\SCIM Harness\\resources\\app.asar\\out\\renderer\\index.html',
    chromium: 'file:///C:/Users/me/Projects%20[old]/SCIM%20Harness/resources/app.asar/out/renderer/index.html',
  },
]

describe('the app page from any install folder', () => {
  for (const { platform, page, chromium } of INSTALL_PATHS) {
    const appUrl = pathToFileURL(page, { windows: platform === 'win32' }).href
    const trusted = (url: string): boolean => isTrustedSender(url, appUrl, platform)

    it(`trusts the page Chromium reports for ${page} (${platform})`, () => {
      // the two spellings differ: comparing them as strings refused every call (issue 17)
      expect(chromium).not.toBe(appUrl)
      expect(trusted(chromium)).toBe(true)
      expect(trusted(`${chromium}#/users`)).toBe(true)
      expect(trusted(appUrl)).toBe(true)
      expect(isPermissionAllowed('clipboard-sanitized-write', chromium, appUrl, platform)).toBe(true)
    })

    it(`still refuses other files beside ${page} (${platform})`, () => {
      expect(trusted(chromium.replace('index.html', 'evil.html'))).toBe(false)
      expect(trusted(`${chromium}.evil`)).toBe(false)
      expect(trusted(chromium.replace('/renderer/', '/renderer/x/'))).toBe(false)
      expect(isPermissionAllowed('media', chromium, appUrl, platform)).toBe(false)
    })
  }

  it('matches Windows paths without regard to case, POSIX paths exactly', () => {
    const windowsApp = pathToFileURL('C:\\Apps\\SCIM Harness\\index.html', { windows: true }).href
    expect(isTrustedSender('file:///c:/apps/scim%20harness/INDEX.html', windowsApp, 'win32')).toBe(true)
    expect(isTrustedSender('file:///D:/Apps/SCIM%20Harness/index.html', windowsApp, 'win32')).toBe(false)
    expect(
      isTrustedSender('file:///opt/scim%20harness/out/renderer/index.html', pathToFileURL('/opt/SCIM Harness/out/renderer/index.html').href, 'linux'),
    ).toBe(false)
  })

  it('refuses file URLs that name no file: a remote host, an encoded slash', () => {
    expect(isTrustedSender('file://evil.example/opt/SCIM%20Harness/resources/app.asar/out/renderer/index.html', APP_URL, 'linux')).toBe(false)
    expect(isTrustedSender(APP_URL.replace('/out/renderer/', '/out%2Frenderer/'), APP_URL, 'linux')).toBe(false)
  })
})

describe('web contents guards', () => {
  it('cancels navigation and redirects away from the app page, and allows in-app ones', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents.asWebContents(), APP_URL)
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-navigate', `${APP_URL}.evil`)).toBe(true)
    expect(navigate(contents, 'will-redirect', 'http://127.0.0.1.evil.com/')).toBe(true)
    expect(navigate(contents, 'will-navigate', `${APP_URL}#/tokens`)).toBe(false)
  })

  it('denies every new window and webview', () => {
    const contents = new FakeWebContents()
    hardenWebContents(contents.asWebContents(), APP_URL)
    expect(contents.windowOpenHandler?.({ url: APP_URL })).toEqual({ action: 'deny' })
    let prevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })
})

describe('session guards', () => {
  /** A session stand-in recording the handlers hardenSession installs. */
  function fakeSession() {
    const recorded: {
      request?: (contents: WebContents | null, permission: string, callback: (granted: boolean) => void) => void
      check?: (contents: WebContents | null, permission: string) => boolean
      headers?: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void
    } = {}
    const session = {
      setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
      setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
      webRequest: { onHeadersReceived: (handler: typeof recorded.headers) => (recorded.headers = handler) },
    }
    return { session: session as unknown as Session, recorded }
  }

  it('denies permissions except clipboard writing by the app page', () => {
    const { session, recorded } = fakeSession()
    hardenSession(session, APP_URL, true)
    const ask = (permission: string, url: string): boolean => {
      let granted: boolean | undefined
      recorded.request?.(new FakeWebContents(url).asWebContents(), permission, (answer) => (granted = answer))
      return granted === true
    }
    expect(ask('media', APP_URL)).toBe(false)
    expect(ask('notifications', APP_URL)).toBe(false)
    expect(ask('clipboard-sanitized-write', APP_URL)).toBe(true)
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(recorded.check?.(null, 'clipboard-sanitized-write')).toBe(false)
    expect(isPermissionAllowed('geolocation', APP_URL, APP_URL)).toBe(false)
  })

  it('adds the CSP header to responses in production and leaves the dev server alone', () => {
    const production = fakeSession()
    hardenSession(production.session, APP_URL, true)
    let response: unknown
    production.recorded.headers?.({ responseHeaders: { 'X-Other': ['1'] } }, (answer) => (response = answer))
    expect(response).toEqual({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")

    const development = fakeSession()
    hardenSession(development.session, DEV_URL, false)
    expect(development.recorded.headers).toBeUndefined()
  })
})

describe('IPC handlers', () => {
  const mainContents = new FakeWebContents()
  const isTrusted = mainWindowSenderCheck(() => mainContents.asWebContents(), APP_URL)
  const statusValue = { baseUri: 'http://127.0.0.1:8787/scim/v2' }

  it('answers the main window on the app page with the invoker envelope, passing the input through', async () => {
    const seen: unknown[] = []
    const listener = guardHandler(
      'users.get',
      async (method, input) => {
        seen.push([method, input])
        return { ok: true, value: statusValue }
      },
      isTrusted,
    )
    await expect(listener(invokeEvent(mainContents, APP_URL), { id: 'u1' })).resolves.toEqual({ ok: true, value: statusValue })
    expect(seen).toEqual([['users.get', { id: 'u1' }]])
  })

  it('refuses other windows, other pages and vanished frames without running the handler', async () => {
    let calls = 0
    const listener = guardHandler('status.get', async () => ({ ok: true, value: `call ${++calls}` }), isTrusted)
    for (const event of [
      invokeEvent(new FakeWebContents(), APP_URL),
      invokeEvent(mainContents, 'https://evil.example/'),
      invokeEvent(mainContents, `${APP_URL}.evil`),
      invokeEvent(mainContents, null),
    ]) {
      const result = await listener(event)
      expect(result).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } })
    }
    expect(calls).toBe(0)
  })

  it('refuses everything once the main window is gone', async () => {
    const check = mainWindowSenderCheck(() => undefined, APP_URL)
    expect(check(invokeEvent(mainContents, APP_URL))).toBe(false)
  })

  it('turns a thrown error (the server failed to start) into an error envelope that keeps the message', async () => {
    const listener = guardHandler(
      'status.get',
      async () => {
        throw new Error('The SCIM server is not running.')
      },
      isTrusted,
    )
    await expect(listener(invokeEvent(mainContents, APP_URL))).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'The SCIM server is not running.' },
    })
  })

  it('registers one guarded channel per method of the shared table', async () => {
    const registered = new Map<string, (event: SenderEvent, input?: unknown) => Promise<unknown>>()
    const channels = registerConsoleApi(
      { handle: (channel: string, listener: (event: SenderEvent) => Promise<unknown>) => registered.set(channel, listener) } as never,
      async () => ({ ok: true, value: statusValue }),
      isTrusted,
    )
    expect(channels).toEqual(CONSOLE_METHODS.map((m) => `console:${m}`))
    expect([...registered.keys()]).toEqual(channels)
    await expect(registered.get('console:status.get')?.(invokeEvent(new FakeWebContents(), APP_URL))).resolves.toMatchObject({ ok: false })
    await expect(registered.get('console:status.get')?.(invokeEvent(mainContents, APP_URL))).resolves.toEqual({ ok: true, value: statusValue })
  })

  it('validates arguments: a real invoker refuses bad input with a field, and unknown methods', async () => {
    const handlers = new Proxy({}, { get: () => async () => 'ran' }) as never
    const invoke = (method: string, input: unknown) => invokeConsole(handlers, method, input)
    await expect(invoke('users.get', { id: 42 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'id' } })
    await expect(invoke('users.get', { id: 'x', extra: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    await expect(invoke('__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } })
    await expect(invoke('users.get', { id: 'x' })).resolves.toEqual({ ok: true, value: 'ran' })
  })
})
