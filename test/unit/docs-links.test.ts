import { describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * The README is a front page and the reference lives in docs/ (issue 15, item 6): pages link to
 * each other, to sections of each other and to files of the checkout. A renamed heading or a
 * moved file breaks such a link silently on GitHub; this test breaks instead.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]

/** The text outside fenced code blocks and inline code spans, where a `[x](y)` is really a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '``')
}

/** Inline links and images: `[text](target)` and `![alt](target)`, with an optional "title". */
function linkTargets(markdown: string): string[] {
  const targets: string[] = []
  // the text may itself hold a code span (blanked to ``) or an image, but no other brackets
  const link = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g
  for (const match of prose(markdown).matchAll(link)) targets.push(match[1] ?? '')
  return targets
}

/**
 * The anchors GitHub gives a page's headings: lower case, punctuation dropped (hyphens and
 * underscores kept), each space a hyphen, "-1", "-2"... after repeats (github-slugger's rule).
 */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
  for (const match of withoutFences.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = (match[1] ?? '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading anchors on its text
      .replace(/[`*]/g, '')
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

/** Inline code spans that name a path of the checkout (`src/...`, `test/...`): renames must reach the docs too. */
function repoPaths(markdown: string): string[] {
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
  return [...withoutFences.matchAll(/`((?:src|test|scripts|resources|bin|\.ci)\/[^`\s{}<>*]*)`/g)].map((match) => match[1] ?? '')
}

describe('documentation links', () => {
  it('finds the pages and the links in them', () => {
    expect(pages).toContain('docs/security.md')
    expect(linkTargets('see [a](b.md#c), ![x](y.png) and `[not](a-link)`')).toEqual(['b.md#c', 'y.png'])
    expect(headingAnchors('## Initial provisioning cycle (`npm run bench:cycle`)\n## Tests\n## Tests')).toEqual(
      new Set(['initial-provisioning-cycle-npm-run-benchcycle', 'tests', 'tests-1']),
    )
  })

  for (const page of pages) {
    it(`every relative link in ${page} points to a file, and every #anchor to a heading in it`, () => {
      const broken: string[] = []
      for (const target of linkTargets(readFileSync(join(root, page), 'utf8'))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto: ...: not ours to check
        const [pathPart = '', anchor] = target.split('#', 2)
        const file = pathPart === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(pathPart))
        if (!file.startsWith(root) || !existsSync(file)) {
          broken.push(`${target}: no such file`)
          continue
        }
        if (anchor === undefined) continue
        if (!statSync(file).isFile() || !file.endsWith('.md')) {
          broken.push(`${target}: an anchor into ${relative(root, file)}, which is not a Markdown page`)
          continue
        }
        if (!headingAnchors(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor)))
          broken.push(`${target}: no heading with that anchor in ${relative(root, file)}`)
      }
      expect(broken).toEqual([])
    })

    it(`every src/, test/, scripts/... path ${page} names in code exists`, () => {
      const missing = repoPaths(readFileSync(join(root, page), 'utf8')).filter((path) => !existsSync(join(root, path)))
      expect(missing).toEqual([])
    })
  }
})
