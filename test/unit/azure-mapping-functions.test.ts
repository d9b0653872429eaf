import { describe, expect, it } from 'vitest'
import { evaluateExpression, parseExpression, type ExpressionValue } from '../../src/main/core/azure/mappings'

/** Evaluates `text` with the attributes given (any other attribute is absent). */
function run(text: string, attributes: Record<string, ExpressionValue> = {}): ExpressionValue {
  return evaluateExpression(parseExpression(text), (name) => attributes[name])
}

const ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'

describe('Switch', () => {
  it('gives "True" for the default active mapping when the user is in scope', () => {
    expect(run(ACTIVE, { IsSoftDeleted: false })).toBe('True')
  })

  it('gives "False" for the default active mapping when the user is soft-deleted or blocked', () => {
    expect(run(ACTIVE, { IsSoftDeleted: true })).toBe('False')
  })

  it('maps a state code to a time zone, falling back to the default (reference example)', () => {
    const expression = 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")'
    expect(run(expression, { state: 'QLD' })).toBe('Australia/Brisbane')
    expect(run(expression, { state: 'WA' })).toBe('Australia/Sydney')
  })

  it('compares case-sensitively', () => {
    expect(run('Switch([flag], "none", "true", "1")', { flag: 'TRUE' })).toBe('none')
    expect(run('Switch(ToLower([flag]), "none", "true", "1")', { flag: 'TRUE' })).toBe('1')
  })

  it('matches an absent source with the key "" (the reference\'s workaround for empty values)', () => {
    expect(run('Switch([statusFlag], "Default Value", "true", "1", "", "0")')).toBe('0')
    expect(run('Switch([country],[country],"","Other")', { country: 'NZ' })).toBe('NZ')
    expect(run('Switch([country],[country],"","Other")')).toBe('Other')
  })

  it('gives null when nothing matches and the default is left empty', () => {
    expect(run('Switch([x], , "a", "b")', { x: 'z' })).toBeNull()
  })
})

describe('Join', () => {
  it('joins given name and surname with a space (the default name.formatted mapping)', () => {
    expect(run('Join(" ", [givenName], [surname])', { givenName: 'John', surname: 'Doe' })).toBe('John Doe')
  })

  it('skips empty parts, as the reference\'s Join(", ", "", [surname], [givenName]) -> "Doe, John" shows', () => {
    expect(run('Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' })).toBe('Doe, John')
    expect(run('Join(" ", [givenName], [surname])', { surname: 'Doe' })).toBe('Doe')
  })

  it('joins every value of a multi-valued source', () => {
    expect(run('Join(";", [proxyAddresses], [mail])', { proxyAddresses: ['smtp:a@x', 'smtp:b@x'], mail: 'c@x' })).toBe('smtp:a@x;smtp:b@x;c@x')
  })

  it('takes bare numbers, as in Join("", 1000, ...)', () => {
    expect(run('Join("", 1000, [employeeId])', { employeeId: '42' })).toBe('100042')
  })
})

describe('Append', () => {
  it('appends a suffix to the user principal name (reference example)', () => {
    expect(run('Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' })).toBe('John.Doe@contoso.com.test')
  })

  it('builds an alias from the first letters of the names (reference example)', () => {
    expect(run('Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' })).toBe('JohDoe')
  })

  it('gives nothing for an absent source rather than a bare suffix', () => {
    expect(run('Append([mailNickname], "@contoso.com")')).toBeNull()
  })
})

describe('ToLower and ToUpper', () => {
  it('lower-cases a generated UPN (reference example, with NormalizeDiacritics and StripSpaces)', () => {
    const expression = 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))'
    expect(run(expression, { PreferredFirstName: 'John', PreferredLastName: 'Smith' })).toBe('john.smith@contoso.com')
    expect(run(expression, { PreferredFirstName: 'Zoë Anne', PreferredLastName: 'Ångström' })).toBe('zoeanne.angstrom@contoso.com')
  })

  it('upper-cases, with an optional culture', () => {
    expect(run('ToUpper([city])', { city: 'Lyon' })).toBe('LYON')
    expect(run('ToUpper([city], "tr-TR")', { city: 'izmir' })).toBe('İZMİR')
    expect(run('ToUpper([city], "not a culture")', { city: 'izmir' })).toBe('IZMIR')
  })

  it('keeps null as null', () => {
    expect(run('ToLower([mail])')).toBeNull()
  })

  it('converts each value of a multi-valued source', () => {
    expect(run('ToLower([proxyAddresses])', { proxyAddresses: ['SMTP:A@X', 'smtp:B@X'] })).toEqual(['smtp:a@x', 'smtp:b@x'])
  })
})

