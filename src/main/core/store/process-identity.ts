/**
 * Who a process is, beyond its pid, so a workspace lock can tell its owner from a stranger that
 * was given the same pid later (issue 14, item 5). A pid alone is not enough: a server that ran
 * as pid 1 in a container and was killed comes back as pid 1, and would find "itself" holding
 * the lock forever.
 *
 * Linux: the kernel's boot id (/proc/sys/kernel/random/boot_id, new at every boot) and the
 * process start time (field 22 of /proc/<pid>/stat, clock ticks since boot; proc(5)). The pair
 * is unique for the life of the machine. Elsewhere (macOS, Windows) neither exists without
 * native code, so liveness falls back to the pid alone (process.kill(pid, 0)), as before.
 */

import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'

export interface ProcessIdentity {
  /** os.hostname(): a lock from another host (a shared network folder) is never judged from here. */
  host: string
  /** The kernel boot id; absent where the platform has none. */
  bootId?: string
  /** The process start time in clock ticks since boot, as text; absent where unreadable. */
  pidStart?: string
}

let cachedBootId: string | null | undefined

/** The kernel boot id, or undefined off Linux. */
export function bootId(): string | undefined {
  if (cachedBootId === undefined) cachedBootId = readProc('/proc/sys/kernel/random/boot_id')?.trim() || null
  return cachedBootId ?? undefined
}

/**
 * The start time of `pid` (proc(5): field 22 of /proc/<pid>/stat), or undefined when the process
 * does not exist or the platform has no /proc. The second field (the command name, in
 * parentheses) may itself hold spaces and parentheses, so fields are counted after the last ')'.
 */
export function processStartTime(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`)
  if (stat === undefined) return undefined
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state), so field 22 is fields[19]
  const start = fields[19]
  return start !== undefined && /^\d+$/.test(start) ? start : undefined
}

/** This process's identity, to be written into a lock it takes. */
export function currentProcessIdentity(): ProcessIdentity {
  const boot = bootId()
  const start = processStartTime(process.pid)
  return { host: hostname(), ...(boot !== undefined && { bootId: boot }), ...(start !== undefined && { pidStart: start }) }
}

/** What is known of a pid on this host right now. */
export type Liveness = 'alive' | 'dead' | 'reused'

/**
 * Whether the process a lock names still runs on this host. `reused`: a process with that pid
 * runs, but it started at another time or the machine has rebooted since, so it is not the
 * lock's owner.
 */
export function liveness(pid: number, recorded: { bootId?: string; pidStart?: string }): Liveness {
  const boot = bootId()
  // another boot: every process of the old one is gone, whatever pid now runs
  if (recorded.bootId !== undefined && boot !== undefined && recorded.bootId !== boot) return 'reused'
  if (!pidExists(pid)) return 'dead'
  if (recorded.pidStart === undefined) return 'alive' // an older lock, or a platform without start times
  const start = processStartTime(pid)
  if (start === undefined) return 'alive' // cannot tell (no /proc): trust the pid, as before
  return start === recorded.pidStart ? 'alive' : 'reused'
}

/** process.kill(pid, 0) probes without signalling; EPERM means alive but owned by another account. */
function pidExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readProc(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
