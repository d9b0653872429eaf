/**
 * Owner-only permissions for everything the harness writes about a workspace (issue 14, item 3):
 * the snapshot, journal and backup hold every provisioned user; the request log holds SCIM
 * bodies; the lock names the server's address. On a shared machine none of it is for other
 * accounts, so folders are created 0700 and files 0600.
 *
 * An explicit mode on each create rather than process.umask(): the umask is process-wide and
 * would also change the files Electron and Chromium write for their own purposes.
 *
 * Windows ignores POSIX modes (Node maps them to the read-only attribute at most); there the
 * folders live in the user's profile, whose ACL already keeps other accounts out.
 */

import { promises as fs } from 'node:fs'
import { join } from 'node:path'

/** rwx for the owner only. */
export const PRIVATE_DIR_MODE = 0o700
/** rw for the owner only. */
export const PRIVATE_FILE_MODE = 0o600

/** Group and other bits: a file or folder with any of them set is readable by other accounts. */
const SHARED_BITS = 0o077

/** Creates a folder (and missing parents) readable only by this user account. */
export async function makePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** Writes a whole file created 0600; an existing file keeps its inode but loses group/other bits. */
export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  await fs.writeFile(path, data, { mode: PRIVATE_FILE_MODE })
  await tighten(path, PRIVATE_FILE_MODE)
}

/**
 * The files the harness writes in a workspace folder, with their temp, backup, claim and
 * set-aside forms: the snapshot (and `.snapshot.json.tmp`), the journal generations, the lock,
 * the request logs and their rotations (store/), simulator.json (simulator/persistence.ts) and
 * secrets.json (secrets/secrets-file.ts). Listed here, not imported, because store/ sits below
 * the modules that own the last two names.
 */
const HARNESS_FILE = /^\.?(?:snapshot\.json|harness\.lock|journal-\d+\.ndjson|requests(?:-refused)?(?:\.\d+)?\.ndjson|simulator\.json|secrets\.json)(?:\..*)?$/

/**
 * Takes group and other permissions off a workspace folder and the files the harness keeps in
 * it, for workspaces created before modes were set (0755/0644 under the usual umask). Returns how
 * many entries were changed so the caller can say so.
 *
 * Only the harness's own files: `--data` may name a folder that also holds the user's own files
 * (`serve --data .` in a project), whose modes are theirs (a script keeps its execute bit).
 * Those are out of other accounts' reach anyway once the folder is 0700.
 */
export async function tightenWorkspace(dir: string): Promise<number> {
  if (process.platform === 'win32') return 0
  let changed = (await tighten(dir, PRIVATE_DIR_MODE)) ? 1 : 0
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && HARNESS_FILE.test(entry.name) && (await tighten(join(dir, entry.name), PRIVATE_FILE_MODE))) changed++
  }
  return changed
}

/** chmod only when group/other bits are set; symlinks are left alone (chmod would follow them out of the folder). */
async function tighten(path: string, mode: number): Promise<boolean> {
  if (process.platform === 'win32') return false
  let stat
  try {
    stat = await fs.lstat(path)
  } catch {
    return false // removed meanwhile (a rotated log, a temp file renamed into place)
  }
  if (stat.isSymbolicLink() || (stat.mode & SHARED_BITS) === 0) return false
  try {
    await fs.chmod(path, mode)
    return true
  } catch {
    return false // owned by another account (EPERM) or a read-only mount: leave it, the workspace still opens
  }
}
