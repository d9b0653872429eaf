/**
 * Values inside a mapping expression. Entra's expression engine is string-typed with booleans
 * for computed attributes such as IsSoftDeleted and accountEnabled; multi-valued sources such as
 * proxyAddresses are string arrays; an absent attribute is null (functions-for-customizing-
 * application-data.md: "For an attribute, a Null is expressed by the absence of the attribute").
 */
export type ExpressionValue = string | boolean | null | string[]

/**
 * The string form Entra compares and concatenates: booleans print as .NET does, "True"/"False",
 * which is why the default `active` mapping is `Switch([IsSoftDeleted], , "False", "True", ...)`
 * (azure-ad-provisioning.md section 4). An array gives its first value: a string-taking argument
 * (a Switch key, a separator) reads one value.
 */
export function toText(value: ExpressionValue): string | null {
  if (value === null) return null
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (Array.isArray(value)) return value.length > 0 ? value[0] : null
  return value
}

/** Null, the empty string and the empty list: what section 5.3 leaves out of a request. */
export function isEmptyValue(value: ExpressionValue | undefined): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
}

/** A boolean reading of a value: true, or the text "True" in any case (the form Not and IIF expect). */
export function isTrue(value: ExpressionValue): boolean {
  if (typeof value === 'boolean') return value
  const text = toText(value)
  return text !== null && text.trim().toLowerCase() === 'true'
}

/**
 * Applies a string transform to each value of a multi-valued source, or to the one value of a
 * single-valued one; null stays null. [U] The reference does not say what ToLower([proxyAddresses])
 * gives; element-wise is what a person expects of a multi-valued attribute.
 */
export function mapText(value: ExpressionValue, transform: (text: string) => string | null): ExpressionValue {
  if (Array.isArray(value)) {
    const out: string[] = []
    for (const item of value) {
      const mapped = transform(item)
      if (mapped !== null) out.push(mapped)
    }
    return out
  }
  const text = toText(value)
  return text === null ? null : transform(text)
}

/** An integer argument (Left's NumChars, Mid's start and length), or undefined when it is not one. */
export function toInteger(value: ExpressionValue): number | undefined {
  const text = toText(value)
  if (text === null || !/^\s*[+-]?\d{1,9}\s*$/.test(text)) return undefined
  return Number(text)
}
