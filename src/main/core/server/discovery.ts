import {
  ALL_SCHEMAS,
  COMMON_ATTRIBUTES,
  GROUP_RESOURCE_TYPE,
  LIST_RESPONSE_SCHEMA,
  USER_RESOURCE_TYPE,
  type AttributeDef,
  type ResourceTypeDef,
  type SchemaDef,
} from '../scim/schema/definitions'
import { MAX_COUNT } from '../scim/list-query'
import type { JsonObject } from '../store/records'

/*
 * Discovery endpoints (RFC 7644 section 4), rendered from the same definitions the server runs
 * on, so they describe exactly what it does. Values are camelCase and never null (Entra,
 * azure-ad-provisioning.md section 6.7).
 */

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'
const RT_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType'
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema'

/** The largest request body accepted, in bytes; advertised and enforced. */
export const MAX_BODY_BYTES = 1024 * 1024

export function serviceProviderConfig(baseUrl: string): JsonObject {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://github.com/scim-harness/scim-harness#readme',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A bearer token generated in Portal Settings > Apps > Provisioning > SCIM Azure AD (Generate API Token).',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  }
}

export function resourceTypeResource(rt: ResourceTypeDef, baseUrl: string): JsonObject {
  return {
    schemas: [RT_SCHEMA],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema.id,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rt.name}` },
  }
}

export const RESOURCE_TYPES = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE]

function renderAttribute(a: AttributeDef): JsonObject {
  const out: JsonObject = {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    caseExact: a.caseExact,
    mutability: a.mutability,
    returned: a.returned,
    uniqueness: a.uniqueness,
  }
  if (a.canonicalValues && a.canonicalValues.length > 0) out.canonicalValues = a.canonicalValues
  if (a.referenceTypes) out.referenceTypes = a.referenceTypes
  if (a.subAttributes) out.subAttributes = a.subAttributes.map(renderAttribute)
  return out
}

export function schemaResource(schema: SchemaDef, baseUrl: string): JsonObject {
  const core = schema.id === USER_RESOURCE_TYPE.schema.id || schema.id === GROUP_RESOURCE_TYPE.schema.id
  // the core schemas list the common attributes too, so a client discovering them sees externalId
  const attributes = core ? [...COMMON_ATTRIBUTES.filter((a) => a.name === 'externalId'), ...schema.attributes] : schema.attributes
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: attributes.map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }
}

export function listOf(resources: JsonObject[]): JsonObject {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  }
}

export { ALL_SCHEMAS }
