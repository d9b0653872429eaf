import { constants as fsConstants, promises as fs } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { HarnessStatusView } from '../../shared/console/api'
import { makePrivateDir, writePrivateFile } from './store/private-files'

/*
 * Workspaces as in Postman: each data folder is one portal (settings, tokens, users, logs), and
 * the desktop app can open, create and switch between them. The list of recent folders and the
 * last one opened live in a small JSON file in the app's own folder, so a restart reopens where
 * the admin left off. `serve` has no host: it is bound to its --data folder. What makes a folder a
 * workspace is workspace-folder.ts.
 */

export interface RecentWorkspace {
  dir: string
  name: string
  lastOpened: string
}

const MAX_RECENT = 12

export class WorkspaceRegistry {
  constructor(private readonly file: string) {}

  async read(): Promise<{ last?: string; recent: RecentWorkspace[] }> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as { last?: unknown; recent?: unknown }
      const recent = Array.isArray(parsed.recent)
        ? parsed.recent.filter((r): r is RecentWorkspace => typeof r?.dir === 'string' && typeof r?.name === 'string' && typeof r?.lastOpened === 'string')
        : []
      return { ...(typeof parsed.last === 'string' ? { last: parsed.last } : {}), recent }
    } catch {
      // missing or damaged: the registry is a convenience, the workspaces themselves are untouched
      return { recent: [] }
    }
  }

  async remember(dir: string, now = new Date()): Promise<RecentWorkspace[]> {
    const { recent } = await this.read()
    const entry = { dir, name: basename(dir) || dir, lastOpened: now.toISOString() }
    const next = [entry, ...recent.filter((r) => r.dir !== dir)].slice(0, MAX_RECENT)
    await makePrivateDir(dirname(this.file))
    // write beside and rename: a crash mid-write leaves the old list, never half a file.
    // 0600: the list names every workspace folder this user has opened.
    const temp = `${this.file}.tmp`
    await writePrivateFile(temp, `${JSON.stringify({ last: dir, recent: next }, null, 2)}\n`)
    await fs.rename(temp, this.file)
    return next
  }
}

/** What the console's workspace methods need from the process that hosts the harness. */
export interface WorkspaceHost {
  recent(): Promise<RecentWorkspace[]>
  /**
   * Closes the current workspace and opens `dir` (already checked), reopening the old one if that
   * fails; resolves to the new harness's status (the caller's own handlers belong to the old one).
   */
  switchTo(dir: string): Promise<HarnessStatusView>
  /** A native folder picker (desktop only). */
  pickFolder?(): Promise<string | null>
}

/** The registry file beside the default workspace, in the app's per-user folder. */
export function registryFileIn(appDataDir: string): string {
  return join(appDataDir, 'workspaces.json')
}

/** The folder Electron used before package.json had a productName: it names the app after "name". */
export const LEGACY_APP_FOLDER = 'scim-harness'

/**
 * Moves the recent-workspaces list out of the app's old folder, once (issue 17, item 2). Without a
 * productName Electron kept the app's own files in <appData>/scim-harness while the default
 * workspace lived in <appData>/SCIM Harness; with "SCIM Harness" as productName both are in one
 * folder. A list already in the new folder wins and the old one is left alone; a missing old
 * list is nothing to do. Resolves to what happened, for the log.
 */
export async function adoptLegacyRegistry(appDataDir: string, userDataDir: string): Promise<'moved' | 'nothing-to-move' | 'kept-current'> {
  const legacy = registryFileIn(join(appDataDir, LEGACY_APP_FOLDER))
  const current = registryFileIn(userDataDir)
  if (resolve(legacy) === resolve(current)) return 'nothing-to-move'
  try {
    await fs.access(legacy)
  } catch {
    return 'nothing-to-move'
  }
  await makePrivateDir(userDataDir)
  try {
    // COPYFILE_EXCL: never overwrite a list the renamed app already wrote, even in a race
    await fs.copyFile(legacy, current, fsConstants.COPYFILE_EXCL)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'kept-current'
    throw error
  }
  await fs.chmod(current, 0o600).catch(() => undefined)
  await fs.rm(legacy, { force: true })
  return 'moved'
}
