/**
 * Electron entry: starts the built-in SCIM server, opens the hardened console window and
 * serves IPC. The only module (with ./electron/) that imports 'electron'; the harness itself
 * lives in ./core and runs the same way under the CLI.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { limitHeapGrowth, startHarness } from './core/harness'
import { HarnessHost } from './core/harness-host'
import { adoptLegacyRegistry, registryFileIn, WorkspaceRegistry } from './core/workspace-registry'
import { findResource } from './core/app-resources'
import { defaultDataDir } from './core/workspace-folder'
import { resolveServerOptions, startBuiltInServer } from './electron/built-in-server'
import { mainWindowSenderCheck, registerConsoleApi } from './electron/ipc'
import { invokeConsole } from './core/api/console-handlers'
import { IPC_EVENT_CHANNEL } from '../shared/console/api'
import { hardenSession, hardenWebContents } from './electron/security'
import { desktopSecretStores } from './electron/safe-storage-secrets'
import { createMainWindow, resolvePreloadPath, resolveRendererEntry } from './electron/window'

const rendererEntry = resolveRendererEntry(__dirname, process.env['ELECTRON_RENDERER_URL'], app.isPackaged)
const preloadPath = resolvePreloadPath(__dirname)
// resources/icon.png: beside app.asar when installed (electron-builder.yml extraResources), in the checkout otherwise
const iconPath = findResource('icon.png')

let mainWindow: BrowserWindow | undefined
let host: HarnessHost | undefined
let started: Promise<unknown> | undefined
let shutdown: 'none' | 'closing' | 'closed' = 'none'

/** Brings the existing window forward, or creates it (first launch, macOS dock click). */
function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
    return
  }
  mainWindow = createMainWindow(BrowserWindow, rendererEntry, preloadPath, iconPath)
  mainWindow.on('closed', () => {
    mainWindow = undefined
  })
}

/** Shows a start-up failure (workspace locked by a running `serve`, bad settings) and exits. */
function failStartup(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  console.error(`SCIM Harness could not start: ${message}`)
  dialog.showErrorBox('SCIM Harness could not start', message)
  app.exit(1)
}

async function onReady(): Promise<void> {
  // every webContents, present and future, gets the navigation and window-open guards
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererEntry.url))
  hardenSession(session.defaultSession, rendererEntry.url, rendererEntry.kind === 'file')

  const serverOptions = resolveServerOptions(process.env, defaultDataDir)
  // the workspace list of a version without productName moves into the one app folder (issue 17)
  await adoptLegacyRegistry(app.getPath('appData'), app.getPath('userData')).catch((error: unknown) =>
    console.error('SCIM Harness: the list of recent workspaces could not be moved from the old app folder:', error),
  )
  const registry = new WorkspaceRegistry(registryFileIn(app.getPath('userData')))
  // the Secret Token is encrypted with the OS key store when there is one (issue 14, item 3)
  const secrets = await desktopSecretStores(safeStorage)
  host = new HarnessHost({
    start: (options) => startBuiltInServer(startHarness, options),
    base: { host: serverOptions.host, port: serverOptions.port, owner: serverOptions.owner, consoleStaticDir: join(__dirname, '../renderer'), secrets },
    registry,
    pickFolder: async () => {
      const parent = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined
      const options = { title: 'Choose a workspace folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] }
      const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    // events go to the main window only; each workspace's harness is wired as it starts
    onStarted: (running) =>
      running.events.subscribe((event) => {
        if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, event)
      }),
  })
  // SCIM_HARNESS_DATA (tests, portable installs) wins; otherwise reopen where the admin left off
  const last = process.env['SCIM_HARNESS_DATA'] ? undefined : (await registry.read()).last
  // a remembered folder that was deleted or unplugged must not be silently recreated empty
  started = host.open(last !== undefined && existsSync(last) ? last : serverOptions.dataDir).then(limitHeapGrowth, failStartup)

  const isTrusted = mainWindowSenderCheck(() => mainWindow?.webContents, rendererEntry.url)
  // the window opens while the workspace loads; calls simply wait for the server
  registerConsoleApi(
    ipcMain,
    async (method, input) => {
      if (host === undefined || shutdown !== 'none') throw new Error('The SCIM server is not running.')
      return invokeConsole((await host.running).console, method, input)
    },
    isTrusted,
  )

  showMainWindow()
}

// one app instance per user: a second one would only fail on the workspace lock
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // both can fire before 'ready' (a fast double launch, a dock click), when no window may be created yet
  const showWhenReady = (): void => {
    if (app.isReady()) showMainWindow()
  }
  app.on('second-instance', showWhenReady)
  app.on('activate', showWhenReady)
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with the server running until Quit
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', (event) => {
    if (host === undefined || shutdown === 'closed') return
    // hold the quit until the server has closed its listener and released the workspace lock
    event.preventDefault()
    if (shutdown === 'closing') return
    shutdown = 'closing'
    const closing = host
    Promise.resolve(started)
      .then(() => closing.close())
      .catch((error: unknown) => console.error('SCIM Harness: closing the server failed:', error))
      .finally(() => {
        shutdown = 'closed'
        app.quit()
      })
  })
  app.whenReady().then(onReady).catch(failStartup)
}
