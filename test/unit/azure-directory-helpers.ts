import { expect } from 'vitest'
import { Directory, DirectoryError, sequentialIdGenerator, type DirectoryErrorCode } from '../../src/main/core/azure/directory'

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private current = new Date('2030-01-01T09:00:00.000Z')) {}
  now = (): Date => new Date(this.current)
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 24 * 60 * 60 * 1000)
  }
  advanceMs(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}

/** An empty directory with readable ids (…0001, …0002) and a hand-moved clock. */
export function newDirectory(clock = new TestClock()): { directory: Directory; clock: TestClock } {
  return { directory: new Directory({ newId: sequentialIdGenerator(), now: clock.now }), clock }
}

/** A directory with Adele (manager of Alex and Patti) and one group holding Alex. */
export function smallTenant() {
  const { directory, clock } = newDirectory()
  const adele = directory.addUser({ userPrincipalName: 'adele.vance@contoso.com', displayName: 'Adele Vance', department: 'Sales' })
  const alex = directory.addUser({ userPrincipalName: 'alex.wilber@contoso.com', displayName: 'Alex Wilber', managerId: adele.objectId })
  const patti = directory.addUser({ userPrincipalName: 'patti.fernandez@contoso.com', displayName: 'Patti Fernandez', managerId: adele.objectId })
  const sales = directory.addGroup({ displayName: 'Sales EMEA', memberIds: [alex.objectId] })
  return { directory, clock, adele, alex, patti, sales }
}

/** Runs fn, expecting a DirectoryError with that code; returns it for message checks. */
export function expectDirectoryError(fn: () => unknown, code: DirectoryErrorCode): DirectoryError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(DirectoryError)
    expect((error as DirectoryError).code).toBe(code)
    return error as DirectoryError
  }
  throw new Error(`expected DirectoryError '${code}', but nothing was thrown`)
}
