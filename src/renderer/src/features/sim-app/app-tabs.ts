/* The Enterprise app's sections and their URLs (#/sim/app?tab=mappings): a link can open one, a reload keeps it. */

export type AppTab = 'overview' | 'credentials' | 'mappings' | 'settings'

export const APP_TABS: { id: AppTab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'credentials', label: 'Admin Credentials' },
  { id: 'mappings', label: 'Mappings' },
  { id: 'settings', label: 'Settings' },
]

/** The name the Entra notifications use for this app ("Successfully updated <app name>"). */
export const APP_NAME = 'SCIM Harness (simulated enterprise app)'

export function appTabPath(tab: AppTab): string {
  return tab === 'overview' ? '/sim/app' : `/sim/app?tab=${tab}`
}

export function appTabOf(path: string): AppTab {
  const tab = new URLSearchParams(path.split('?')[1] ?? '').get('tab')
  return APP_TABS.some((t) => t.id === tab) ? (tab as AppTab) : 'overview'
}
