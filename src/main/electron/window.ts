/**
 * The main window: its hardened options, where its page comes from, and its creation.
 *
 * Only `import type` from 'electron': the BrowserWindow class is passed in by src/main/index.ts,
 * which keeps this module loadable by unit tests under plain Node.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'

/** Where the renderer page is loaded from: the built file, or the electron-vite dev server. */
export type RendererEntry = { kind: 'file'; path: string; url: string } | { kind: 'url'; url: string }

/**
 * Resolves the renderer entry relative to the built main bundle (`out/main`).
 * `devServerUrl` is electron-vite's ELECTRON_RENDERER_URL; it is ignored in a packaged app so a
 * stray environment variable cannot point the installed app at someone else's server.
 */
export function resolveRendererEntry(mainDir: string, devServerUrl: string | undefined, isPackaged: boolean): RendererEntry {
  if (devServerUrl && !isPackaged) return { kind: 'url', url: devServerUrl }
  const path = join(mainDir, '../renderer/index.html')
  return { kind: 'file', path, url: pathToFileURL(path).href }
}

/** The preload bundle next to the main bundle, as electron-vite lays out `out/`. */
export function resolvePreloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.js')
}

/**
 * Options for the main window, following Electron's security checklist: an isolated, sandboxed
 * renderer without Node, web security on, and a preload as the only bridge. `iconPath` is the
 * window's icon on Linux and Windows (taskbar, window switcher); macOS takes the bundle's icon
 * and ignores it. Without it a Linux desktop shows a generic icon.
 */
export function buildWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    title: 'SCIM Harness',
    ...(iconPath !== undefined ? { icon: iconPath } : {}),
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    // shown on ready-to-show so the user never sees an empty white frame
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

/** Creates the main window and loads the renderer; the window shows itself once painted. */
export function createMainWindow(BrowserWindowClass: typeof BrowserWindow, entry: RendererEntry, preloadPath: string, iconPath?: string): BrowserWindow {
  const window = new BrowserWindowClass(buildWindowOptions(preloadPath, iconPath))
  window.once('ready-to-show', () => window.show())
  // a failed load is reported by Electron as 'did-fail-load'; the promise rejection adds nothing
  const loading = entry.kind === 'file' ? window.loadFile(entry.path) : window.loadURL(entry.url)
  loading.catch(() => undefined)
  return window
}
