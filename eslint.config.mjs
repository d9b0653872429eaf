// Lint rules for the whole repository (ESLint 9 flat config; .mjs because package.json is CommonJS).
// What is checked: @eslint/js and typescript-eslint "recommended", the two classic React hooks
// rules, and the import boundaries that keep the architecture's layers apart (CONTRIBUTING.md,
// "Architecture map"). Syntax-only rules: the type-aware set (recommendedTypeChecked) took 57 s on
// src/ alone against ~16 s for the whole repository without it (2 cores, measured), and
// `npm run typecheck` already runs tsc in CI.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Import boundaries, checked with ESLint's own no-restricted-imports (no plugin, no resolver).
// `group` entries are gitignore-style patterns matched against the import specifier as written.
const electronOnlyAtTheEdge = { name: 'electron', message: 'Only src/main/index.ts, src/main/electron/** and the preload may import electron.' }
const noNode = 'The renderer, the preload and the shared contract run in the browser sandbox: no Node built-ins.'
const nodeBuiltins = { group: ['node:*'], message: noNode }
// the unprefixed names too ('fs', 'fs/promises'), as exact names: a pattern 'console' would
// also match './console/api'
const bareNodeBuiltins = builtinModules.map((name) => ({ name, message: noNode }))
const mainFromOutside = { group: ['**/main/**'], message: 'Only the main process imports src/main; talk to it through the console API in src/shared.' }

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'coverage/**', '.bench/**', '.ci/results/**', 'test-results/**', 'resources/**'] },

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names mark a deliberately unused parameter or destructured rest sibling
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },

  // Tests read arbitrary JSON bodies (the contract types them in src, the tests check them
  // field by field) and load CommonJS fixtures and untyped tools (semver) with require.
  { files: ['test/**/*.{ts,tsx}'], rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' } },

  // Globals for no-undef, which runs on the .js/.cjs/.mjs files (typescript-eslint leaves names in
  // TypeScript to tsc). Node everywhere but the console's own code.
  { files: ['**/*.{js,cjs,mjs,ts,tsx}'], ignores: ['src/renderer/**'], languageOptions: { globals: { ...globals.node } } },
  // CommonJS entry points (bin, the stub electron used by the smoke tests)
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },

  // The console: browser globals, React hooks rules. Only the two classic rules: the rest of
  // eslint-plugin-react-hooks 7's "recommended" set are React Compiler diagnostics, and this
  // project does not use the compiler. exhaustive-deps is an error: a missing dependency is a
  // stale-closure bug, and where an effect deliberately runs on fewer deps the line says why
  // with an eslint-disable comment.
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}', 'test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },

  // Boundaries. A later block's no-restricted-imports replaces an earlier one's options (they are
  // not merged), so each block below repeats the electron rule. Electron stays at the edge of the
  // main process.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/index.ts', 'src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyAtTheEdge] }] },
  },
  // The shared contract: no electron, Node, React, main process or console code.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyAtTheEdge, ...bareNodeBuiltins, { name: 'react', message: 'The shared contract is data, not screens.' }],
          patterns: [
            nodeBuiltins,
            mainFromOutside,
            { group: ['**/renderer/**', '@renderer/*'], message: 'The shared contract must not depend on the console.' },
          ],
        },
      ],
    },
  },
  // The console handlers are the table both transports serve: the HTTP transport (core/server)
  // imports them, never the other way round (issue 15, item 3: core/api and core/server imported
  // each other). What both need lives below them (scim/base-path.ts, store/request-log.ts).
  {
    files: ['src/main/core/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyAtTheEdge],
          patterns: [
            {
              group: ['../server', '../server/*', '../../server', '../../server/*'],
              message: 'core/server depends on core/api, not the reverse: move what both need below them (scim/, store/).',
            },
          ],
        },
      ],
    },
  },
  // The console reaches the main process only through window.api (src/shared/console/api.ts).
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyAtTheEdge, ...bareNodeBuiltins], patterns: [nodeBuiltins, mainFromOutside] }] },
  },
  // A screen does not import another screen: what two features share lives in components/ (UI)
  // or lib/ (helpers, hooks), state in stores/, and a link to another screen goes through the
  // router. From features/<x>/file.ts, `../<y>/…` is a sibling feature, `../../<layer>/…` is not
  // (the negation), unless that layer is features/ again.
  {
    files: ['src/renderer/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyAtTheEdge, ...bareNodeBuiltins],
          patterns: [
            nodeBuiltins,
            mainFromOutside,
            {
              group: ['../*', '../*/**', '!../..', '!../../**', '../../features/**', '@renderer/features/**'],
              message: 'Features do not import each other: move what both need to components/ or lib/, or link through the router.',
            },
          ],
        },
      ],
    },
  },
  // The shared layers sit below every screen: components/, lib/ and stores/ never import a feature.
  {
    files: ['src/renderer/src/{components,lib,stores}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyAtTheEdge, ...bareNodeBuiltins],
          patterns: [
            nodeBuiltins,
            mainFromOutside,
            {
              group: ['../features/**', '@renderer/features/**'],
              message: 'components/, lib/ and stores/ are below the screens: they do not import a feature.',
            },
          ],
        },
      ],
    },
  },
  // The preload is bundled into one sandboxed file: electron and the shared contract only.
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...bareNodeBuiltins, { name: 'react', message: 'The preload imports only electron and src/shared.' }],
          patterns: [nodeBuiltins, mainFromOutside, { group: ['**/renderer/**', '@renderer/*'], message: 'The preload imports only electron and src/shared.' }],
        },
      ],
    },
  },
)
