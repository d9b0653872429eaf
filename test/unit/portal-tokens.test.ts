import { timingSafeEqual } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import {
  createToken,
  findToken,
  generateToken,
  hashToken,
  isTokenUsable,
  markTokenUsed,
  parseExpiry,
  revokeToken,
  tokenStatus,
  verifyBearer,
  PortalError,
  TOKEN_PREFIX,
} from '../../src/main/core/portal'
import type { TokenRecord } from '../../src/main/core/store/records'

// wraps the real function, so every test still runs real crypto; the spy only counts the calls
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) }
})

const now = new Date('2030-06-15T12:00:00.000Z')

function expectPortalError(fn: () => unknown, code: string): PortalError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(PortalError)
    expect((error as PortalError).code).toBe(code)
    return error as PortalError
  }
  throw new Error(`expected PortalError '${code}'`)
}

describe('generateToken', () => {
  it('makes a prefixed 256-bit base64url token, different every time', () => {
    const a = generateToken()
    const b = generateToken()
    expect(a.startsWith(TOKEN_PREFIX)).toBe(true)
    expect(a.slice(TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('hashes tokens to sha256 hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})

describe('parseExpiry', () => {
  it('reads a date as the end of that day in UTC', () => {
    expect(parseExpiry('2030-06-15', now)).toBe('2030-06-15T23:59:59.999Z')
    expect(parseExpiry(' 2031-01-01 ', now)).toBe('2031-01-01T23:59:59.999Z')
  })

  it('accepts a full ISO timestamp with a timezone and normalises it to UTC', () => {
    expect(parseExpiry('2030-06-16T09:30:00+02:00', now)).toBe('2030-06-16T07:30:00.000Z')
  })

  it('requires an expiry', () => {
    expect(expectPortalError(() => parseExpiry('', now), 'invalidExpiry').message).toMatch(/required/)
  })

  it.each(['2030-02-30', '15/06/2031', 'tomorrow', '2030-06-16T09:30:00', '2030-13-01'])('refuses %s as not an expiry date', (input) => {
    expectPortalError(() => parseExpiry(input, now), 'invalidExpiry')
  })

  it('refuses a date already past, but accepts today since it lasts until midnight UTC', () => {
    expectPortalError(() => parseExpiry('2030-06-14', now), 'expiryInPast')
    expectPortalError(() => parseExpiry('2030-06-15T12:00:00Z', now), 'expiryInPast')
    expect(parseExpiry('2030-06-15', now)).toBe('2030-06-15T23:59:59.999Z')
  })
})

describe('createToken', () => {
  it('stores the hash, never the token, and returns the token once', () => {
    const { token, record } = createToken({ expires: '2030-12-31', now, id: 't1' })
    expect(record).toEqual({
      id: 't1',
      label: 'API token 2030-06-15',
      hash: hashToken(token),
      createdAt: now.toISOString(),
      expiresAt: '2030-12-31T23:59:59.999Z',
      lastUsedAt: null,
      revokedAt: null,
    })
    expect(JSON.stringify(record)).not.toContain(token)
    expect(JSON.stringify(record)).not.toContain(token.slice(TOKEN_PREFIX.length))
  })

  it('keeps a given label and refuses an over-long one', () => {
    expect(createToken({ label: '  Entra prod  ', expires: '2030-12-31', now }).record.label).toBe('Entra prod')
    expectPortalError(() => createToken({ label: 'x'.repeat(101), expires: '2030-12-31', now }), 'invalidLabel')
  })

  it('refuses to create a token without a future expiry', () => {
    expectPortalError(() => createToken({ expires: '2020-01-01', now }), 'expiryInPast')
  })
})

describe('token lifecycle', () => {
  const { record } = createToken({ expires: '2030-06-20', now, id: 't1' })

  it('is usable through the last millisecond of its expiry day, and expired after', () => {
    expect(tokenStatus(record, new Date('2030-06-20T23:59:59.999Z'))).toBe('active')
    expect(tokenStatus(record, new Date('2030-06-21T00:00:00.000Z'))).toBe('expired')
    expect(isTokenUsable(record, new Date('2030-06-21T00:00:00.000Z'))).toBe(false)
  })

  it('reports revoked before expired, and keeps the first revocation time', () => {
    const revoked = revokeToken(record, now)
    expect(revoked.revokedAt).toBe(now.toISOString())
    expect(record.revokedAt).toBeNull()
    expect(revokeToken(revoked, new Date('2030-06-16T00:00:00Z')).revokedAt).toBe(now.toISOString())
    expect(tokenStatus(revoked, new Date('2031-01-01T00:00:00Z'))).toBe('revoked')
  })

  it('treats an unreadable expiry as expired', () => {
    expect(tokenStatus({ ...record, expiresAt: 'soon' }, now)).toBe('expired')
  })

  it('records the last use', () => {
    expect(markTokenUsed(record, now).lastUsedAt).toBe(now.toISOString())
  })

  it('finds a token by id or says it does not exist', () => {
    expect(findToken([record], 't1')).toBe(record)
    expect(expectPortalError(() => findToken([record], 'nope'), 'tokenNotFound').message).toContain("'nope'")
  })
})

describe('verifyBearer', () => {
  const active = createToken({ label: 'active', expires: '2030-12-31', now, id: 'a' })
  const expired = createToken({ label: 'old', expires: '2030-06-16', now, id: 'e' })
  const revoked = createToken({ label: 'gone', expires: '2030-12-31', now, id: 'r' })
  const later = new Date('2030-07-01T00:00:00Z')
  const tokens: TokenRecord[] = [expired.record, revokeToken(revoked.record, now), active.record]

  it('accepts a valid token whatever the case of the scheme', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const verdict = verifyBearer(`${scheme} ${active.token}`, tokens, later)
      expect(verdict).toEqual({ ok: true, record: active.record })
    }
  })

  it('verifies against the stored hash, so a record holding the token itself never matches', () => {
    const plain: TokenRecord = { ...active.record, hash: active.token }
    expect(verifyBearer(`Bearer ${active.token}`, [plain], later)).toMatchObject({ ok: false, reason: 'unknown' })
  })

  it('compares in constant time with every stored hash, even after the first one matches', () => {
    const spy = vi.mocked(timingSafeEqual)
    spy.mockClear()
    const first = [active.record, expired.record, revokeToken(revoked.record, now)]
    expect(verifyBearer(`Bearer ${active.token}`, first, later).ok).toBe(true)
    expect(spy).toHaveBeenCalledTimes(3)
    for (const [a, b] of spy.mock.calls) expect([a.byteLength, b.byteLength]).toEqual([32, 32])
  })

  it('says missing when there is no header', () => {
    expect(verifyBearer(undefined, tokens, later)).toMatchObject({ ok: false, reason: 'missing' })
    expect(verifyBearer('   ', tokens, later)).toMatchObject({ ok: false, reason: 'missing' })
  })

  it.each([
    ['another scheme', `Basic ${active.token}`],
    ['no token after the scheme', 'Bearer'],
    ['a token with spaces', 'Bearer abc def'],
    ['garbage', '!!!'],
    ['a token with forbidden characters', 'Bearer abc"def'],
  ])('says malformed for %s', (_, header) => {
    expect(verifyBearer(header, tokens, later)).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it('refuses an over-long header as malformed without looking at the tokens', () => {
    const header = `Bearer ${'a'.repeat(4100)}`
    const verdict = verifyBearer(header, tokens, later)
    expect(verdict).toMatchObject({ ok: false, reason: 'malformed' })
    expect(verdict.ok === false && verdict.detail).toContain('4096')
  })

  it('says unknown for a well-formed token that is not stored', () => {
    expect(verifyBearer(`Bearer ${generateToken()}`, tokens, later)).toMatchObject({ ok: false, reason: 'unknown' })
  })

  it('says expired once the expiry day is over, and never echoes the token', () => {
    const verdict = verifyBearer(`Bearer ${expired.token}`, tokens, later)
    expect(verdict).toMatchObject({ ok: false, reason: 'expired' })
    expect(verdict.ok === false && verdict.detail).not.toContain(expired.token)
    expect(verifyBearer(`Bearer ${expired.token}`, tokens, new Date('2030-06-16T23:00:00Z')).ok).toBe(true)
  })

  it('says revoked for a revoked token', () => {
    expect(verifyBearer(`Bearer ${revoked.token}`, tokens, now)).toMatchObject({ ok: false, reason: 'revoked' })
  })

  it('ignores a stored record whose hash is corrupt instead of throwing', () => {
    const corrupt: TokenRecord = { ...expired.record, id: 'c', hash: 'zz' }
    expect(verifyBearer(`Bearer ${active.token}`, [corrupt, active.record], later)).toMatchObject({ ok: true })
  })
})
