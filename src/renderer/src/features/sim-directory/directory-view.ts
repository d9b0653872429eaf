import { create } from 'zustand'

/*
 * Where the Directory's tables stand (tab, page, search, filter), kept outside the screen so that
 * opening a user and coming back lands on the same page with the same filter.
 */

export const SIM_PAGE_SIZE = 50

export type SimUserFilter = 'all' | 'assigned' | 'inScope' | 'softDeleted' | 'blocked'

export const USER_FILTERS: { id: SimUserFilter; label: string }[] = [
  { id: 'all', label: 'All users' },
  { id: 'assigned', label: 'Assigned to the app' },
  { id: 'inScope', label: 'In provisioning scope' },
  { id: 'softDeleted', label: 'Deleted users (soft deleted)' },
  { id: 'blocked', label: 'Sign-in blocked' },
]

interface DirectoryView {
  tab: 'users' | 'groups'
  users: { offset: number; search: string; filter: SimUserFilter }
  groups: { offset: number; search: string }
  setTab(tab: DirectoryView['tab']): void
  setUsers(change: Partial<DirectoryView['users']>): void
  setGroups(change: Partial<DirectoryView['groups']>): void
  reset(): void
}

const initial = { tab: 'users' as const, users: { offset: 0, search: '', filter: 'all' as SimUserFilter }, groups: { offset: 0, search: '' } }

export const useDirectoryView = create<DirectoryView>((set) => ({
  ...initial,
  setTab: (tab) => set({ tab }),
  // a new search or filter starts on the first page; a page change keeps both
  setUsers: (change) => set((s) => ({ users: { ...s.users, ...change, offset: change.offset ?? 0 } })),
  setGroups: (change) => set((s) => ({ groups: { ...s.groups, ...change, offset: change.offset ?? 0 } })),
  reset: () => set(initial),
}))
