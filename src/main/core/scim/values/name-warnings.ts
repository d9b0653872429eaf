/*
 * Names that may imitate another name (issue 14, item 8): the console warns, SCIM still accepts
 * them (Entra sends what the tenant holds, and real names do mix scripts).
 *
 * Mixed scripts follow Unicode Technical Standard #39, section 5.2 ("Highly Restrictive"): a
 * name may use one script, or Latin with the scripts of one East Asian writing system (Han with
 * Hiragana and Katakana; Han with Bopomofo; Han with Hangul). Anything else, typically Latin with
 * Cyrillic or Greek look-alikes ("pаypal" with a Cyrillic а), is flagged. Characters of the
 * Common and Inherited scripts (digits, punctuation, @, combining accents) belong to no script
 * and never count. Each word (a run of letters, marks and digits) is judged alone, as browsers
 * judge each label of a domain name: "Мария@contoso.ru" uses Cyrillic and Latin, yet in separate
 * words, which is how internationalised addresses look; "pаypal" mixes them inside one word.
 *
 * Also flagged: invisible characters inside a name (zero-width spaces, joiners, bidi controls),
 * and spaces at its ends, which make "alice" and "alice " two different-looking-alike users.
 */

/** Scripts a person would recognise by name; letters of any other script are "another script". */
const NAMED_SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Ethiopic',
  'Mongolian',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
] as const

const SCRIPT_TESTS = NAMED_SCRIPTS.map((name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }))
const LETTER = /[\p{L}\p{Nd}]/u
const WORD_BREAK = /[^\p{L}\p{M}\p{Nd}]+/u
const NO_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}]/u
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u
const EDGE_SPACE = /^\s|\s$/u

/** UTS #39 "Highly Restrictive" combinations beyond a single script. */
const ALLOWED_TOGETHER: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
]

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, on purpose
const ASCII = /^[\x00-\x7f]*$/

/** The scripts of a text's letters, in order of first appearance. */
export function scriptsOf(text: string): string[] {
  const found: string[] = []
  for (const ch of text) {
    if (!LETTER.test(ch) || NO_SCRIPT.test(ch)) continue
    const name = SCRIPT_TESTS.find((s) => s.test.test(ch))?.name ?? 'another script'
    if (!found.includes(name)) found.push(name)
  }
  return found
}

function listed(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/**
 * Warnings a person should read before trusting that a name is the one it seems to be, each a
 * sentence naming the attribute (`label`), e.g. "This user name mixes Latin and Cyrillic
 * letters; it may imitate another name." Empty for ordinary names (and at once for ASCII text
 * without edge spaces or control characters).
 */
export function nameWarnings(label: string, text: string): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (ASCII.test(text) && !EDGE_SPACE.test(text) && !/[\x00-\x1f\x7f]/.test(text)) return []
  const warnings: string[] = []
  for (const word of text.split(WORD_BREAK)) {
    const scripts = scriptsOf(word)
    if (scripts.length > 1 && !ALLOWED_TOGETHER.some((set) => scripts.every((s) => set.has(s)))) {
      warnings.push(`This ${label} mixes ${listed(scripts)} letters in '${word}'; it may imitate another name.`)
    }
  }
  const invisible = [...text].filter((ch) => INVISIBLE.test(ch))
  if (invisible.length > 0) {
    const codes = [...new Set(invisible.map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))]
    warnings.push(`This ${label} contains invisible characters (${codes.join(', ')}); it may imitate another name.`)
  }
  if (EDGE_SPACE.test(text)) warnings.push(`This ${label} starts or ends with a space; it may imitate the same name without it.`)
  return warnings
}
