import type { LeniencyRule } from '../leniency'

/*
 * The PATCH engine's leniency rules: each tolerance for what Entra ID (or Microsoft's Postman
 * conformance collection) really sends beyond strict RFC 7644 section 3.5.2. Modelled on
 * SCIM-SDK's Azure "rebuilders": one small named rewrite per quirk, applied before the standard
 * logic, each reported on the request's RuleTrace when it changes what the RFC logic sees.
 */

import { VALUE_RULES } from '../values/rules'

// the value-shape rules are shared with POST and PUT bodies; they live in values/rules.ts
export * from '../values/rules'

export const RULE_OP_CASE_INSENSITIVE: LeniencyRule = {
  name: 'patch-op-case-insensitive',
  summary: 'The PATCH op is matched ignoring case: Entra sends "Add", "Replace", "Remove".',
  source: 'E1; azure-ad-provisioning.md 6.4',
}

export const RULE_PATHLESS_DOTTED_KEYS: LeniencyRule = {
  name: 'patch-pathless-dotted-keys',
  summary: 'A path-less add/replace whose value has dotted ("name.givenName") or URN-qualified keys applies each key as if it were a path.',
  source: 'E3; azure-ad-provisioning.md 6.4 (aadOptscim062020)',
}

export const RULE_FILTERED_UPSERT: LeniencyRule = {
  name: 'patch-filtered-upsert',
  summary:
    "An add or replace through a value filter that matches no element creates the element from the filter's eq clauses instead of failing with noTarget.",
  source: 'E6; azure-ad-provisioning.md 6.4 ("Multi-valued attribute absent in the target", "Replace with a filter path that matches nothing")',
}

export const RULE_REMOVE_WITH_VALUE: LeniencyRule = {
  name: 'patch-remove-with-value',
  summary: 'A remove of a multi-valued attribute that carries a value removes only the listed elements (never the whole group).',
  source: 'E4; azure-ad-provisioning.md 6.6 (2017 dialect member removal)',
}

export const RULE_UNQUALIFIED_EXTENSION_ATTRIBUTE: LeniencyRule = {
  name: 'patch-unqualified-extension-attribute',
  summary: 'A path naming an enterprise attribute without its URN ("manager") resolves to the extension attribute when no core attribute has that name.',
  source: 'azure-ad-provisioning.md 6.4 (legacy manager shape, observed manager remove) and 6.8',
}

export const RULE_EXTENSION_DOT_NOTATION: LeniencyRule = {
  name: 'patch-extension-dot-notation',
  summary: 'A path joining an extension URN and its attribute with "." instead of ":" (urn:...:User.employeeNumber) is read with ":".',
  source: 'azure-ad-provisioning.md section 0 (legacy customappsso jobs, still running under old job ids)',
}

export const RULE_READONLY_ECHO_IGNORED: LeniencyRule = {
  name: 'patch-readonly-echo-ignored',
  summary: 'A read-only attribute (id, meta, groups) sent with exactly its current value is ignored instead of refused.',
  source: 'RFC 7644 3.3 (read-only values in requests are ignored) applied to path-less PATCH values',
}

export const RULE_ENVELOPE_SCHEMA_MISSING: LeniencyRule = {
  name: 'patch-envelope-schema-missing',
  summary: 'A PATCH body without "schemas" is accepted when its Operations are well formed.',
  source: 'RFC 7644 3.5.2 requires the PatchOp URN; tolerated as SCIM-SDK does, since nothing else could be meant',
}

export const RULE_ENVELOPE_KEY_CASE: LeniencyRule = {
  name: 'patch-envelope-key-case',
  summary: 'The "Operations" key is matched ignoring case ("operations").',
  source: 'RFC 7643 2.1 (attribute names are case-insensitive)',
}

export const PATCH_RULES: LeniencyRule[] = [
  RULE_OP_CASE_INSENSITIVE,
  RULE_PATHLESS_DOTTED_KEYS,
  RULE_FILTERED_UPSERT,
  RULE_REMOVE_WITH_VALUE,
  RULE_UNQUALIFIED_EXTENSION_ATTRIBUTE,
  RULE_EXTENSION_DOT_NOTATION,
  RULE_READONLY_ECHO_IGNORED,
  RULE_ENVELOPE_SCHEMA_MISSING,
  RULE_ENVELOPE_KEY_CASE,
  ...VALUE_RULES,
]
