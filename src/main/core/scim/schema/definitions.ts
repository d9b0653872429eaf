/**
 * RFC 7643 schema definitions for the resources this server serves: core User (section 4.1),
 * the enterprise User extension (section 4.3) and core Group (section 4.2). These are the single
 * source of truth: /Schemas is rendered from them, and the filter evaluator, PATCH engine and
 * attribute projection read caseExact, mutability, multiValued and returned from them.
 */

export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary'

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly'
export type Returned = 'always' | 'never' | 'default' | 'request'
export type Uniqueness = 'none' | 'server' | 'global'

export interface AttributeDef {
  name: string
  type: AttributeType
  multiValued: boolean
  description: string
  required: boolean
  caseExact: boolean
  mutability: Mutability
  returned: Returned
  uniqueness: Uniqueness
  canonicalValues?: string[]
  referenceTypes?: string[]
  subAttributes?: AttributeDef[]
}

export interface SchemaDef {
  id: string
  name: string
  description: string
  attributes: AttributeDef[]
}

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

type Partial_ = Partial<AttributeDef> & Pick<AttributeDef, 'name'>

/** Builds an attribute with RFC 7643 section 2.2 defaults, so the tables below only state what differs. */
function attr(a: Partial_): AttributeDef {
  return {
    type: 'string',
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...a,
  }
}

/** The sub-attributes shared by every multi-valued complex attribute (RFC 7643 section 2.4). */
function multiValuedComplex(name: string, description: string, types: string[], extra: AttributeDef[] = []): AttributeDef {
  return attr({
    name,
    type: 'complex',
    multiValued: true,
    description,
    subAttributes: [
      attr({ name: 'value', description: `The ${name} value.` }),
      attr({ name: 'display', description: 'A human-readable name, primarily used for display purposes.' }),
      attr({ name: 'type', description: "A label indicating the attribute's function.", canonicalValues: types }),
      attr({ name: 'primary', type: 'boolean', description: 'Indicates the primary or preferred attribute value.' }),
      ...extra,
    ],
  })
}

const metaNote = 'Read-only: set by the service provider.'

export const USER_SCHEMA: SchemaDef = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr({
      name: 'userName',
      required: true,
      uniqueness: 'server',
      description: 'Unique identifier for the User, typically used by the user to directly authenticate. Case-insensitive.',
    }),
    attr({
      name: 'name',
      type: 'complex',
      description: "The components of the user's real name.",
      subAttributes: [
        attr({ name: 'formatted', description: 'The full name, formatted for display.' }),
        attr({ name: 'familyName', description: 'The family name of the User.' }),
        attr({ name: 'givenName', description: 'The given name of the User.' }),
        attr({ name: 'middleName', description: 'The middle name(s) of the User.' }),
        attr({ name: 'honorificPrefix', description: 'The honorific prefix(es) of the User.' }),
        attr({ name: 'honorificSuffix', description: 'The honorific suffix(es) of the User.' }),
      ],
    }),
    attr({ name: 'displayName', description: 'The name of the User, suitable for display to end-users.' }),
    attr({ name: 'nickName', description: 'The casual way to address the user.' }),
    attr({
      name: 'profileUrl',
      type: 'reference',
      referenceTypes: ['external'],
      description: "A fully qualified URL pointing to a page representing the User's online profile.",
    }),
    attr({ name: 'title', description: 'The user\'s title, such as "Vice President".' }),
    attr({ name: 'userType', description: 'Used to identify the relationship between the organization and the user.' }),
    attr({ name: 'preferredLanguage', description: "Indicates the User's preferred written or spoken language." }),
    attr({ name: 'locale', description: "Used to indicate the User's default location for purposes of localizing items." }),
    attr({ name: 'timezone', description: "The User's time zone in the 'Olson' time zone database format." }),
    attr({
      name: 'active',
      type: 'boolean',
      description: "A Boolean value indicating the User's administrative status. False means deactivated: access is revoked but the user stays visible.",
    }),
    attr({
      name: 'password',
      mutability: 'writeOnly',
      returned: 'never',
      description: "The User's cleartext password. Accepted and never returned or stored.",
    }),
    multiValuedComplex('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multiValuedComplex('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multiValuedComplex('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multiValuedComplex('photos', 'URLs of photos of the User.', ['photo', 'thumbnail']),
    attr({
      name: 'addresses',
      type: 'complex',
      multiValued: true,
      description: 'A physical mailing address for this User.',
      subAttributes: [
        attr({ name: 'formatted', description: 'The full mailing address, formatted for display.' }),
        attr({ name: 'streetAddress', description: 'The full street address component.' }),
        attr({ name: 'locality', description: 'The city or locality component.' }),
        attr({ name: 'region', description: 'The state or region component.' }),
        attr({ name: 'postalCode', description: 'The zip code or postal code component.' }),
        attr({ name: 'country', description: 'The country name component.' }),
        attr({ name: 'type', description: "A label indicating the attribute's function.", canonicalValues: ['work', 'home', 'other'] }),
        attr({ name: 'primary', type: 'boolean', description: 'Indicates the primary mailing address.' }),
      ],
    }),
    attr({
      name: 'groups',
      type: 'complex',
      multiValued: true,
      mutability: 'readOnly',
      description: 'A list of groups to which the user belongs. Managed through the Group resource.',
      subAttributes: [
        attr({ name: 'value', mutability: 'readOnly', description: "The identifier of the User's group." }),
        attr({
          name: '$ref',
          type: 'reference',
          referenceTypes: ['Group'],
          mutability: 'readOnly',
          description: 'The URI of the corresponding Group resource.',
        }),
        attr({ name: 'display', mutability: 'readOnly', description: 'A human-readable name of the group.' }),
        attr({ name: 'type', mutability: 'readOnly', description: 'Membership type.', canonicalValues: ['direct', 'indirect'] }),
      ],
    }),
    multiValuedComplex('entitlements', 'A list of entitlements for the User.', []),
    multiValuedComplex('roles', 'A list of roles for the User.', []),
    multiValuedComplex('x509Certificates', 'A list of certificates issued to the User.', []),
  ],
}

