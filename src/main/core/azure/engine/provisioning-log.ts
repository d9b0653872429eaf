import type { Exchange } from './exchange'

/*
 * Provisioning log entries: one per object per cycle, with the fields of Graph's
 * provisioningObjectSummary (azure-ad-provisioning.md 10.1), named as the portal's JSON download
 * names them (`action`, `statusInfo`; 10.3), plus the HTTP exchanges behind the entry (issue 3).
 */

/** The portal's action names (10.1): "Other" covers "already in sync, no change". */
export type ProvisioningAction = 'Create' | 'Update' | 'Delete' | 'Disable' | 'Other' | 'StagedDelete'
export type ProvisioningStatus = 'Success' | 'Failure' | 'Skipped' | 'Warning'
export type ProvisioningStepType = 'Import' | 'Scoping' | 'Matching' | 'Processing' | 'ReferenceResolution' | 'Export'
export type ProvisioningIdentityType = 'User' | 'Group'

export interface ProvisioningStep {
  /** Entra's step names where samples show them (EntryImportAdd, EntrySynchronizationAdd, EntryExportAdd...); others [U]. */
  name: string
  type: ProvisioningStepType
  status: ProvisioningStatus
  description: string
  details: Record<string, string>
}

/** A changed attribute: source attribute names where the mapping is direct, else the target path [U]. */
export interface ModifiedProperty {
  displayName: string
  oldValue: string | null
  newValue: string | null
}

export interface ProvisioningIdentity {
  id: string
  displayName: string
  type: ProvisioningIdentityType
}

export interface ProvisioningStatusInfo {
  /** An error code of 10.2, or RedundantExport / a skip reason for Skipped entries. */
  errorCode: string
  reason: string
  recommendedAction?: string
}

export interface ProvisioningLogEntry {
  id: string
  cycleId: string
  /** Unique per change within a cycle; the CSV downloads join on it (10.3). */
  changeId: string
  activityDateTime: string
  action: ProvisioningAction
  status: ProvisioningStatus
  /** Present unless the status is Success. */
  statusInfo?: ProvisioningStatusInfo
  steps: ProvisioningStep[]
  modifiedProperties: ModifiedProperty[]
  sourceIdentity: ProvisioningIdentity
  /** The target object; id '' when none was found or created. */
  targetIdentity: ProvisioningIdentity
  durationMs: number
  exchanges: Exchange[]
  /** Produced by provision on demand (section 9) rather than a cycle; absent for cycle entries. */
  onDemand?: boolean
}

/** Builds one entry while an object is processed; `finish` stamps the duration. */
export class LogEntryDraft {
  readonly entry: ProvisioningLogEntry
  private readonly started = Date.now()

  constructor(init: { id: string; cycleId: string; changeId: string; activityDateTime: string; source: ProvisioningIdentity }) {
    this.entry = {
      id: init.id,
      cycleId: init.cycleId,
      changeId: init.changeId,
      activityDateTime: init.activityDateTime,
      action: 'Other',
      status: 'Success',
      steps: [],
      modifiedProperties: [],
      sourceIdentity: init.source,
      targetIdentity: { id: '', displayName: init.source.displayName, type: init.source.type },
      durationMs: 0,
      exchanges: [],
    }
  }

  step(type: ProvisioningStepType, name: string, status: ProvisioningStatus, description: string, details: Record<string, string> = {}): this {
    this.entry.steps.push({ name, type, status, description, details })
    return this
  }

  exchange(exchange: Exchange): this {
    this.entry.exchanges.push(exchange)
    return this
  }

  target(id: string, displayName?: string): this {
    this.entry.targetIdentity.id = id
    if (displayName !== undefined) this.entry.targetIdentity.displayName = displayName
    return this
  }

  outcome(action: ProvisioningAction, status: ProvisioningStatus, info?: ProvisioningStatusInfo): this {
    this.entry.action = action
    this.entry.status = status
    if (info) this.entry.statusInfo = info
    else delete this.entry.statusInfo
    return this
  }

  modified(properties: ModifiedProperty[]): this {
    this.entry.modifiedProperties.push(...properties)
    return this
  }

  finish(): ProvisioningLogEntry {
    this.entry.durationMs = Date.now() - this.started
    return this.entry
  }
}