describe('Replace', () => {
  it('strips a known domain with oldValue and an empty replacementValue (reference example)', () => {
    expect(run('Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' })).toBe('john.doe')
  })

  it('replaces the whole title with oldValue and replacementValue (reference example 1)', () => {
    expect(run('Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', { BusinessTitle: 'Product Developer' })).toBe('Software Engineer')
  })

  it('replaces every occurrence, case-sensitively', () => {
    expect(run('Replace([x], "a", , , "-", , )', { x: 'banana BANANA' })).toBe('b-n-n- BANANA')
  })

  it('puts the source into a template with oldValue and template (reference example 2)', () => {
    expect(run('Replace([UserID],"<username>", , , , , "<username>@contoso.com")', { UserID: 'jsmith' })).toBe('jsmith@contoso.com')
  })

  it('rebuilds a phone number from named groups with regexPattern and ${name} (reference example 3)', () => {
    const expression = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )'
    expect(run(expression, { telephoneNumber: '+91 9998887777' })).toBe('9998887777')
  })

  it('removes characters matching a pattern (reference examples 3 and 6)', () => {
    expect(run('Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' })).toBe('+19998887777')
    expect(run('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' })).toBe('72')
  })

  it('swaps a domain with a regexPattern: Replace([mail], , "@old.com", , "@new.com", , )', () => {
    expect(run('Replace([mail], , "@old.com", , "@new.com", , )', { mail: 'ann@old.com' })).toBe('ann@new.com')
  })

  it('replaces only the named group of each match with regexGroupName (reference example 4)', () => {
    expect(run('Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )', { AddressLineData: '545 Tremont Street' })).toBe(
      '888 Tremont Street',
    )
    expect(run('Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', { userPrincipalName: 'jsmith@contoso.com' })).toBe('jsmith')
  })

  it('falls back to a group of another attribute when the source is empty (reference example 5)', () => {
    const expression = 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )'
    expect(run(expression, { mobile: '+91 8887779999' })).toBe('8887779999')
    expect(run(expression, { telephoneNumber: '+1 5550001111', mobile: '+91 8887779999' })).toBe('+1 5550001111')
  })

  it('accepts a single backslash before a regex class as typed', () => {
    expect(run('Replace([x], , "\\d+", , "#", , )', { x: 'room 101' })).toBe('room #')
  })

  it('gives nothing when a pattern built from data is refused', () => {
    expect(run('Replace([x], , [pattern], , "", , )', { x: 'aaaa', pattern: '(a)\\1' })).toBeNull()
  })

  it('runs a pattern built from data that backtracking would stall on, in linear time', () => {
    const started = performance.now()
    expect(run('Replace([x], , [pattern], , "", , )', { x: 'a'.repeat(40) + '!', pattern: '(a+)+$' })).toBe('a'.repeat(40) + '!')
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('replaces matches in the first 1,000 characters of a value and keeps the rest as it is', () => {
    const long = 'a'.repeat(1500)
    expect(run('Replace([x], , "a", , "b", , )', { x: long })).toBe('b'.repeat(1000) + 'a'.repeat(500))
  })

  it('leaves an absent source absent', () => {
    expect(run('Replace([mail], "@contoso.com", , , "", , )')).toBeNull()
  })
})

describe('Coalesce', () => {
  it('flows mail when present, otherwise userPrincipalName (reference example)', () => {
    expect(run('Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' })).toBe('John.Doe@contoso.com')
    expect(run('Coalesce([mail],[userPrincipalName])', { mail: 'jd@contoso.com', userPrincipalName: 'John.Doe@contoso.com' })).toBe('jd@contoso.com')
  })

  it('returns the default when every source is null, and null without one', () => {
    expect(run('Coalesce([a], [b], "default")')).toBe('default')
    expect(run('Coalesce([a], [b])')).toBeNull()
  })
})

