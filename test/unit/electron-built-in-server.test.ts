import type { HarnessOptions } from '../../src/main/core/harness'
import { describe, expect, it } from 'vitest'
import { DESKTOP_PORT, resolveServerOptions, startBuiltInServer } from '../../src/main/electron/built-in-server'

/** Stands in for core's defaultDataDir, which honours SCIM_HARNESS_DATA. */
const defaultDataDir = (env: NodeJS.ProcessEnv): string => env['SCIM_HARNESS_DATA'] || '/home/ada/.config/SCIM Harness/workspace'

interface FakeRunning {
  port: number
  baseUri: string
}

/** A stand-in for startHarness that refuses the ports in `busy` the way net.Server does. */
function startWithBusyPorts(busy: number[]) {
  const attempts: number[] = []
  const start = async (options: HarnessOptions): Promise<FakeRunning> => {
    const port = options.port ?? DESKTOP_PORT
    attempts.push(port)
    if (busy.includes(port)) {
      throw Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`), { code: 'EADDRINUSE' })
    }
    const actual = port === 0 ? 40123 : port
    return { port: actual, baseUri: `http://127.0.0.1:${actual}/scim/v2` }
  }
  return { start, attempts }
}

describe('built-in server options', () => {
  it('uses the shared per-user workspace on 127.0.0.1:8787 by default', () => {
    expect(resolveServerOptions({}, defaultDataDir)).toEqual({
      dataDir: '/home/ada/.config/SCIM Harness/workspace',
      host: '127.0.0.1',
      port: 8787,
      owner: 'desktop app',
    })
  })

  it('hands the environment to the workspace lookup and takes the port from SCIM_HARNESS_PORT', () => {
    const options = resolveServerOptions({ SCIM_HARNESS_DATA: '/tmp/ws', SCIM_HARNESS_PORT: '0' }, defaultDataDir)
    expect(options).toMatchObject({ dataDir: '/tmp/ws', port: 0 })
  })

  it('refuses a port that is not a port number', () => {
    expect(() => resolveServerOptions({ SCIM_HARNESS_PORT: 'http' }, defaultDataDir)).toThrow(/SCIM_HARNESS_PORT/)
    expect(() => resolveServerOptions({ SCIM_HARNESS_PORT: '70000' }, defaultDataDir)).toThrow(/0 to 65535/)
  })
})

describe('starting the built-in server', () => {
  it('falls back to a free port when 8787 is taken', async () => {
    const { start, attempts } = startWithBusyPorts([8787])
    const running = await startBuiltInServer(start, resolveServerOptions({}, defaultDataDir))
    expect(attempts).toEqual([8787, 0])
    expect(running.baseUri).toBe('http://127.0.0.1:40123/scim/v2')
  })

  it('reports other start-up failures as they are, without retrying', async () => {
    const attempts: number[] = []
    const start = async (options: HarnessOptions): Promise<FakeRunning> => {
      attempts.push(options.port ?? -1)
      throw new Error('The workspace is in use by scim-harness serve (pid 4242)')
    }
    await expect(startBuiltInServer(start, resolveServerOptions({}, defaultDataDir))).rejects.toThrow(/in use by scim-harness serve/)
    expect(attempts).toEqual([8787])
  })
})
