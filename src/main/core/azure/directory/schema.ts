import type { z } from 'zod'
import type { userPatchSchema } from '../../../../shared/scenario/directory-schema'

/*
 * The directory's zod schemas are the contract's (src/shared/scenario/directory-schema.ts): a
 * scenario file's `editUser` step carries a user patch, and the console API's timeline answers
 * those steps; the engine's model types are their outputs (../model.ts). Here: the patch as the
 * engine applies it.
 */

/** A user patch as parsed: each attribute a value, or null to remove it. */
export type UserPatch = z.output<typeof userPatchSchema>
