import type { OutboxMessage } from '../../../../shared/console/provisioning-log-schema'
import { ENTRA_CYCLE_INTERVAL_MS } from '../../../../shared/console/simulator-api'
import type { ProvisioningAppConfig } from './app-config'
import type { TestConnectionResult } from './test-connection'

/*
 * Quarantine (azure-ad-provisioning.md section 8): the job is quarantined for bad credentials or
 * a SCIM-compliance problem on the probe, whatever the counts, or for too many failures in a
 * cycle; while quarantined it runs once a day, and it leaves on the first cycle in which the
 * condition no longer holds. The reasons are the values of Graph's synchronizationQuarantine
 * `reason`; which count maps to which of them is [U].
 */

/** Entra's incremental cycle interval (3.1): about 40 minutes; the contract's, which the console's cycle clock also reads. */
export const CYCLE_INTERVAL_MS = ENTRA_CYCLE_INTERVAL_MS
/** While quarantined, cycles slow down to once a day (section 8). */
export const QUARANTINE_CYCLE_INTERVAL_MS = 24 * 3_600_000
/** "If the provisioning job stays in quarantine for more than four weeks, the provisioning job is disabled (stops running)" (section 8). */
export const QUARANTINE_MAX_MS = 28 * 24 * 3_600_000

/** Section 8's escrow thresholds; options so a test can reach them with a handful of objects. */
export interface QuarantineThresholds {
  /** Failures (reference failures excluded) below which the proportion rules are not considered. Default 5,000. */
  minFailures: number
  /** Quarantine when more than this share of the cycle's events failed. Default 0.4. */
  maxFailureRatio: number
  /** Quarantine when more than this many failed (reference failures excluded). Default 40,000. */
  maxFailures: number
  /** Quarantine when more than this many failed, reference failures included. Default 60,000. */
  absoluteMaxFailures: number
}

export const DEFAULT_QUARANTINE_THRESHOLDS: QuarantineThresholds = {
  minFailures: 5_000,
  maxFailureRatio: 0.4,
  maxFailures: 40_000,
  absoluteMaxFailures: 60_000,
}

export type QuarantineReason =
  | 'EncounteredQuarantineException'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  /** Accidental-deletions prevention held the cycle's disables and deletes (accidental-deletions.md). */
  | 'TooManyDeletes'

export interface Quarantine {
  reason: QuarantineReason
  /** What set it off: InvalidCredentials, ScimComplianceIssue, or the counts (Graph's quarantine `error`). */
  error: { code: string; message: string }
  /** ISO time on the engine's clock when this quarantine (with this reason) began. */
  since: string
  /**
   * ISO time when the job entered quarantine in this series (Graph's seriesBegan): a change of
   * reason keeps it, leaving quarantine ends the series. The four weeks count from it.
   */
  seriesBegan: string
}

/** Why a job is put in quarantine: the reason and the error, before the times are stamped. */
export type QuarantineCause = Omit<Quarantine, 'since' | 'seriesBegan'>

/**
 * The job as the admin center shows it: active, quarantined and why, or disabled after more
 * than four weeks in quarantine (with the quarantine it was in).
 */
export interface JobStatus {
  status: 'active' | 'quarantined' | 'disabled'
  quarantine?: Quarantine
  /** When the job was disabled (ISO, engine clock); only with status 'disabled'. */
  disabledAt?: string
}

/** One cycle's failure counts, as the escrow thresholds read them. */
export interface CycleFailures {
  /** Entries of the cycle (the "events"), reference-only failures excluded. */
  events: number
  /** Failed entries that are not reference failures. */
  failures: number
  /** Failed entries whose failure was a reference (manager, group member). */
  referenceFailures: number
}

/**
 * The credential and compliance triggers: a probe refused with 401/403, or answered other than
 * a 200 empty ListResponse. No answer at all (CredentialValidationUnavailable) is not one [U].
 */
export function probeQuarantine(probe: TestConnectionResult): QuarantineCause | undefined {
  if (probe.success) return undefined
  if (probe.errorCode === 'InvalidCredentials' || probe.errorCode === 'ScimComplianceIssue') {
    return {
      reason: 'EncounteredQuarantineException',
      error: { code: probe.errorCode, message: probe.details ? `${probe.message} ${probe.details}` : probe.message },
    }
  }
  return undefined
}

