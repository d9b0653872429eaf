import type { z } from 'zod'
import type { SourceDirectory, SourceGroup, SourceUser } from '../model'
import { sourceDirectorySchema, sourceGroupSchema, sourceUserSchema, userPatchSchema } from '../../../../shared/scenario/directory-schema'

/*
 * The directory's zod schemas are the contract's (src/shared/scenario/directory-schema.ts): a
 * scenario file's `editUser` step carries a user patch, and the console API's timeline answers
 * those steps. Here: the patch as the engine applies it, and the proof that the schemas describe
 * the engine's model.
 */

/** A user patch as parsed: each attribute a value, or null to remove it. */
export type UserPatch = z.output<typeof userPatchSchema>

// compile-time proof that the contract's schemas and the engine's model describe the same objects
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const userSchemaMatchesModel: Same<z.output<typeof sourceUserSchema>, SourceUser> = true
const groupSchemaMatchesModel: Same<z.output<typeof sourceGroupSchema>, SourceGroup> = true
const directorySchemaMatchesModel: Same<z.output<typeof sourceDirectorySchema>, SourceDirectory> = true
void userSchemaMatchesModel
void groupSchemaMatchesModel
void directorySchemaMatchesModel
