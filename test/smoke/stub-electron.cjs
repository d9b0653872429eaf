// A stand-in for the 'electron' module, preloaded with `node -r` so the BUILT main bundle can
// run under plain Node (no Electron binary exists here). It records what the main process asks
// of Electron and, once the window has loaded, prints one `SMOKE_REPORT <json>` line:
// window options, IPC channels, the console:status.get answers for a trusted and an untrusted
// sender, the examples listed over IPC, and the guards installed on the window and session.
// Pages get the file URL Chromium reports, not Node's spelling (see chromiumFileUrl).
// SMOKE_RESOURCES_PATH plays an installed app: app.isPackaged and process.resourcesPath.
// Writing "quit" to stdin runs Electron's quit sequence (before-quit may postpone it) and
// prints `SMOKE_QUIT` once the app really quits; the process then has to exit on its own.
'use strict'
const Module = require('node:module')
const { EventEmitter } = require('node:events')
const { mkdtempSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')

const userData = mkdtempSync(join(tmpdir(), 'scim-harness-stub-userdata-'))
const windows = []
const handlers = new Map()
const guards = { windowOpen: null, navigationGuarded: false, permissionRequest: false, permissionCheck: false, cspHeader: false }
let permissionCheck = null
const packagedResources = process.env.SMOKE_RESOURCES_PATH
if (packagedResources) process.resourcesPath = packagedResources

/**
 * The URL Chromium gives a page loaded with loadFile(path): like Node's pathToFileURL, except
 * that Chromium leaves '[', ']' and '~' unescaped (and, on Windows, upper-cases the drive letter).
 * Trust checks that compare URL strings fail on exactly this difference (issue 17).
 */
function chromiumFileUrl(file) {
  return pathToFileURL(file).href.replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%7E/g, '~')
}
let reported = false

class StubWebContents extends EventEmitter {
  constructor() {
    super()
    this.url = ''
  }
  setWindowOpenHandler(handler) {
    guards.windowOpen = handler({ url: 'https://example.com/' })
  }
  getURL() {
    return this.url
  }
}

const app = new EventEmitter()
Object.assign(app, {
  isPackaged: Boolean(packagedResources),
  whenReady: () => Promise.resolve(),
  isReady: () => true,
  getPath: (name) => join(userData, name),
  getName: () => 'SCIM Harness',
  getVersion: () => '0.0.0-stub',
  requestSingleInstanceLock: () => true,
  quit() {
    let prevented = false
    app.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return
    app.emit('will-quit', { preventDefault: () => undefined })
    app.emit('quit')
    process.stdout.write('SMOKE_QUIT\n')
    // nothing of the stub keeps Node alive now: only the app's own handles can
    process.stdin.destroy()
  },
  exit(code = 0) {
    process.stdout.write(`SMOKE_EXIT ${code}\n`)
    process.exit(code)
  },
})

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = new StubWebContents()
    this.loaded = null
    windows.push(this)
    app.emit('web-contents-created', {}, this.webContents)
  }
  loadFile(file) {
    return this.load(chromiumFileUrl(file))
  }
  loadURL(url) {
    return this.load(url)
  }
  load(url) {
    this.loaded = url
    this.webContents.url = url
    setImmediate(() => {
      this.emit('ready-to-show')
      void report(this)
    })
    return Promise.resolve()
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false
  }
  isDestroyed() {
    return false
  }
}

async function report(window) {
  if (reported) return
  reported = true
  const status = handlers.get('console:status.get')
  const examples = handlers.get('console:sim.scenario.examples')
  const trusted = { sender: window.webContents, senderFrame: { url: window.loaded } }
  const untrusted = { sender: window.webContents, senderFrame: { url: `${window.loaded}.evil` } }
  let navigationPrevented = false
  window.webContents.emit('will-navigate', { preventDefault: () => (navigationPrevented = true) }, 'https://example.com/')
  guards.navigationGuarded = navigationPrevented
  const payload = {
    windows: windows.map((w) => ({ options: w.options, loaded: w.loaded })),
    channels: [...handlers.keys()],
    status: status ? await status(trusted) : null,
    untrustedStatus: status ? await status(untrusted) : null,
    examples: examples ? await examples(trusted, {}) : null,
    clipboardAllowed: permissionCheck ? permissionCheck(window.webContents, 'clipboard-sanitized-write') : null,
    guards,
  }
  process.stdout.write(`SMOKE_REPORT ${JSON.stringify(payload)}\n`)
}

const electron = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (channel) => handlers.delete(channel),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler) => (guards.permissionRequest = typeof handler === 'function'),
      setPermissionCheckHandler: (handler) => {
        guards.permissionCheck = typeof handler === 'function'
        permissionCheck = handler
      },
      webRequest: { onHeadersReceived: (handler) => (guards.cspHeader = typeof handler === 'function') },
    },
  },
  // a stand-in key store: reversible, marked so a test can tell ciphertext from clear text
  safeStorage: {
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: (text) => Promise.resolve(Buffer.concat([Buffer.from('stub-os-key:'), Buffer.from(text, 'utf8').reverse()])),
    decryptStringAsync: (buffer) =>
      Promise.resolve({ result: Buffer.from(buffer.subarray('stub-os-key:'.length)).reverse().toString('utf8'), shouldReEncrypt: false }),
  },
  dialog: {
    showErrorBox: (title, content) => process.stderr.write(`SMOKE_ERROR_BOX ${title}: ${content}\n`),
  },
}

process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => {
  if (chunk.includes('quit')) app.quit()
})

const load = Module._load
Module._load = function loadWithStubElectron(request, parent, isMain) {
  if (request === 'electron') return electron
  return load.call(this, request, parent, isMain)
}
