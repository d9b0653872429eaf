import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { userRow } from '../../src/main/core/api/user-group-views'
import { Store } from '../../src/main/core/store'
import { user } from './store-helpers'
import { nameWarnings, scriptsOf } from '../../src/main/core/scim/values/name-warnings'
import { isBlankText } from '../../src/main/core/scim/values/blank-text'
import { caseInsensitiveKey } from '../../src/main/core/store/text-key'

describe('name warnings (UTS #39 mixed scripts, invisible characters, edge spaces)', () => {
  it('warns when Latin and Cyrillic letters share one word (a Cyrillic а in pаypal)', () => {
    expect(nameWarnings('user name', 'p\u0430ypal@contoso.com')).toEqual([
      "This user name mixes Latin and Cyrillic letters in 'p\u0430ypal'; it may imitate another name.",
    ])
  })

  it('warns for a Greek look-alike inside a Latin word', () => {
    expect(nameWarnings('display name', '\u039fmar')).toEqual([expect.stringMatching(/mixes Greek and Latin letters/)])
  })

  it('says nothing for ordinary names, accented Latin, or one script per word', () => {
    for (const name of [
      'alice@contoso.com',
      'caf\u00e9@contoso.com',
      'cafe\u0301@contoso.com',
      '\u041c\u0430\u0440\u0438\u044f@contoso.ru',
      'J\u00fcrgen M\u00fcller',
    ]) {
      expect(nameWarnings('user name', name), name).toEqual([])
    }
  })

  it('accepts Latin with the scripts of one East Asian writing system', () => {
    expect(nameWarnings('user name', '\u7530\u4e2d\u305f\u306a\u304btanaka@contoso.jp')).toEqual([])
    expect(nameWarnings('user name', '\uae40\ubbfc\uc900kim@contoso.kr')).toEqual([])
    expect(scriptsOf('\u7530\u4e2d\u305f')).toEqual(['Han', 'Hiragana'])
  })

  it('warns about invisible characters inside a name, naming them', () => {
    expect(nameWarnings('user name', 'ali\u200bce@contoso.com')).toEqual([
      'This user name contains invisible characters (U+200B); it may imitate another name.',
    ])
  })

  it('warns about a space at either end', () => {
    expect(nameWarnings('user name', 'alice@contoso.com ')).toEqual([expect.stringMatching(/starts or ends with a space/)])
  })
})

describe('the text rules under userName', () => {
  it('treats whitespace and invisible characters alone as blank, and nothing else', () => {
    for (const blank of ['', ' ', '\u200b', '\ufeff', '\u3164', '\u00a0\t']) expect(isBlankText(blank), JSON.stringify(blank)).toBe(true)
    for (const text of ['a', ' a ', '\u0301', '.']) expect(isBlankText(text), JSON.stringify(text)).toBe(false)
  })

  it('gives the NFC and NFD forms of a name, in any case, one key', () => {
    expect(caseInsensitiveKey('CAFE\u0301')).toBe(caseInsensitiveKey('caf\u00e9'))
    expect(caseInsensitiveKey('Alice@Contoso.com')).toBe('alice@contoso.com')
  })
})

describe('the console row of a user', () => {
  it('carries the warnings for the userName and the display name, and none for an ordinary user', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'name-warnings-'))
    const store = await Store.open(dir)
    try {
      await store.commit([
        { kind: 'putUser', user: user(1) },
        { kind: 'putUser', user: user(2, { userName: 'p\u0430ypal@contoso.com', displayName: ' PayPal' }) },
      ])
      expect(userRow(store, store.getUser('user-1')!).nameWarnings).toBeUndefined()
      expect(userRow(store, store.getUser('user-2')!).nameWarnings).toEqual([
        expect.stringMatching(/^This user name mixes Latin and Cyrillic letters/),
        expect.stringMatching(/^This display name starts or ends with a space/),
      ])
    } finally {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
