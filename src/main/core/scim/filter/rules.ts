import type { LeniencyRule } from '../leniency'

/**
 * The filter module's leniencies. Each fires on the caller's RuleTrace only when it changed how
 * the filter was read, so the request log shows exactly which tolerance a client relied on.
 */

/** Microsoft's SCIM Postman collection sends `name.FamilyName eq Employee`, `userName sw O`. */
export const FILTER_UNQUOTED_VALUE: LeniencyRule = {
  name: 'filter-unquoted-value',
  summary: 'A bare word in value position (not true, false, null or a number) is read as a quoted string.',
  source: 'scim-peers.md section 4 (Microsoft Postman collection); azure-ad-provisioning.md section 6.8 (legacy `externalId eq jyoung`)',
}

/** Entra quotes booleans: `active eq "False"`, `roles[primary eq "True"]`. */
export const FILTER_QUOTED_BOOLEAN: LeniencyRule = {
  name: 'filter-quoted-boolean',
  summary: 'A quoted "true"/"false" (any case) compared with a boolean attribute is read as the boolean.',
  source: 'E7',
}

/** Entra's matching query `emails[type eq "work"].value eq "x"` uses the PATCH path grammar inside a filter. */
export const FILTER_VALUE_PATH_SUB_ATTRIBUTE: LeniencyRule = {
  name: 'filter-value-path-sub-attribute',
  summary: 'A value path followed by a sub-attribute and a comparison tests both on the same element.',
  source: 'E11; azure-ad-provisioning.md section 3.3',
}

/** RFC 7644 section 3.4.2.2 requires `not (...)`; some clients write `not title pr`. */
export const FILTER_NOT_WITHOUT_PARENTHESES: LeniencyRule = {
  name: 'filter-not-without-parentheses',
  summary: '`not` applied to a single expression without parentheses negates that expression.',
  source: 'RFC 7644 section 3.4.2.2 (grammar requires parentheses)',
}

/** Legacy Entra sends `id eq 271` unquoted; a number against a string attribute compares as text. */
export const FILTER_LITERAL_AS_TEXT: LeniencyRule = {
  name: 'filter-literal-as-text',
  summary: 'A number or boolean literal compared with a string attribute is compared as its text.',
  source: 'azure-ad-provisioning.md section 6.8 (legacy `id eq <id> and manager eq <mgrId>`)',
}

/** Legacy Entra's manager check `manager eq <mgrId>` names an enterprise attribute without its URN. */
export const FILTER_UNQUALIFIED_EXTENSION_ATTRIBUTE: LeniencyRule = {
  name: 'filter-unqualified-extension-attribute',
  summary: 'An attribute name found in no core schema but in exactly one extension resolves to that extension.',
  source: 'azure-ad-provisioning.md section 6.8 (legacy `manager eq <mgrId>`); RFC 7644 section 3.10 requires the URN',
}

export const FILTER_RULES: readonly LeniencyRule[] = [
  FILTER_UNQUOTED_VALUE,
  FILTER_QUOTED_BOOLEAN,
  FILTER_VALUE_PATH_SUB_ATTRIBUTE,
  FILTER_NOT_WITHOUT_PARENTHESES,
  FILTER_LITERAL_AS_TEXT,
  FILTER_UNQUALIFIED_EXTENSION_ATTRIBUTE,
]
