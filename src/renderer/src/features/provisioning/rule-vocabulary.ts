import { CAL_RULE_CONDITIONS } from '@shared/console/portal-schemas'
import type { PortalSettings } from '../../stores/portal-store'

/*
 * The words of the "Add New Rule" form: the attribute paths offered in its dropdown (the server
 * accepts any user attribute; these are the ones admins reach for) and the conditions.
 */

export type CalRule = PortalSettings['calRules'][number]
export type CalRuleCondition = CalRule['condition']

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:'

export const RULE_PATH_GROUPS: { label: string; paths: { path: string; label: string }[] }[] = [
  {
    label: 'Groups the user belongs to',
    paths: [
      { path: 'groups.displayName', label: 'Group name' },
      { path: 'groups.externalId', label: 'Group external id' },
      { path: 'groups.value', label: 'Group id' },
    ],
  },
  {
    label: 'User attributes',
    paths: [
      { path: 'title', label: 'Job title' },
      { path: `${ENTERPRISE}department`, label: 'Department' },
      { path: 'userType', label: 'User type' },
      { path: 'emails', label: 'Email' },
      { path: 'userName', label: 'User name' },
      { path: 'displayName', label: 'Display name' },
      { path: `${ENTERPRISE}division`, label: 'Division' },
      { path: `${ENTERPRISE}organization`, label: 'Organization' },
      { path: `${ENTERPRISE}costCenter`, label: 'Cost center' },
      { path: `${ENTERPRISE}employeeNumber`, label: 'Employee number' },
      { path: 'preferredLanguage', label: 'Preferred language' },
    ],
  },
]

const KNOWN_PATHS = RULE_PATH_GROUPS.flatMap((g) => g.paths)

/** The offered path with the same spelling (ignoring case), or undefined for a free-text path. */
export function knownPath(path: string): { path: string; label: string } | undefined {
  const lower = path.trim().toLowerCase()
  return KNOWN_PATHS.find((p) => p.path.toLowerCase() === lower)
}

/** Whether a path tests the user's groups rather than the user (the server accepts `groups.display` too). */
export function isGroupPath(path: string): boolean {
  const lower = path
    .trim()
    .toLowerCase()
    .replace(/^urn:ietf:params:scim:schemas:core:2\.0:user:/, '')
  return lower === 'groups' || lower.startsWith('groups.')
}

/** A short name for a path: its label when offered, the path without the enterprise URN otherwise. */
export function pathLabel(path: string): string {
  return knownPath(path)?.label ?? (path.startsWith(ENTERPRISE) ? path.slice(ENTERPRISE.length) : path)
}

export const CONDITION_LABELS: Record<CalRuleCondition, string> = {
  equals: 'Equals',
  notEquals: 'Does not equal',
  contains: 'Contains',
  startsWith: 'Starts with',
  endsWith: 'Ends with',
  matchesRegex: 'Matches regular expression',
}

export const CONDITIONS: readonly CalRuleCondition[] = CAL_RULE_CONDITIONS

/** A rule id the server has not seen; crypto.randomUUID is missing outside secure contexts (a VM over http). */
export function newRuleId(): string {
  const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  return `rule-${random}`
}