export const ENTERPRISE_USER_SCHEMA: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr({ name: 'employeeNumber', description: 'Numeric or alphanumeric identifier assigned to a person.' }),
    attr({ name: 'costCenter', description: 'Identifies the name of a cost center.' }),
    attr({ name: 'organization', description: 'Identifies the name of an organization.' }),
    attr({ name: 'division', description: 'Identifies the name of a division.' }),
    attr({ name: 'department', description: 'Identifies the name of a department.' }),
    attr({
      name: 'manager',
      type: 'complex',
      description: "The User's manager. Entra ID sends a plain string id; it is stored as { value }.",
      subAttributes: [
        attr({ name: 'value', description: "The id of the SCIM resource representing the User's manager." }),
        attr({ name: '$ref', type: 'reference', referenceTypes: ['User'], description: "The URI of the manager's User resource." }),
        attr({ name: 'displayName', mutability: 'readOnly', description: "The displayName of the User's manager." }),
      ],
    }),
  ],
}

export const GROUP_SCHEMA: SchemaDef = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr({ name: 'displayName', required: true, uniqueness: 'server', description: 'A human-readable name for the Group. Unique, as Entra ID requires.' }),
    attr({
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'A list of members of the Group.',
      subAttributes: [
        attr({ name: 'value', mutability: 'immutable', description: 'Identifier of the member of this Group.' }),
        attr({ name: '$ref', type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'immutable', description: 'The URI of the member resource.' }),
        attr({ name: 'display', mutability: 'readOnly', description: 'A human-readable name of the member.' }),
        attr({ name: 'type', mutability: 'immutable', description: 'The type of the member.', canonicalValues: ['User', 'Group'] }),
      ],
    }),
  ],
}

/** Attributes common to every resource (RFC 7643 section 3.1), not part of any schema's list. */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  attr({
    name: 'id',
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
    caseExact: true,
    description: 'Unique identifier for the resource, assigned by the service provider.',
  }),
  attr({ name: 'externalId', caseExact: true, description: 'An identifier for the resource as defined by the provisioning client.' }),
  attr({
    name: 'meta',
    type: 'complex',
    mutability: 'readOnly',
    description: `Resource metadata. ${metaNote}`,
    subAttributes: [
      attr({ name: 'resourceType', mutability: 'readOnly', caseExact: true, description: 'The name of the resource type of the resource.' }),
      attr({ name: 'created', type: 'dateTime', mutability: 'readOnly', description: 'When the resource was added to the service provider.' }),
      attr({ name: 'lastModified', type: 'dateTime', mutability: 'readOnly', description: 'When the resource was last updated.' }),
      attr({ name: 'location', type: 'reference', mutability: 'readOnly', caseExact: true, description: 'The URI of the resource being returned.' }),
      attr({ name: 'version', mutability: 'readOnly', caseExact: true, description: 'The version (ETag) of the resource being returned.' }),
    ],
  }),
]

export type ResourceTypeName = 'User' | 'Group'

export interface ResourceTypeDef {
  name: ResourceTypeName
  endpoint: '/Users' | '/Groups'
  description: string
  schema: SchemaDef
  extensions: SchemaDef[]
}

export const USER_RESOURCE_TYPE: ResourceTypeDef = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  extensions: [ENTERPRISE_USER_SCHEMA],
}

export const GROUP_RESOURCE_TYPE: ResourceTypeDef = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  extensions: [],
}

export const ALL_SCHEMAS: SchemaDef[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]
