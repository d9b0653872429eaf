import { create } from 'zustand'
import {
  provisioningActionSchema,
  provisioningStatusSchema,
  type ProvisioningIdentityType,
  type ProvisioningStatus,
} from '@shared/console/provisioning-log-schema'

/*
 * The Provisioning logs view (filters, search, page) outlives the screen: opening an entry's
 * detail (`/sim/logs/<id>`) and coming back keeps the view the admin had narrowed down.
 */

export const LOGS_PAGE_SIZE = 50

/** The portal's action and status names (azure-ad-provisioning.md 10.1), as the contract lists them. */
export const LOG_ACTIONS = provisioningActionSchema.options
export const LOG_STATUSES = provisioningStatusSchema.options

export interface LogFilters {
  search: string
  action: string
  status: '' | ProvisioningStatus
  identityType: '' | ProvisioningIdentityType
  cycleId: string
}

interface LogsViewState extends LogFilters {
  offset: number
  setFilters(patch: Partial<LogFilters>): void
  setOffset(offset: number): void
  clearFilters(): void
}

const NO_FILTERS: LogFilters = { search: '', action: '', status: '', identityType: '', cycleId: '' }

export const useLogsView = create<LogsViewState>((set) => ({
  ...NO_FILTERS,
  offset: 0,
  // a new filter starts from the first page: the old offset may be past the new total
  setFilters: (patch) => set({ ...patch, offset: 0 }),
  setOffset: (offset) => set({ offset }),
  clearFilters: () => set({ ...NO_FILTERS, offset: 0 }),
}))

export function hasLogFilters(view: LogFilters): boolean {
  return view.search.trim() !== '' || view.action !== '' || view.status !== '' || view.identityType !== '' || view.cycleId.trim() !== ''
}

/** The sim.logs.list input for a view: empty filters are left out. */
export function logsQuery(view: LogFilters & { offset: number }) {
  return {
    offset: view.offset,
    limit: LOGS_PAGE_SIZE,
    search: view.search.trim() || undefined,
    action: view.action || undefined,
    status: view.status || undefined,
    identityType: view.identityType || undefined,
    cycleId: view.cycleId.trim() || undefined,
  }
}
