import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { simulatorOptionsSchema } from '../../../shared/console/simulator-api'
import { describeZodError, sourceDirectorySchema } from '../azure/directory'
import { attributeMappingListSchema } from '../azure/mappings'
import { scenarioStepSchema } from '../azure/scenarios'
import { PRIVATE_FILE_MODE } from '../store/private-files'

/*
 * simulator.json in the workspace folder: what the simulated Entra ID needs to come back as it
 * was after a restart (the directory, the enterprise app, the simulator's options and the
 * recorded timeline; the Secret Token is in the secret store, see secrets/). Each part has the
 * scenario file's shapes (directory, app settings, steps), wrapped with what a scenario does not
 * hold: the Tenant URL, the options, the replay cursor and the live directory beside the
 * timeline's baseline. The job's own state (watermark, links, escrow, logs) is not saved: after
 * a restart the first cycle is an initial one, which matches the target users already there.
 *
 * Writes are atomic (a temp file renamed over the old one), debounced after changes and flushed
 * on close. A file that cannot be read back is moved aside, never silently replaced.
 */

export const SIMULATOR_FILE = 'simulator.json'
export const SIMULATOR_FILE_FORMAT = 'scim-harness-simulator'

const assignmentsSchema = z.strictObject({ userIds: z.array(z.string()), groupIds: z.array(z.string()) })

export const simulatorFileSchema = z.strictObject({
  format: z.literal(SIMULATOR_FILE_FORMAT),
  version: z.literal(1),
  savedAt: z.string(),
  settings: z.strictObject({
    /** null: this harness's own Base URI, whatever port it listens on next time. */
    tenantUrl: z.string().nullable(),
    /** Read only, from files written before issue 14: the token now lives in the secret store (secrets.json). */
    token: z.string().optional(),
    speed: z.number().positive(),
    options: simulatorOptionsSchema,
  }),
  app: z.strictObject({
    appName: z.string().optional(),
    dialect: z.enum(['default2017', 'compliant', 'legacy']),
    scope: z.enum(['assigned', 'all']),
    assignments: assignmentsSchema,
    userMappings: attributeMappingListSchema,
    groupMappings: attributeMappingListSchema,
    targetActions: z.strictObject({ create: z.boolean(), update: z.boolean(), delete: z.boolean() }),
    provisionGroups: z.boolean(),
    notificationEmail: z.string().optional(),
    sendFailureNotification: z.boolean().optional(),
    preventAccidentalDeletions: z.boolean().optional(),
    accidentalDeletionThreshold: z.number().int().min(1).optional(),
  }),
  directory: z.unknown(),
  recording: z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    opened: z.boolean(),
    cursor: z.number().int().min(0),
    baseline: z.strictObject({ directory: z.union([z.literal('current'), sourceDirectorySchema]), assignments: assignmentsSchema }),
    steps: z.array(scenarioStepSchema),
  }),
})
export type SimulatorFile = z.output<typeof simulatorFileSchema>

export type LoadResult<T> = { kind: 'none' } | { kind: 'loaded'; file: SimulatorFile; value: T } | { kind: 'damaged'; movedTo: string; reason: string }

/**
 * Reads simulator.json; a damaged one is moved to simulator.json.corrupt-<time> and reported.
 * `prepare` turns a file that parses into what the caller needs (loading its directories), and
 * may throw to refuse it.
 */
export async function loadSimulatorFile<T>(dataDir: string, prepare: (file: SimulatorFile) => T, now = new Date()): Promise<LoadResult<T>> {
  const path = join(dataDir, SIMULATOR_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    throw error
  }
  let reason: string
  try {
    const parsed = simulatorFileSchema.safeParse(JSON.parse(text))
    if (parsed.success) {
      return { kind: 'loaded', file: parsed.data, value: prepare(parsed.data) }
    }
    reason = describeZodError(parsed.error).message
  } catch (error) {
    reason = (error as Error).message
  }
  const movedTo = `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`
  await rename(path, movedTo)
  return { kind: 'damaged', movedTo, reason }
}

/** Writes simulator.json atomically: a temp file beside it, renamed over it. */
export async function writeSimulatorFile(dataDir: string, file: SimulatorFile): Promise<void> {
  const path = join(dataDir, SIMULATOR_FILE)
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temp, JSON.stringify(file), { mode: PRIVATE_FILE_MODE })
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** Runs `save` once changes stop for `delayMs`, never two at once; flush() saves now if anything is pending. */
export class DebouncedSaver {
  private timer: NodeJS.Timeout | undefined
  private pending = false
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  changed(): void {
    this.pending = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.flush(), this.delayMs)
    this.timer.unref()
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.writing
    if (!this.pending) return
    this.pending = false
    this.writing = this.save().catch((error) => {
      this.pending = true
      this.onError(error)
    })
    await this.writing
  }
}
