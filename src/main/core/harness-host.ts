import type { HarnessStatusView } from '../../shared/console/api'
import { ConsoleRefusal } from './api/console-error'
import type { HarnessOptions, RunningHarness } from './harness'
import type { WorkspaceHost, RecentWorkspace, WorkspaceRegistry } from './workspace-registry'

/*
 * The desktop app's harness, with workspace switching: one running harness at a time, closed
 * (flushed, lock released) before the next opens on the same port, so the Base URI pasted into
 * Entra keeps working. If the new folder cannot be opened (locked by a `serve`, damaged), the
 * previous workspace is reopened and the admin is told why. Electron-free, so it is tested
 * under Node with real harnesses.
 */

export interface HarnessHostOptions {
  /** Starts a harness (the desktop app's falls back to a free port when the usual one is taken). */
  start(options: HarnessOptions): Promise<RunningHarness>
  /** Everything but the folder: host, port, owner, console page. */
  base: Omit<HarnessOptions, 'dataDir' | 'workspaces'>
  registry: WorkspaceRegistry
  pickFolder?: () => Promise<string | null>
  /** Called with every harness this host starts (the first and each switch): wire events here. */
  onStarted?: (harness: RunningHarness) => void
}

export class HarnessHost implements WorkspaceHost {
  private current: Promise<RunningHarness> | undefined
  private dataDir = ''
  private switching: Promise<unknown> = Promise.resolve()
  readonly pickFolder?: () => Promise<string | null>

  constructor(private readonly options: HarnessHostOptions) {
    this.pickFolder = options.pickFolder
  }

  /** The running harness (waits while a switch is under way). */
  get running(): Promise<RunningHarness> {
    if (!this.current) return Promise.reject(new Error('The SCIM server is not running.'))
    return this.current
  }

  /** Opens the first workspace (the entry point chooses it: an override, the last one opened, the default). */
  async open(dataDir: string): Promise<RunningHarness> {
    this.current = this.launch(dataDir, this.options.base.port)
    const harness = await this.current
    await this.options.registry.remember(dataDir).catch(() => undefined)
    return harness
  }

  async recent(): Promise<RecentWorkspace[]> {
    return (await this.options.registry.read()).recent
  }

  switchTo(dir: string): Promise<HarnessStatusView> {
    // one switch at a time: a double click must not open two harnesses
    const next = this.switching.then(() => this.doSwitch(dir))
    this.switching = next.catch(() => undefined)
    return next
  }

  async close(): Promise<void> {
    const harness = await this.current?.catch(() => undefined)
    await harness?.close()
  }

  private async doSwitch(dir: string): Promise<HarnessStatusView> {
    const old = await this.running
    if (dir === this.dataDir) return old.console['status.get']({})
    const previous = this.dataDir
    const port = old.port
    await old.close()
    try {
      this.current = this.launch(dir, port)
      const harness = await this.current
      await this.options.registry.remember(dir).catch(() => undefined)
      return harness.console['status.get']({})
    } catch (error) {
      this.current = this.launch(previous, port)
      await this.current
      throw new ConsoleRefusal(
        'workspace-unavailable',
        `${dir} could not be opened: ${error instanceof Error ? error.message : String(error)} ${previous} is open again.`,
        'dir',
      )
    }
  }

  private async launch(dataDir: string, port: number | undefined): Promise<RunningHarness> {
    const harness = await this.options.start({ ...this.options.base, dataDir, port, workspaces: this })
    this.dataDir = dataDir
    this.options.onStarted?.(harness)
    return harness
  }
}
