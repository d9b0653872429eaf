import { formatCsv, neutraliseFormula } from '../directory/csv'
import type { ProvisioningLogEntry } from './provisioning-log'

/*
 * The provisioning log downloads (azure-ad-provisioning.md 10.3): JSON, a compact array of log
 * objects keyed as the portal's download keys them (`action`, `statusInfo`, `changeId`); CSV, three
 * files joined on the change ID: ProvisioningLogs (everything but steps and modified properties),
 * ProvisioningLogs_ProvisioningSteps and ProvisioningLogs_ModifiedProperties.
 *
 * [U] The portal's CSV column headers are not documented (13, point 9). The headers below are
 * Graph's property names (10.1) written as the portal labels its columns, "Change ID" first in
 * the two detail files so a spreadsheet join reads naturally. Timestamps are UTC, as in the
 * portal.
 *
 * Every value in these files can come from a directory a stranger edits (a display name, a job
 * title, an error text that quotes them), and the files are made to be opened in a spreadsheet.
 * So by default a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return)
 * gets a leading `'` (OWASP's CSV injection advice; see neutraliseFormula). With
 * `neutraliseFormulas: false` the values are written as they are, as Entra's download writes
 * them, and the files read back exactly (the round trip is tested).
 */

export interface CsvExportOptions {
  /** Prefix cells that start like a spreadsheet formula with `'` (default true). */
  neutraliseFormulas?: boolean
}

/** The three CSV files of a download, each RFC 4180 text (CRLF between records). */
export interface ProvisioningLogCsv {
  /** ProvisioningLogs.csv */
  summary: string
  /** ProvisioningLogs_ProvisioningSteps.csv */
  steps: string
  /** ProvisioningLogs_ModifiedProperties.csv */
  modifiedProperties: string
}

export const SUMMARY_HEADERS = [
  'Date (UTC)',
  'ID',
  'Cycle ID',
  'Change ID',
  'Action',
  'Status',
  'Error Code',
  'Status Reason',
  'Recommended Action',
  'Source Identity ID',
  'Source Identity Name',
  'Source Identity Type',
  'Target Identity ID',
  'Target Identity Name',
  'Target Identity Type',
  'Duration (ms)',
  'Provisioned On Demand',
] as const

export const STEP_HEADERS = ['Change ID', 'Step Number', 'Name', 'Type', 'Status', 'Description', 'Details'] as const

export const MODIFIED_PROPERTY_HEADERS = ['Change ID', 'Property Name', 'Old Value', 'New Value'] as const

/**
 * The JSON download: a minified array of the entries (10.3). The HTTP exchanges behind each
 * entry stay in, Authorization already masked: they are why a harness log is worth sharing [U].
 */
export function logsToJson(entries: readonly ProvisioningLogEntry[]): string {
  return JSON.stringify(entries)
}

/** The CSV download as its three files, one row per entry, step and modified property, in the entries' order. */
export function logsToCsv(entries: readonly ProvisioningLogEntry[], options: CsvExportOptions = {}): ProvisioningLogCsv {
  const summary: string[][] = [[...SUMMARY_HEADERS]]
  const steps: string[][] = [[...STEP_HEADERS]]
  const modified: string[][] = [[...MODIFIED_PROPERTY_HEADERS]]
  for (const e of entries) {
    summary.push([
      e.activityDateTime,
      e.id,
      e.cycleId,
      e.changeId,
      e.action,
      e.status,
      e.statusInfo?.errorCode ?? '',
      e.statusInfo?.reason ?? '',
      e.statusInfo?.recommendedAction ?? '',
      e.sourceIdentity.id,
      e.sourceIdentity.displayName,
      e.sourceIdentity.type,
      e.targetIdentity.id,
      e.targetIdentity.displayName,
      e.targetIdentity.type,
      String(e.durationMs),
      e.onDemand ? 'True' : 'False',
    ])
    // details as one JSON object per step: their keys differ from step to step [U]
    e.steps.forEach((s, i) =>
      steps.push([e.changeId, String(i + 1), s.name, s.type, s.status, s.description, Object.keys(s.details).length > 0 ? JSON.stringify(s.details) : '']),
    )
    for (const p of e.modifiedProperties) modified.push([e.changeId, p.displayName, p.oldValue ?? '', p.newValue ?? ''])
  }
  const write = (rows: string[][]): string => formatCsv(options.neutraliseFormulas === false ? rows : rows.map((row) => row.map(neutraliseFormula)))
  return { summary: write(summary), steps: write(steps), modifiedProperties: write(modified) }
}
