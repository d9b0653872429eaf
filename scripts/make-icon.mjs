// Draws resources/icon.png (512x512 RGBA): a blue rounded square with a white "S".
// Plain Node (zlib) so the icon can be regenerated without an image tool or a new dependency.
// Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const SIZE = 512
// 4x4 samples per pixel gives smooth edges without an anti-aliasing library
const SAMPLES = 4

const TOP = [0x4a, 0x8a, 0xf4]
const BOTTOM = [0x24, 0x5b, 0xc8]

/** Inside the rounded square (corner radius 112, 16 px margin)? */
function inBackground(x, y) {
  const margin = 16
  const radius = 112
  const min = margin + radius
  const max = SIZE - margin - radius
  const dx = Math.max(min - x, 0, x - max)
  const dy = Math.max(min - y, 0, y - max)
  return dx * dx + dy * dy <= radius * radius
}

/** Inside a ring arc centred on (cx, cy), keeping angles (y down, degrees) for which keep() holds. */
function inArc(x, y, cx, cy, keep) {
  const radius = 72
  const half = 22
  const distance = Math.hypot(x - cx, y - cy)
  if (Math.abs(distance - radius) > half) return false
  return keep((Math.atan2(y - cy, x - cx) * 180) / Math.PI)
}

/** The "S": two stacked arcs, one diameter apart so their strokes meet flush in the middle. */
function inLetter(x, y) {
  const upper = inArc(x, y, 256, 184, (a) => !(a > -35 && a < 90))
  const lower = inArc(x, y, 256, 328, (a) => !(a > 145 || a < -90))
  return upper || lower
}

function pixel(px, py) {
  let background = 0
  let letter = 0
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES
      const y = py + (sy + 0.5) / SAMPLES
      if (inBackground(x, y)) {
        background++
        if (inLetter(x, y)) letter++
      }
    }
  }
  const total = SAMPLES * SAMPLES
  const t = py / (SIZE - 1)
  const base = TOP.map((c, i) => Math.round(c + (BOTTOM[i] - c) * t))
  const cover = background === 0 ? 0 : letter / background
  const rgb = base.map((c) => Math.round(c + (255 - c) * cover))
  return [...rgb, Math.round((255 * background) / total)]
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buffer) {
  let c = 0xffffffff
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

// each scanline: filter byte 0 (none), then RGBA
const raw = Buffer.alloc(SIZE * (1 + SIZE * 4))
for (let y = 0; y < SIZE; y++) {
  const row = y * (1 + SIZE * 4)
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4)
}

const header = Buffer.alloc(13)
header.writeUInt32BE(SIZE, 0)
header.writeUInt32BE(SIZE, 4)
header[8] = 8 // bit depth
header[9] = 6 // colour type RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])

const target = fileURLToPath(new URL('../resources/icon.png', import.meta.url))
writeFileSync(target, png)
console.log(`wrote ${target} (${png.length} bytes)`)
