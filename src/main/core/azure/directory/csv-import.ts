import type { SourceUser } from '../model'
import { readCsv, type CsvRecord } from './csv'
import { DirectoryError } from './directory-error'
import { randomIdGenerator, type IdGenerator } from './ids'
import { describeChain, findManagerCycles } from '../../../../shared/scenario/directory-schema'
import { checkNewUser, type NewUser } from './user-input'

/**
 * Users from a CSV file: an Entra export ("Download users"), Entra's bulk-create template, or a
 * hand-made sheet with Graph attribute names. Every bad row is reported with its line and the
 * good rows are kept; nothing is thrown but the size refusal.
 */

export const MAX_CSV_BYTES = 50 * 1024 * 1024
export const MAX_CSV_ROWS = 200_000

/** Where the imported users will go, to resolve managers and refuse UPNs and objectIds already taken. */
export interface CsvImportTarget {
  findUserByUpn(userPrincipalName: string): Readonly<SourceUser> | undefined
  kindOf(objectId: string): 'user' | 'group' | undefined
}

export interface CsvImportOptions {
  /** objectIds for rows without one. Default: random GUIDs. */
  newId?: IdGenerator
  /** The directory the users will join (a Directory will do). */
  directory?: CsvImportTarget
  /** Default 50 MB (UTF-8). */
  maxBytes?: number
  /** Data rows, header excluded. Default 200,000. */
  maxRows?: number
}

export interface CsvImportError {
  /** 1-based line the row starts on (the header is line 1, or 2 after Entra's `version:v1.0` line). */
  line: number
  message: string
}

export interface CsvImportResult {
  /** The rows without any problem, in file order, managers resolved to objectIds. */
  users: SourceUser[]
  /** Every problem, by line. */
  errors: CsvImportError[]
  /** Header columns that are not user attributes (an Entra export has many: userType, createdDateTime...). */
  ignoredColumns: string[]
}

type Column = Exclude<keyof SourceUser, 'managerId' | 'softDeletedAt'> | 'manager'

/**
 * Header names, compared lower-case without spaces or punctuation: Graph names, the older Azure AD
 * names, Entra's export and template captions. `[attribute]` in a caption wins (the bulk template
 * writes "Name [displayName] Required").
 */
const COLUMN_ALIASES: Record<string, Column> = {
  objectid: 'objectId',
  id: 'objectId',
  userprincipalname: 'userPrincipalName',
  upn: 'userPrincipalName',
  username: 'userPrincipalName',
  mailnickname: 'mailNickname',
  alias: 'mailNickname',
  displayname: 'displayName',
  name: 'displayName',
  givenname: 'givenName',
  firstname: 'givenName',
  surname: 'surname',
  lastname: 'surname',
  sn: 'surname',
  jobtitle: 'jobTitle',
  title: 'jobTitle',
  department: 'department',
  employeeid: 'employeeId',
  mail: 'mail',
  email: 'mail',
  emailaddress: 'mail',
  telephonenumber: 'telephoneNumber',
  businessphone: 'telephoneNumber',
  businessphones: 'telephoneNumber',
  officephone: 'telephoneNumber',
  mobile: 'mobile',
  mobilephone: 'mobile',
  facsimiletelephonenumber: 'facsimileTelephoneNumber',
  faxnumber: 'facsimileTelephoneNumber',
  fax: 'facsimileTelephoneNumber',
  physicaldeliveryofficename: 'physicalDeliveryOfficeName',
  officelocation: 'physicalDeliveryOfficeName',
  office: 'physicalDeliveryOfficeName',
  streetaddress: 'streetAddress',
  city: 'city',
  state: 'state',
  postalcode: 'postalCode',
  zipcode: 'postalCode',
  country: 'country',
  preferredlanguage: 'preferredLanguage',
  proxyaddresses: 'proxyAddresses',
  manageruserprincipalname: 'manager',
  managerupn: 'manager',
  manager: 'manager',
  accountenabled: 'accountEnabled',
  enabled: 'accountEnabled',
  blocksignin: 'accountEnabled',
}

interface HeaderColumn {
  column: Column
  /** Entra's bulk template asks "Block sign in (Yes/No)": Yes means accountEnabled false. */
  inverted: boolean
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1'])
const FALSE_WORDS = new Set(['false', 'no', 'n', '0'])

/** Reads one header caption: which attribute it holds, or undefined when it holds none. */
function readHeader(caption: string): HeaderColumn | undefined {
  const bracket = /\[([^\]]+)\]/.exec(caption)
  const key = (bracket ? bracket[1] : caption).toLowerCase().replace(/[^a-z0-9]/g, '')
  const column = COLUMN_ALIASES[key]
  return column && { column, inverted: /block\s*sign[\s-]*in/i.test(caption) }
}