/** The escrow thresholds of section 8 applied to one cycle's counts. */
export function escrowQuarantine(counts: CycleFailures, thresholds: QuarantineThresholds): QuarantineCause | undefined {
  const total = counts.failures + counts.referenceFailures
  if (total > thresholds.absoluteMaxFailures) {
    return {
      reason: 'EncounteredTotalEscrowThreshold',
      error: { code: 'EscrowThreshold', message: `${total} failures, reference failures included, exceed the limit of ${thresholds.absoluteMaxFailures}.` },
    }
  }
  if (counts.failures < thresholds.minFailures) return undefined
  if (counts.failures > thresholds.maxFailures) {
    return {
      reason: 'EncounteredBaseEscrowThreshold',
      error: { code: 'EscrowThreshold', message: `${counts.failures} failures exceed the limit of ${thresholds.maxFailures}.` },
    }
  }
  if (counts.events > 0 && counts.failures / counts.events > thresholds.maxFailureRatio) {
    const percent = Math.round((counts.failures / counts.events) * 100)
    return {
      reason: 'EncounteredEscrowProportionThreshold',
      error: {
        code: 'EscrowThreshold',
        message: `${counts.failures} of ${counts.events} changes failed (${percent}%, more than ${Math.round(thresholds.maxFailureRatio * 100)}%).`,
      },
    }
  }
  return undefined
}

/** The quarantine for a cycle whose disables and deletes were held: more than the accidental deletions threshold. */
export function deletionQuarantine(held: { keys: Set<string>; threshold: number }): QuarantineCause {
  return {
    reason: 'TooManyDeletes',
    error: {
      code: 'AccidentalDeletionThresholdExceeded',
      message: `The cycle would disable or delete ${held.keys.size} objects, more than the accidental deletions threshold of ${held.threshold}; they are held (StagedDelete) until an admin allows deletes.`,
    },
  }
}

export type { OutboxMessage } from '../../../../shared/console/provisioning-log-schema'

/** The mail for a job disabled after four weeks in quarantine, when the app asks for failure notifications [U wording]. */
export function disabledNotice(config: ProvisioningAppConfig, quarantine: Quarantine, disabledAt: string): OutboxMessage | undefined {
  if (!config.sendFailureNotification || !config.notificationEmail) return undefined
  const app = config.appName ?? 'the SCIM application'
  return {
    to: config.notificationEmail,
    subject: `Provisioning for ${app} has been disabled`,
    body:
      `The provisioning job for ${app} has been in quarantine since ${quarantine.seriesBegan}, more than four weeks, so it was disabled and no longer runs. ` +
      `Last reason: ${quarantine.reason}: ${quarantine.error.message}\nFix the cause, then restart provisioning.`,
    at: disabledAt,
  }
}

/**
 * The mail for a quarantine that began or changed reason, when the app asks for failure
 * notifications; else undefined. The accidental-deletions mail needs only the Notification
 * Email: "If the deletion threshold is met, an email is sent" (accidental-deletions.md).
 */
export function quarantineNotice(config: ProvisioningAppConfig, quarantine: Quarantine): OutboxMessage | undefined {
  const deletes = quarantine.reason === 'TooManyDeletes'
  if (!config.notificationEmail || !(config.sendFailureNotification || deletes)) return undefined
  const app = config.appName ?? 'the SCIM application'
  return {
    to: config.notificationEmail,
    // [U] wording: Entra's mail comes from azure-noreply@microsoft.com; its text is not documented
    subject: `Provisioning for ${app} is in quarantine`,
    body:
      `The provisioning job for ${app} was put in quarantine (${quarantine.reason}): ${quarantine.error.message}\n` +
      (deletes
        ? 'Review the StagedDelete entries in the provisioning logs, then allow the deletes, or undo the change that caused them and restart provisioning.'
        : 'While in quarantine the job runs once a day; it leaves quarantine on the first cycle in which the problem no longer occurs, or when provisioning is restarted.'),
    at: quarantine.since,
  }
}
