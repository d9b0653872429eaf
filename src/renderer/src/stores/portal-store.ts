import { create } from 'zustand'
import type { z } from 'zod'
import type { ConsoleError, ConsoleInput, ConsoleOutput, ConsoleResult, PortalView, TokenView } from '@shared/console/api'
import type { portalSettingsSchema } from '@shared/console/portal-schemas'
import { api } from '../lib/api'

/*
 * The portal's settings and API tokens as the server last reported them, and the unsaved edits
 * of the two settings screens (Provisioning, General). Edits live here rather than in the screens
 * so leaving a screen and coming back keeps them, and they are kept apart from the saved view so
 * a refetch (the workspace changed, a token was created) never overwrites what the admin typed.
 */

export type PortalSettings = z.infer<typeof portalSettingsSchema>
export type SettingsChange = Partial<PortalSettings>

/** One CAL in the General screen's catalogue editor; `original` is its saved name (null when added). */
export interface CatalogueEntry {
  key: string
  original: string | null
  name: string
}

export interface GeneralDraft {
  name?: string
  domainPolicy?: PortalSettings['domainPolicy']
  /** The whole edited catalogue, once the admin touched it. */
  catalogue?: CatalogueEntry[]
}

interface PortalState {
  view: PortalView | undefined
  loadError: ConsoleError | undefined
  load(): Promise<void>
  /** Save Changes: sends a settings change; on success the view becomes the server's answer. */
  save(change: SettingsChange): Promise<ConsoleResult<PortalView>>
  /** Generate API Token: takes effect at once (no Save Changes); the view is refetched. */
  createToken(input: ConsoleInput<'tokens.create'>): Promise<ConsoleResult<ConsoleOutput<'tokens.create'>>>
  revokeToken(id: string): Promise<ConsoleResult<TokenView>>

  provisioningEdits: SettingsChange
  editProvisioning(change: SettingsChange): void
  discardProvisioning(): void

  generalDraft: GeneralDraft
  editGeneral(change: GeneralDraft): void
  discardGeneral(): void
}

let generation = 0

export const usePortal = create<PortalState>((set, get) => ({
  view: undefined,
  loadError: undefined,
  async load() {
    const mine = ++generation
    const result = await api.call('portal.get')
    // an older answer arriving after a newer one (or after a save) must not win
    if (mine !== generation) return
    if (result.ok) set({ view: result.value, loadError: undefined })
    else set({ loadError: result.error })
  },
  async save(change) {
    const result = await api.call('portal.update', change)
    if (result.ok) {
      generation++
      set({ view: result.value, loadError: undefined })
    }
    return result
  },
  async createToken(input) {
    const result = await api.call('tokens.create', input)
    if (result.ok) await get().load()
    return result
  },
  async revokeToken(id) {
    const result = await api.call('tokens.revoke', { id })
    if (result.ok) await get().load()
    return result
  },

  provisioningEdits: {},
  editProvisioning(change) {
    set({ provisioningEdits: { ...get().provisioningEdits, ...change } })
  },
  discardProvisioning() {
    set({ provisioningEdits: {} })
  },

  generalDraft: {},
  editGeneral(change) {
    set({ generalDraft: { ...get().generalDraft, ...change } })
  },
  discardGeneral() {
    set({ generalDraft: {} })
  },
}))

/** The fields of `edits` whose value differs from the saved settings: what Save Changes sends. */
export function changedSettings(saved: PortalSettings, edits: SettingsChange): SettingsChange {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(edits)) {
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(saved[key as keyof PortalSettings])) out[key] = value
  }
  return out as SettingsChange
}

/** `calRules[2].matchingText` -> `calRules`: the setting a refusal's field belongs to. */
export function fieldRoot(field: string | undefined): string | undefined {
  return field === undefined ? undefined : /^[A-Za-z]+/.exec(field)?.[0]
}

/** `calRules[2].matchingText` -> { index: 2, part: 'matchingText' }; undefined for other fields. */
export function ruleField(field: string | undefined): { index: number; part: string | undefined } | undefined {
  const match = field === undefined ? null : /^calRules\[(\d+)\](?:\.(\w+))?/.exec(field)
  return match ? { index: Number(match[1]), part: match[2] } : undefined
}
