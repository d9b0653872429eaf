/**
 * What the store keeps. Plain JSON only: every record is journaled and snapshotted as is.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** Why a user holds its CAL: the default, or the rule (and group, when it matched through one). */
export type CalReason =
  | { kind: 'default' }
  | { kind: 'rule'; ruleId: string; ruleIndex: number; attributePath: string; matchedValue: string; groupId?: string; groupDisplayName?: string }

export interface UserRecord {
  id: string
  /** The SCIM representation exactly as served (id, meta, schemas included; no nulls). */
  resource: JsonObject
  cal: string
  calReason: CalReason
  /** Users created by SCIM are federated: the console may not edit their profile (VIDIZMO rule). */
  federated: boolean
}

export interface GroupRecord {
  id: string
  /** The SCIM representation (members as [{ value, display?, type?, $ref? }]). */
  resource: JsonObject
}

export type DomainPolicy = 'subdomain' | 'directory' | 'custom'
export type DeleteMode = 'deactivate' | 'hard'
export type CalConflictPolicy = 'highestCal' | 'firstRule'

export type CalRuleCondition = 'equals' | 'notEquals' | 'contains' | 'startsWith' | 'endsWith' | 'matchesRegex'

export interface CalRule {
  id: string
  /** A user attribute path (`title`, `urn:...:enterprise:2.0:User:department`) or a group one (`groups.displayName`). */
  attributePath: string
  condition: CalRuleCondition
  matchingText: string
  targetCal: string
  enabled: boolean
}

export interface PortalSettings {
  name: string
  domainPolicy: DomainPolicy
  /** The CAL catalogue, highest first. */
  cals: string[]
  defaultCal: string | null
  scimEnabled: boolean
  deleteMode: DeleteMode
  calConflictPolicy: CalConflictPolicy
  calRules: CalRule[]
}

export interface TokenRecord {
  id: string
  label: string
  /** sha256 of the token, hex. The token itself is never stored. */
  hash: string
  createdAt: string
  /** End of validity, ISO timestamp (a YYYY-MM-DD expiry means the end of that day, UTC). */
  expiresAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export const DEFAULT_CALS = ['Administrator', 'Manager', 'Moderator', 'Contributor', 'Viewer']

export function defaultPortalSettings(): PortalSettings {
  return {
    name: 'My Portal',
    domainPolicy: 'subdomain',
    cals: [...DEFAULT_CALS],
    defaultCal: null,
    scimEnabled: false,
    deleteMode: 'deactivate',
    calConflictPolicy: 'highestCal',
    calRules: [],
  }
}

/** One change to persistent state. A commit is a list of these, journaled as one atomic line. */
export type Mutation =
  | { kind: 'putUser'; user: UserRecord }
  | { kind: 'removeUser'; id: string }
  | { kind: 'putGroup'; group: GroupRecord }
  | { kind: 'removeGroup'; id: string }
  | { kind: 'setPortal'; portal: PortalSettings }
  | { kind: 'putToken'; token: TokenRecord }
