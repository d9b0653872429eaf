/**
 * A small RFC 4180 CSV reader and writer: quoted fields may hold commas, line breaks and doubled
 * quotes; CRLF, LF and lone CR all end a record; a UTF-8 BOM (Excel's "CSV UTF-8") is skipped.
 * It reports a malformed record instead of throwing, so an import can keep the good rows.
 */

export interface CsvRecord {
  /** The 1-based line the record starts on, as an editor shows it. */
  line: number
  fields: string[]
  /** Why the record is malformed (its fields are then a best effort). */
  error?: string
}

const COMMA = 44
const QUOTE = 34
const CR = 13
const LF = 10

/**
 * The records of a CSV text, lazily, so a caller can stop at a row limit without reading the rest.
 * Blank lines are skipped. A quote inside an unquoted field is kept as a character, as Excel does;
 * text after a closing quote, or a quote never closed, makes the record malformed.
 */
export function* readCsv(text: string): Generator<CsvRecord> {
  const length = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  while (i < length) {
    const first = text.charCodeAt(i)
    if (first === CR || first === LF) {
      // a blank line holds no record (a record of one empty value is written "")
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1
      line++
      continue
    }
    const record: CsvRecord = { line, fields: [] }
    for (;;) {
      let value: string
      if (text.charCodeAt(i) === QUOTE) {
        value = ''
        i++
        for (;;) {
          const close = text.indexOf('"', i)
          if (close < 0) {
            value += text.slice(i)
            line += countLines(text, i, length)
            i = length
            record.error ??= `a quoted value opened on line ${record.line} is never closed: check for a missing " character.`
            break
          }
          value += text.slice(i, close)
          line += countLines(text, i, close)
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"'
            i = close + 2
          } else {
            i = close + 1
            break
          }
        }
        // RFC 4180: a closing quote is followed by a comma, a line break or the end
        const next = text.charCodeAt(i)
        if (i < length && next !== COMMA && next !== CR && next !== LF) {
          record.error ??= `there is text after the closing quote of value ${record.fields.length + 1}; a value that holds quotes must be quoted whole, with each " doubled.`
          const end = nextDelimiter(text, i)
          value += text.slice(i, end)
          i = end
        }
      } else {
        const end = nextDelimiter(text, i)
        value = text.slice(i, end)
        i = end
      }
      record.fields.push(value)
      const code = text.charCodeAt(i)
      if (code === COMMA) {
        i++
        // "a,b," at the very end still has a third, empty, value
        if (i >= length) record.fields.push('')
        else continue
      } else if (code === CR) {
        i += text.charCodeAt(i + 1) === LF ? 2 : 1
        line++
      } else if (code === LF) {
        i++
        line++
      }
      break
    }
    yield record
  }
}

/** Index of the next comma, CR or LF at or after `from`, or the text's length. */
function nextDelimiter(text: string, from: number): number {
  let i = from
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === COMMA || code === CR || code === LF) break
  }
  return i
}

/** Line breaks between `from` and `to`, CRLF counting once. */
function countLines(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i)
    if (code === LF) count++
    else if (code === CR && text.charCodeAt(i + 1) !== LF) count++
  }
  return count
}

/** One CSV value: quoted only when it has to be (comma, quote, line break, or edge spaces). */
export function formatCsvValue(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * The first characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell
 * as a formula, per OWASP's CSV injection guidance: `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A value a spreadsheet will show as text: a leading `'` when it starts like a formula (OWASP's
 * recommendation), so `=HYPERLINK("http://evil","x")` or `+cmd|' /C calc'!A0` is never run when
 * the file is opened. Applied whatever follows, as OWASP says: `-5` and `+1 425 555 0100` get
 * the quote too. A carve-out for "plain numbers" is where bypasses live (`-2+3+cmd|...` starts
 * like one), and a phone number with spaces is a formula to Excel anyway.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** Rows as CSV text, CRLF between records as RFC 4180 says. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  // a row of one empty value would print as a blank line, which readers skip
  return rows.map((row) => (row.length === 1 && row[0] === '' ? '""' : row.map(formatCsvValue).join(','))).join('\r\n')
}
