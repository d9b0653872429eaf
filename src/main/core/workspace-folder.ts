import { promises as fs } from 'node:fs'
import { homedir, platform } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { ConsoleRefusal } from './api/console-error'
import { BACKUP_FILE, isJournalName, LOCK_FILE, SNAPSHOT_FILE } from './store'
import { makePrivateDir } from './store/private-files'

/*
 * A workspace's folder: where it lives by default, and whether a folder holds one or can take one.
 * The default must be the same for the desktop app and the CLI (PRODUCT.md: "--data defaults to
 * the same per-user folder the desktop app uses"), so it mirrors Electron's app.getPath('userData')
 * for an app named "SCIM Harness", without importing Electron.
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

/** A folder holds a workspace when it has one of the store's files in it (the store names them). */
function isWorkspaceFile(name: string): boolean {
  return name === SNAPSHOT_FILE || name === BACKUP_FILE || name === LOCK_FILE || isJournalName(name)
}

/**
 * Checks a folder before opening it as a workspace: an absolute path; for `open`, an existing
 * folder holding a workspace; for `create`, a folder that is missing or empty (it is created).
 * Returns the normalised path or throws a refusal saying what to do.
 */
export async function checkWorkspaceFolder(dir: string, mode: 'open' | 'create'): Promise<string> {
  if (!isAbsolute(dir)) throw new ConsoleRefusal('invalid-input', `Give the full path of the folder ('${dir}' is relative).`, 'dir')
  const path = resolve(dir)
  let entries: string[] | undefined
  try {
    const stat = await fs.stat(path)
    if (!stat.isDirectory()) throw new ConsoleRefusal('invalid-input', `${path} is a file, not a folder.`, 'dir')
    entries = await fs.readdir(path)
  } catch (error) {
    if (error instanceof ConsoleRefusal) throw error
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConsoleRefusal('invalid-input', `${path} cannot be read: ${(error as Error).message}`, 'dir')
  }
  if (mode === 'open') {
    if (entries === undefined) throw new ConsoleRefusal('not-found', `There is no folder ${path}. Use "New workspace" to create one.`, 'dir')
    if (!entries.some(isWorkspaceFile)) {
      throw new ConsoleRefusal('not-a-workspace', `${path} does not hold a SCIM Harness workspace. Use "New workspace" to start one in an empty folder.`, 'dir')
    }
  } else {
    if (entries !== undefined && entries.length > 0) {
      throw new ConsoleRefusal(
        'folder-not-empty',
        `${path} is not empty. Choose an empty or new folder for a new workspace, or open it if it already is one.`,
        'dir',
      )
    }
    await makePrivateDir(path)
  }
  return path
}
