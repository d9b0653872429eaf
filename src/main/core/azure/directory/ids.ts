import { randomUUID } from 'node:crypto'
import { GUID_PATTERN } from '../../../../shared/scenario/directory-schema'
import { Prng } from './prng'

/** Makes a new objectId. Injected so tests and generated tenants get predictable ids. */
export type IdGenerator = () => string

export { GUID_PATTERN }

/** Whether a text is GUID-shaped (the only shape Entra gives an objectId). */
export function isGuid(text: string): boolean {
  return GUID_PATTERN.test(text)
}

/** Random v4 GUIDs: what a live tenant looks like. The default of Directory. */
export const randomIdGenerator: IdGenerator = () => randomUUID()

/**
 * GUIDs counting up from 1 (`00000000-0000-4000-8000-000000000001`, ...): readable ids for tests
 * and hand-written scenarios. `prefix` (up to 8 hex digits) fills the first group, so two
 * generators can be told apart.
 */
export function sequentialIdGenerator(prefix = '00000000'): IdGenerator {
  if (!/^[0-9a-f]{1,8}$/i.test(prefix)) throw new Error(`sequentialIdGenerator: the prefix must be 1 to 8 hex digits, got '${prefix}'`)
  const first = prefix.toLowerCase().padStart(8, '0')
  let counter = 0
  return () => {
    counter++
    return `${first}-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`
  }
}

const HEX = '0123456789abcdef'

/** Version-4-shaped GUIDs from a seeded stream: random-looking, the same for the same seed. */
export function seededIdGenerator(seed: string | number): IdGenerator {
  const prng = new Prng(seed)
  return () => guidFrom(prng)
}

/** One v4-shaped GUID drawn from `prng` (version nibble 4, RFC 4122 variant). */
export function guidFrom(prng: Prng): string {
  let hex = ''
  for (let word = 0; word < 4; word++) {
    const value = prng.uint32()
    for (let shift = 28; shift >= 0; shift -= 4) hex += HEX[(value >>> shift) & 15]
  }
  const variant = HEX[(parseInt(hex[16], 16) & 0x3) | 0x8]
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