describe('Not', () => {
  it('flips a boolean source', () => {
    expect(run('Not([accountEnabled])', { accountEnabled: true })).toBe(false)
    expect(run('Not([accountEnabled])', { accountEnabled: false })).toBe(true)
  })

  it('reads "True"/"False" text and prints its result as "True"/"False" in text', () => {
    expect(run('Not("True")')).toBe(false)
    expect(run('Not("no")')).toBe(true)
    expect(run('Join("", Not([IsSoftDeleted]))', { IsSoftDeleted: true })).toBe('False')
  })

  it('gives null for an absent source', () => {
    expect(run('Not([accountEnabled])')).toBeNull()
  })
})

describe('IIF', () => {
  it('picks a value on an equality condition', () => {
    expect(run('IIF([country]="US", "USA", [country])', { country: 'US' })).toBe('USA')
    expect(run('IIF([country]="US", "USA", [country])', { country: 'NZ' })).toBe('NZ')
  })

  it('returns the country or the department (reference example)', () => {
    expect(run('IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' })).toBe('USA')
    expect(run('IIF([country]="USA",[country],[department])', { country: 'FR', department: 'Sales' })).toBe('Sales')
  })

  it('supports <> and ordered comparisons, numerically when both sides are numbers', () => {
    expect(run('IIF([country]<>"US", "abroad", "home")', { country: 'FR' })).toBe('abroad')
    expect(run('IIF([level] > 5, "senior", "junior")', { level: '10' })).toBe('senior')
    expect(run('IIF([level] <= 5, "junior", "senior")', { level: '10' })).toBe('senior')
    expect(run('IIF([level] >= "10", "y", "n")', { level: '9' })).toBe('n')
  })

  it('combines conditions by nesting, for AND and OR (reference known limitations)', () => {
    const and = 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")'
    const or = 'IIF([country]="USA","True",IIF([state]="CA","True","False"))'
    expect(run(and, { country: 'USA', state: 'CA' })).toBe('True')
    expect(run(and, { country: 'USA', state: 'NY' })).toBe('False')
    expect(run(or, { country: 'MX', state: 'CA' })).toBe('True')
  })

  it('fails the condition when the attribute is empty, even for <> (reference known limitations)', () => {
    expect(run('IIF([country]="","Other",[country])')).toBeNull()
    expect(run('IIF([country]<>"US","abroad","home")')).toBe('home')
  })

  it('takes a boolean attribute as the condition', () => {
    expect(run('IIF([accountEnabled], "on", "off")', { accountEnabled: true })).toBe('on')
    expect(run('IIF([accountEnabled], "on", "off")', { accountEnabled: false })).toBe('off')
  })
})

describe('Trim, StripSpaces, Left, Mid', () => {
  it('trims surrounding whitespace', () => {
    expect(run('Trim([displayName])', { displayName: '  Ann Lee \t' })).toBe('Ann Lee')
  })

  it('removes every space character', () => {
    expect(run('StripSpaces([x])', { x: ' a b  c ' })).toBe('abc')
  })

  it('takes characters from the left (reference example and edge rules)', () => {
    expect(run('Left("John Doe", 3)')).toBe('Joh')
    expect(run('Left("John", 0)')).toBe('')
    expect(run('Left("John", -1)')).toBe('John')
    expect(run('Left("Jo", 5)')).toBe('Jo')
    expect(run('Left([missing], 2)')).toBe('')
    expect(run('Left("John", "many")')).toBeNull()
  })

  it('takes a substring from a 1-based start, stopping at the end of the value', () => {
    expect(run('Mid("abcdef", 2, 3)')).toBe('bcd')
    expect(run('Mid("abcdef", 5, 10)')).toBe('ef')
    expect(run('Mid("abcdef", 0, 2)')).toBeNull()
  })
})

describe('nesting', () => {
  it('evaluates functions inside functions', () => {
    expect(run('ToUpper(Left(Coalesce([nickname], [givenName]), 1))', { givenName: 'ann' })).toBe('A')
    expect(run('Switch(ToLower(Trim([dept])), "other", "sales", IIF([country]="US", "US Sales", "Intl Sales"))', { dept: ' SALES ', country: 'US' })).toBe(
      'US Sales',
    )
  })

  it('unescapes \\" and \\\\ in strings', () => {
    expect(run('Append("Company name: \\"Contoso\\"", "\\\\")')).toBe('Company name: "Contoso"\\')
  })
})
