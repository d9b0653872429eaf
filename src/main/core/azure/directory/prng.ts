/**
 * A small seeded pseudo-random generator, so a generated directory is byte-identical for the same
 * seed on every machine and Node version (Math.random cannot be seeded). sfc32 passes PractRand
 * to 2^40+ bytes and costs a few integer operations per number, which matters at 100,000 users.
 */

/** cyrb128: hashes any seed text to the four 32-bit words sfc32 starts from. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/** A seeded stream of numbers. Same seed text, same stream. */
export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A number seed reads as its decimal text, so `42` and `'42'` give the same stream. */
  constructor(seed: string | number) {
    ;[this.a, this.b, this.c, this.d] = cyrb128(String(seed))
    // the first outputs of sfc32 still carry the seed's structure; 15 rounds mix it away
    for (let i = 0; i < 15; i++) this.uint32()
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** `count` random decimal digits, as text (leading zeros kept). */
  digits(count: number): string {
    let text = ''
    for (let i = 0; i < count; i++) text += String(this.int(10))
    return text
  }
}
