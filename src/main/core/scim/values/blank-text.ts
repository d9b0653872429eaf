/*
 * A name that shows as nothing. userName is required and unique (RFC 7643 section 4.1.1:
 * "REQUIRED", and a service provider MAY refuse values it cannot use); a userName of spaces or
 * of invisible characters passes a plain `=== ''` test yet cannot be read, told apart or typed
 * in a console search, so the harness refuses it (issue 14, item 8).
 *
 * Invisible here: Unicode White_Space (`\s` in JavaScript, which also takes U+FEFF), control
 * characters (Cc), format characters (Cf: U+200B..U+200F, U+2060.., soft hyphen) and the rest of
 * Default_Ignorable_Code_Point (Hangul fillers U+3164 and U+FFA0, variation selectors), which
 * fonts render as nothing.
 *
 * Only wholly blank values are refused. A name with leading or trailing spaces is kept exactly
 * as sent, not trimmed: Entra compares the value it reads back with its source
 * (azure-ad-provisioning.md section 7), so a trimmed copy would be "changed" on every cycle.
 */

import { invalidValue } from './json'

const BLANK = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u

/** Whether `text` is empty or made only of whitespace and invisible characters. */
export function isBlankText(text: string): boolean {
  return BLANK.test(text)
}

/**
 * Throws invalidValue when a required text attribute (userName; a Group's displayName) is
 * missing, not text, or blank. Used by POST, PUT and PATCH alike, so no write path skips it.
 */
export function blankRequiredText(name: string, value: unknown, resourceType: string): void {
  if (typeof value === 'string' && !isBlankText(value)) return
  if (typeof value === 'string' && value !== '') {
    throw invalidValue(`'${name}' holds only whitespace or invisible characters; a ${resourceType} needs a ${name} that can be read.`)
  }
  throw invalidValue(`A ${resourceType}'s ${name} cannot be removed or emptied.`)
}
