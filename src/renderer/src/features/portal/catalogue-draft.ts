import type { CatalogueEntry, PortalSettings, SettingsChange } from '../../stores/portal-store'

/*
 * The CAL catalogue as the General screen edits it: each row remembers the name it was saved
 * under, so a rename can be told from a removal plus an addition and carried to the default CAL
 * and the rules that target the CAL (the server then re-evaluates every user's CAL).
 */

let nextKey = 0

export function catalogueOf(cals: readonly string[]): CatalogueEntry[] {
  return cals.map((name) => ({ key: `cal-${++nextKey}`, original: name, name }))
}

export function newCatalogueEntry(name: string): CatalogueEntry {
  return { key: `cal-${++nextKey}`, original: null, name }
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * The settings change that turns the saved catalogue into the edited one: `cals` in the new
 * order, and `defaultCal` and `calRules` only when a rename touches them. A removed CAL that is
 * still in use is left for the server to refuse (calInUse), with the field it is used by.
 */
export function catalogueChange(saved: PortalSettings, entries: readonly CatalogueEntry[]): SettingsChange {
  const cals = entries.map((e) => e.name.trim())
  const renames = entries.filter((e) => e.original !== null && e.name.trim() !== e.original).map((e) => ({ from: e.original!, to: e.name.trim() }))
  const renamed = (cal: string): string => renames.find((r) => same(r.from, cal))?.to ?? cal
  const change: SettingsChange = {}
  if (JSON.stringify(cals) !== JSON.stringify(saved.cals)) change.cals = cals
  if (saved.defaultCal !== null && renamed(saved.defaultCal) !== saved.defaultCal) change.defaultCal = renamed(saved.defaultCal)
  if (saved.calRules.some((r) => renamed(r.targetCal) !== r.targetCal)) change.calRules = saved.calRules.map((r) => ({ ...r, targetCal: renamed(r.targetCal) }))
  return change
}

/** What the editor can tell before the server does: empty and duplicate names, per row. */
export function catalogueProblems(entries: readonly CatalogueEntry[]): Map<string, string> {
  const problems = new Map<string, string>()
  const seen = new Map<string, string>()
  for (const entry of entries) {
    const name = entry.name.trim()
    if (name === '') problems.set(entry.key, 'A CAL needs a name.')
    else if (seen.has(name.toLowerCase()))
      problems.set(entry.key, `“${seen.get(name.toLowerCase())}” is already in the catalogue. Give each CAL a distinct name.`)
    seen.set(name.toLowerCase(), name)
  }
  return problems
}
