import type { z } from 'zod'
import type { sourceDirectorySchema, sourceGroupSchema, sourceUserSchema } from '../../../shared/scenario/directory-schema'

/**
 * The simulated Entra ID tenant's data model (azure-ad-provisioning.md section 12, "State").
 * Plain JSON, so a directory and an app configuration can be saved in a scenario file as is.
 */

/**
 * A user of the simulated tenant, with the Entra attributes the default mappings read (section
 * 5.1): the output of the scenario file's schema (src/shared/scenario/directory-schema.ts), whose
 * text attributes are the contract's list (SOURCE_USER_FIELDS in simulator-api.ts), so the
 * console's forms, the mapping vocabulary and the model name the same fields. Each attribute's
 * meaning and Entra limit is written on the schema.
 */
export type SourceUser = z.output<typeof sourceUserSchema>

/** A group of the simulated tenant. Only direct members count for scope (section 3.2). */
export type SourceGroup = z.output<typeof sourceGroupSchema>

/** The whole tenant: its users and groups, as a scenario file's `directory` holds them. */
export type SourceDirectory = z.output<typeof sourceDirectorySchema>

/** Source attribute names a mapping may read: the SourceUser fields plus computed ones. */
export type SourceUserAttribute = Exclude<keyof SourceUser, 'managerId' | 'softDeletedAt'> | 'manager' | 'IsSoftDeleted' | 'objectId'

export type MappingType = 'direct' | 'constant' | 'expression' | 'none'

/**
 * One row of Entra's attribute-mapping table (customize-application-attributes.md; section 5.3).
 */
export interface AttributeMapping {
  id: string
  type: MappingType
  /** direct: the source attribute; constant: the constant text; expression: the expression text. */
  source: string
  /** SCIM target path: `userName`, `name.givenName`, `emails[type eq "work"].value`, `urn:...:enterprise:2.0:User:manager`. */
  target: string
  /** 1 = the first matching attribute; undefined = not used for matching. */
  matchingPrecedence?: number
  /** "Apply this mapping": always, or only during creation. */
  applyOn: 'always' | 'createOnly'
  /** "Default value if null": used on create only (section 5.3). */
  defaultValue?: string
  /** Reference attributes (manager, members) are written after the objects exist (section 3.1 step 5). */
  isReference?: boolean
}

/** Which request shapes the client emits (section 0). */
export type PatchDialect = 'default2017' | 'compliant' | 'legacy'

/** A value a mapping produces for a target attribute. Nulls are never provisioned (section 5.3). */
export type TargetValue = string | boolean | string[]
