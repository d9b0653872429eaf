import type {
  Exchange,
  ModifiedProperty,
  ProvisioningAction,
  ProvisioningIdentity,
  ProvisioningLogEntry,
  ProvisioningStatus,
  ProvisioningStatusInfo,
  ProvisioningStepType,
} from '../../../../shared/console/provisioning-log-schema'

/*
 * Provisioning log entries: one per object per cycle, with the fields of Graph's
 * provisioningObjectSummary (azure-ad-provisioning.md 10.1), named as the portal's JSON download
 * names them (`action`, `statusInfo`; 10.3), plus the HTTP exchanges behind the entry (issue 3).
 * The shapes are the contract's (src/shared/console/provisioning-log-schema.ts); types only here,
 * no parsing, since entries are built in the cycle's hot loop.
 */

export type {
  ModifiedProperty,
  ProvisioningAction,
  ProvisioningIdentity,
  ProvisioningIdentityType,
  ProvisioningLogEntry,
  ProvisioningStatus,
  ProvisioningStatusInfo,
  ProvisioningStep,
  ProvisioningStepType,
} from '../../../../shared/console/provisioning-log-schema'

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
