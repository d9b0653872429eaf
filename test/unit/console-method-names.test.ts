import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONSOLE_METHODS, consoleMethods } from '../../src/shared/console/api'
import { CONSOLE_METHOD_NAMES, IPC_EVENT_CHANNEL, ipcChannelOf, isConsoleMethodName } from '../../src/shared/console/method-names'

/*
 * Issue 17, item 4: the preload carries the console method names as plain data instead of the
 * zod table. The list must be exactly the table's methods, and the preload must not pull the
 * table (or zod) back in.
 */

const ROOT = join(__dirname, '..', '..')

describe('console method names for the preload', () => {
  it('are exactly the methods of the zod table, in its order', () => {
    expect([...CONSOLE_METHOD_NAMES]).toEqual(CONSOLE_METHODS)
    expect(new Set(CONSOLE_METHOD_NAMES).size).toBe(CONSOLE_METHOD_NAMES.length)
  })

  it('recognise table methods only, never inherited object keys', () => {
    for (const method of Object.keys(consoleMethods)) expect(isConsoleMethodName(method), method).toBe(true)
    for (const name of ['__proto__', 'constructor', 'toString', 'status', '', 'status.get ', 42, null]) expect(isConsoleMethodName(name)).toBe(false)
  })

  it('give the channels main registers and sends on', () => {
    expect(ipcChannelOf('status.get')).toBe('console:status.get')
    expect(IPC_EVENT_CHANNEL).toBe('console:event')
  })

  it('are what the preload source imports at run time: no value import of the table', () => {
    const preload = readFileSync(join(ROOT, 'src/preload/index.ts'), 'utf8')
    const valueImports = [...preload.matchAll(/^import (?!type )[^\n]* from '([^']+)'/gm)].map((m) => m[1])
    expect(valueImports.sort()).toEqual(['../shared/console/method-names', 'electron'])
  })
})
