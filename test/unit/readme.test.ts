import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { leniencyCatalogue } from '../../src/main/core/scim/rule-catalogue'

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

  it('opens with the two set-up commands: run the product, run the tests', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    expect(firstBlock).toContain('npm install && npm start')
    expect(firstBlock).toContain('npm test')
  })
})

describe('docs/scim-server.md', () => {
  const page = readFileSync(new URL('../../docs/scim-server.md', import.meta.url), 'utf8')

  it('lists every leniency rule the server can fire', () => {
    for (const rule of leniencyCatalogue()) expect(page).toContain(`\`${rule.name}\``)
  })
})
