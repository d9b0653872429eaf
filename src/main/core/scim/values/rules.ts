import type { LeniencyRule } from '../leniency'

/*
 * Leniencies about the shape of attribute values, shared by every way a value arrives:
 * POST and PUT bodies (resource-input.ts) and PATCH operations (patch/).
 */

export const RULE_STRING_BOOLEAN: LeniencyRule = {
  name: 'string-boolean',
  summary: 'Boolean attributes sent as the strings "True"/"False" (any case) are stored as booleans.',
  source: 'E2; azure-ad-provisioning.md 6.4 (default 2017 dialect disables with "False")',
}

export const RULE_COMPLEX_SIMPLE_VALUE: LeniencyRule = {
  name: 'complex-plain-value',
  summary: 'A plain string sent for a single-valued complex attribute with a "value" sub-attribute (manager) is stored as { "value": string }.',
  source: 'E5; azure-ad-provisioning.md 6.4 and 7',
}

export const RULE_LEGACY_VALUE_WRAPPER: LeniencyRule = {
  name: 'legacy-value-wrapper',
  summary: 'A single-valued attribute sent as [{"$ref":null,"value":x}] is unwrapped to its one value.',
  source: 'E9; azure-ad-provisioning.md 6.4 (legacy manager shape)',
}

export const RULE_NULL_VALUES_DROPPED: LeniencyRule = {
  name: 'null-values-dropped',
  summary: 'Null sub-attributes inside a value (e.g. "$ref": null on members) are dropped, never stored.',
  source: 'E9, E10, E15 (responses never contain null)',
}

export const RULE_MEMBER_DISPLAY_NAME: LeniencyRule = {
  name: 'member-display-name',
  summary: 'A group member sent with "displayName" is stored with the schema\'s "display" sub-attribute.',
  source: 'Microsoft Postman collection "Patch add user4 to group1" (expects "new User" back on GET)',
}

export const RULE_BARE_VALUE_WRAPPED: LeniencyRule = {
  name: 'bare-value-wrapped',
  summary: 'A bare string sent for a multi-valued complex attribute ("value": "string id 1" for members) is one element { "value": string }.',
  source: 'Microsoft Postman collection "Group patch add member"',
}

export const RULE_SINGLE_OBJECT_WRAPPED: LeniencyRule = {
  name: 'single-object-wrapped',
  summary: 'A single object sent for a multi-valued attribute is treated as a one-element array.',
  source: 'RFC 7644 3.5.2.1 tolerance, as SCIM-SDK and scim-patch do',
}

export const RULE_IGNORE_UNKNOWN_ATTRIBUTE: LeniencyRule = {
  name: 'unknown-attribute-ignored',
  summary: 'Unknown attributes in POST/PUT bodies and path-less PATCH values, and unknown sub-attributes inside values, are ignored instead of refused.',
  source: 'SCIM-SDK ignoreUnknownAttribute; Microsoft Postman collection "misspelled attribute" tests',
}

export const VALUE_RULES: LeniencyRule[] = [
  RULE_STRING_BOOLEAN,
  RULE_COMPLEX_SIMPLE_VALUE,
  RULE_LEGACY_VALUE_WRAPPER,
  RULE_NULL_VALUES_DROPPED,
  RULE_MEMBER_DISPLAY_NAME,
  RULE_BARE_VALUE_WRAPPED,
  RULE_SINGLE_OBJECT_WRAPPED,
  RULE_IGNORE_UNKNOWN_ATTRIBUTE,
]
