/**
 * The simulated Entra tenant's directory: users and groups with Entra's rules, a change feed for
 * incremental cycles, a seeded generator of realistic tenants, and CSV import.
 */
export type { SourceDirectory, SourceGroup, SourceUser } from '../model'
export { DirectoryError, isDirectoryError, type DirectoryErrorCode } from './directory-error'
export { Directory, RECYCLE_BIN_DAYS, type DirectoryOptions } from './directory'
export type { ChangedObject, DirectoryChange, GroupChangeType, MembershipChangeType, UserChangeType } from './change-feed'
export { GUID_PATTERN, isGuid, randomIdGenerator, seededIdGenerator, sequentialIdGenerator, type IdGenerator } from './ids'
export {
  describeZodError,
  findManagerCycle,
  findManagerCycles,
  MAX_UPN_LENGTH,
  normaliseDirectory,
  normaliseGroup,
  normaliseUser,
  objectIdSchema,
  sourceDirectorySchema,
  sourceGroupSchema,
  sourceUserSchema,
  upnProblem,
  userPatchSchema,
} from '../../../../shared/scenario/directory-schema'
export type { UserPatch } from './schema'
export { groupMailNickname, upnLocalPart, type NewGroup, type NewUser } from './user-input'
export {
  generateDirectory,
  generateDirectoryInSteps,
  type GenerationProgress,
  MAX_GENERATED_GROUPS,
  MAX_GENERATED_USERS,
  type GenerateDirectoryOptions,
} from './generator/generate-directory'
export { asciiNamePart } from './generator/names'
export { formatCsv, formatCsvValue, readCsv, type CsvRecord } from './csv'
export {
  importUsersCsv,
  MAX_CSV_BYTES,
  MAX_CSV_ROWS,
  type CsvImportError,
  type CsvImportOptions,
  type CsvImportResult,
  type CsvImportTarget,
} from './csv-import'