/** A row being imported; `error` set once it is refused. */
interface Row {
  line: number
  /** The row's userPrincipalName as written, lower-cased, even when the row is refused: its reports name it. */
  upnKey?: string
  user?: SourceUser
  managerUpn?: string
  error?: string
}

/**
 * Parses users from CSV text. Headers are matched ignoring case, spaces and punctuation; quoted
 * values may hold commas, quotes and line breaks; a UTF-8 BOM is skipped. userPrincipalName is
 * the one required column. accountEnabled reads true/false, yes/no, 1/0 (empty: true).
 * managerUserPrincipalName is resolved first within the file, then in `options.directory`.
 * Throws only DirectoryError 'csvTooLarge' (over 50 MB or 200,000 rows): other problems are
 * returned per line and the good rows kept.
 */
export function importUsersCsv(text: string, options: CsvImportOptions = {}): CsvImportResult {
  const maxBytes = options.maxBytes ?? MAX_CSV_BYTES
  const maxRows = options.maxRows ?? MAX_CSV_ROWS
  // a UTF-16 string never has more characters than its UTF-8 bytes, so only long texts are measured
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw new DirectoryError(
      'csvTooLarge',
      `The file is larger than ${formatMegabytes(maxBytes)}: split it into several files and import them one after the other.`,
    )
  }
  const newId = options.newId ?? randomIdGenerator
  const records = readCsv(text)
  const nextRecord = (): CsvRecord | undefined => {
    const next = records.next()
    return next.done ? undefined : next.value
  }
  const result: CsvImportResult = { users: [], errors: [], ignoredColumns: [] }

  let header = nextRecord()
  // Entra's bulk-create template starts with a "version:v1.0" line above the captions
  if (header && /^version:/i.test(header.fields[0]?.trim() ?? '')) header = nextRecord()
  if (!header) return { ...result, errors: [{ line: 1, message: 'The file is empty: it needs a header row with at least a userPrincipalName column.' }] }
  if (header.error) return { ...result, errors: [{ line: header.line, message: `The header row cannot be read: ${header.error}` }] }

  const columns: (HeaderColumn | undefined)[] = []
  const seen = new Map<Column, number>()
  for (const [index, caption] of header.fields.entries()) {
    const column = readHeader(caption.replace(/^\uFEFF/, '').trim())
    columns.push(column)
    if (!column) {
      if (caption.trim() !== '') result.ignoredColumns.push(caption.trim())
      continue
    }
    const earlier = seen.get(column.column)
    if (earlier !== undefined) {
      return {
        ...result,
        errors: [
          {
            line: header.line,
            message: `Columns ${earlier + 1} ('${header.fields[earlier]}') and ${index + 1} ('${caption}') both hold ${column.column}: keep one of them.`,
          },
        ],
      }
    }
    seen.set(column.column, index)
  }
  if (!seen.has('userPrincipalName')) {
    return {
      ...result,
      errors: [
        {
          line: header.line,
          message: `The header has no userPrincipalName column, which every user needs. Columns found: ${header.fields.map((f) => `'${f}'`).join(', ')}.`,
        },
      ],
    }
  }

  const rows: Row[] = []
  let dataRows = 0
  for (const record of records) {
    if (++dataRows > maxRows) {
      throw new DirectoryError(
        'csvTooLarge',
        `The file has more than ${maxRows.toLocaleString('en-US')} rows: split it into several files and import them one after the other.`,
      )
    }
    if (record.fields.every((field) => field.trim() === '') && !record.error) continue // Excel leaves rows of empty cells
    rows.push(readRow(record.line, record.fields, record.error, header.fields.length, columns, newId))
  }

  checkUniqueness(rows, options.directory)
  resolveManagers(rows, options.directory)

  for (const row of rows) {
    if (row.error) result.errors.push({ line: row.line, message: row.error })
    else result.users.push(row.user as SourceUser)
  }
  return result
}

function readRow(line: number, fields: string[], malformed: string | undefined, width: number, columns: (HeaderColumn | undefined)[], newId: IdGenerator): Row {
  if (malformed) return { line, upnKey: rawUpn(fields, columns), error: `This row cannot be read: ${malformed}` }
  // trailing empty values past the header (a stray comma at the end of the line) are harmless
  const extra = fields.slice(width)
  if (fields.length < width || extra.some((value) => value.trim() !== '')) {
    return {
      line,
      upnKey: rawUpn(fields, columns),
      error: `This row has ${fields.length} values but the header has ${width} columns: check for an unquoted comma or a missing value.`,
    }
  }
  const input: Record<string, unknown> = {}
  let managerUpn: string | undefined
  for (let index = 0; index < width; index++) {
    const column = columns[index]
    const value = fields[index].trim()
    if (!column || value === '') continue
    switch (column.column) {
      case 'manager':
        managerUpn = value
        break
      case 'accountEnabled': {
        const word = value.toLowerCase()
        const truth = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined
        if (truth === undefined)
          return { line, upnKey: rawUpn(fields, columns), error: `accountEnabled must be true or false (or yes/no, 1/0), not '${value}'.` }
        input.accountEnabled = column.inverted ? !truth : truth
        break
      }
      case 'proxyAddresses':
        input.proxyAddresses = value
          .split(';')
          .map((address) => address.trim())
          .filter((address) => address !== '')
        break
      default:
        input[column.column] = value
    }
  }
  const upnKey = typeof input.userPrincipalName === 'string' ? input.userPrincipalName.toLowerCase() : undefined
  const objectId = typeof input.objectId === 'string' ? input.objectId : newId()
  const checked = checkNewUser(input as NewUser, objectId)
  if (!checked.ok) return { line, upnKey, error: checked.message }
  return { line, upnKey, user: checked.user, managerUpn }
}

