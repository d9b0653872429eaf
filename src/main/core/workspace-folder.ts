import { homedir, platform } from 'node:os'
import { join } from 'node:path'

/*
 * Where a workspace lives by default. The desktop app and the CLI must agree (PRODUCT.md:
 * "--data defaults to the same per-user folder the desktop app uses"), so this mirrors
 * Electron's app.getPath('userData') for an app named "SCIM Harness", without importing Electron.
 */

const APP_FOLDER = 'SCIM Harness'

/** The per-user workspace folder; SCIM_HARNESS_DATA overrides it (tests, portable installs). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCIM_HARNESS_DATA) return env.SCIM_HARNESS_DATA
  const home = homedir()
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER, 'workspace')
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER, 'workspace')
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER, 'workspace')
  }
}
