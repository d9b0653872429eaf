import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RequestLog } from '../../src/main/core/store/request-log'
import { filesIn, tempDir } from './store-helpers'

let dir: string
let cleanup: () => Promise<void>

beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir())
})
afterEach(async () => {
  await cleanup()
})

describe('request log', () => {
  it('appends one JSON line per entry beside the snapshot', async () => {
    const log = new RequestLog(dir)
    log.append({ method: 'GET', path: '/Users' })
    log.append({ method: 'POST', path: '/Users', status: 201 })
    await log.close()
    const lines = (await readFile(join(dir, 'requests.ndjson'), 'utf8')).trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { method: 'GET', path: '/Users' },
      { method: 'POST', path: '/Users', status: 201 },
    ])
  })

  it('rotates at the size limit and keeps only the newest rotated files', async () => {
    const log = new RequestLog(dir, { maxBytes: 200, keep: 3 })
    for (let i = 0; i < 40; i++) {
      log.append({ i, padding: 'x'.repeat(40) })
      await log.flush()
    }
    await log.close()
    expect(await filesIn(dir)).toEqual(['requests.1.ndjson', 'requests.2.ndjson', 'requests.3.ndjson', 'requests.ndjson'])
    const newest = (await readFile(join(dir, 'requests.ndjson'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).i)
    expect(newest.at(-1)).toBe(39)
  })

  it('reads the newest entries back in order, across rotated files and unflushed lines', async () => {
    const log = new RequestLog(dir, { maxBytes: 200 })
    for (let i = 0; i < 10; i++) {
      log.append({ i, padding: 'x'.repeat(40) })
      await log.flush()
    }
    log.append({ i: 10 })
    expect(((await log.readRecent(6)) as { i: number }[]).map((e) => e.i)).toEqual([5, 6, 7, 8, 9, 10])
    await log.close()
  })

  it('drops entries appended after close', async () => {
    const log = new RequestLog(dir)
    await log.close()
    log.append({ late: true })
    await log.flush()
    expect(await filesIn(dir)).toEqual([])
  })
})
