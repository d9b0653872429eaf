import { create } from 'zustand'

/*
 * Where the Users and Groups tables stand: page and filters. Kept outside the screens so that
 * opening a user and coming back (or following a link from a group) lands on the same page with
 * the same filters, as in a mail client.
 */

export const USERS_PAGE_SIZE = 50
export const GROUPS_PAGE_SIZE = 50

export type UserStatusFilter = 'all' | 'active' | 'inactive'

export interface UsersView {
  offset: number
  /** The search sent to the server (already debounced by the screen). */
  search: string
  status: UserStatusFilter
  /** A CAL name, or '' for every CAL. */
  cal: string
  /** The group the list is narrowed to, with its name for the picker; undefined for every group. */
  group: { id: string; displayName: string } | undefined
}

interface UsersViewState extends UsersView {
  setOffset(offset: number): void
  /** Changes filters and goes back to the first page (page 7 of another filter means nothing). */
  setFilters(change: Partial<Omit<UsersView, 'offset'>>): void
  clearFilters(): void
}

const noFilters: Omit<UsersView, 'offset'> = { search: '', status: 'all', cal: '', group: undefined }

export const useUsersView = create<UsersViewState>((set) => ({
  offset: 0,
  ...noFilters,
  setOffset: (offset) => set({ offset }),
  setFilters: (change) => set({ ...change, offset: 0 }),
  clearFilters: () => set({ ...noFilters, offset: 0 }),
}))

/** Whether any filter narrows the list (the empty state then says "no match", not "no users"). */
export function hasUserFilters(view: UsersView): boolean {
  return view.search.trim() !== '' || view.status !== 'all' || view.cal !== '' || view.group !== undefined
}

interface GroupsViewState {
  offset: number
  search: string
  setOffset(offset: number): void
  setSearch(search: string): void
}

export const useGroupsView = create<GroupsViewState>((set) => ({
  offset: 0,
  search: '',
  setOffset: (offset) => set({ offset }),
  setSearch: (search) => set({ search, offset: 0 }),
}))
