// @vitest-environment happy-dom
import { cleanup, configure, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { buildUsers, installFakeHarness } from './users-fake-harness'

/*
 * Issue 14, item 8: a userName that mixes scripts ("pаypal" with a Cyrillic а) can imitate
 * another user. SCIM accepts it (Entra sends what the tenant holds); the console says so. The
 * sentence is the one the core writes (scim/values/name-warnings.ts, checked in
 * test/unit/name-warnings.test.ts); the renderer project cannot import main-process code.
 */

const LOOK_ALIKE = 'p\u0430ypal@contoso.com'
const [plain, lookAlike] = buildUsers(2)
lookAlike.userName = LOOK_ALIKE
const WARNING = `This user name mixes Latin and Cyrillic letters in 'p\u0430ypal'; it may imitate another name.`
lookAlike.nameWarnings = [WARNING]

// lib/api.ts picks its transport when first imported: the fake must be in place before the screens load
installFakeHarness({ users: [plain, lookAlike] })
const { UserDetailPage } = await import('../../src/renderer/src/features/users/UserDetailPage')
const { UsersPage } = await import('../../src/renderer/src/features/users/UsersPage')

afterEach(cleanup)
configure({ asyncUtilTimeout: 5000 })

describe('names that may imitate another name', () => {
  it('warns on the user page that the name mixes Latin and Cyrillic letters', async () => {
    render(<UserDetailPage id={lookAlike.id} />)
    await screen.findByRole('heading', { name: LOOK_ALIKE })
    const notice = screen.getByText('Check this name').closest('.notice')!
    expect(notice.textContent).toContain(WARNING)
  })

  it('shows no such warning for an ordinary name', async () => {
    render(<UserDetailPage id={plain.id} />)
    await screen.findByRole('heading', { name: plain.userName })
    expect(screen.queryByText('Check this name')).toBeNull()
  })

  it('marks the look-alike in the Users list, and only it', async () => {
    render(<UsersPage />)
    await screen.findByText('2 users')
    const rows = within(screen.getByRole('table', { name: 'Users' }))
      .getAllByRole('row')
      .slice(1)
    const flagged = rows.filter((r) => within(r).queryByText('Look-alike?'))
    expect(flagged).toHaveLength(1)
    expect(flagged[0].textContent).toContain(LOOK_ALIKE)
    expect(within(flagged[0]).getByLabelText(/mixes Latin and Cyrillic letters/)).toBeTruthy()
  })
})