/** Refuses a UPN or objectId already used by an earlier row or by the target directory. */
function checkUniqueness(rows: Row[], directory: CsvImportTarget | undefined): void {
  const upns = new Map<string, number>()
  const ids = new Map<string, number>()
  for (const row of rows) {
    if (!row.user) continue
    const { userPrincipalName: upn, objectId } = row.user
    const key = upn.toLowerCase()
    const earlier = upns.get(key)
    if (earlier !== undefined) row.error = `userPrincipalName ${upn} is already used on line ${earlier} (names are compared ignoring case).`
    else if (directory?.findUserByUpn(upn)) row.error = `userPrincipalName ${upn} is already used by a user of the directory.`
    else if (ids.has(objectId)) row.error = `objectId ${objectId} is already used on line ${ids.get(objectId)}.`
    else if (directory?.kindOf(objectId)) row.error = `objectId ${objectId} is already used in the directory.`
    if (row.error) continue
    upns.set(key, row.line)
    ids.set(objectId, row.line)
  }
}

/**
 * Turns manager UPNs into managerIds: a row of this file first, then the directory. A row whose
 * manager was refused is refused too (importing it without its manager would silently lose the
 * reference), and so on down the chain; rows whose managers loop are refused together.
 */
function resolveManagers(rows: Row[], directory: CsvImportTarget | undefined): void {
  const accepted = new Map<string, Row>()
  const anyRow = new Map<string, Row>()
  for (const row of rows) {
    if (row.upnKey === undefined) continue
    if (!anyRow.has(row.upnKey)) anyRow.set(row.upnKey, row)
    if (!row.error && !accepted.has(row.upnKey)) accepted.set(row.upnKey, row)
  }
  const reports = new Map<Row, Row[]>()
  for (const row of rows) {
    if (row.error || !row.user || row.managerUpn === undefined) continue
    const key = row.managerUpn.toLowerCase()
    if (key === row.upnKey) {
      row.error = `${row.user.userPrincipalName} cannot be its own manager.`
      continue
    }
    const inFile = accepted.get(key) ?? anyRow.get(key)
    if (inFile) {
      if (inFile.user) row.user.managerId = inFile.user.objectId
      const list = reports.get(inFile)
      if (list) list.push(row)
      else reports.set(inFile, [row])
      continue
    }
    const existing = directory?.findUserByUpn(row.managerUpn)
    if (existing) row.user.managerId = existing.objectId
    else
      row.error = `The manager ${row.managerUpn} is not a user of this file${directory ? ' nor of the directory' : ''}: import the manager too, or leave managerUserPrincipalName empty.`
  }

  const byId = new Map<string, Row>()
  const users = new Map<string, SourceUser>()
  for (const row of rows) {
    if (row.error || !row.user) continue
    byId.set(row.user.objectId, row)
    users.set(row.user.objectId, row.user)
  }
  for (const cycle of findManagerCycles(users)) {
    const loop = describeChain(cycle, users)
    for (const id of cycle) (byId.get(id) as Row).error ??= `The managers form a loop (${loop}): break it by changing one managerUserPrincipalName.`
  }

  // from every refused row down through its reports, however deep and in whatever file order
  const queue = rows.filter((row) => row.error)
  while (queue.length > 0) {
    const manager = queue.pop() as Row
    for (const report of reports.get(manager) ?? []) {
      if (report.error) continue
      report.error = `The manager ${report.managerUpn} (line ${manager.line}) was not imported, so this row is not either: fix line ${manager.line} first.`
      queue.push(report)
    }
  }
}

/** The UPN cell of a row refused before its user was built, so its reports can still name it. */
function rawUpn(fields: string[], columns: (HeaderColumn | undefined)[]): string | undefined {
  const index = columns.findIndex((column) => column?.column === 'userPrincipalName')
  const value = fields[index]?.trim()
  return value ? value.toLowerCase() : undefined
}

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}
