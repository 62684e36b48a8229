// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', '**/node_modules/**', 'packages/*/dist/**', 'examples/*/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Storage adapters and handlers are async by contract even when a body has nothing to await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // What runs in the browser runs in Chrome 113 (build/manifest.ts MINIMUM_CHROME_VERSION): no URL.canParse (120)
    // or URL.parse (126); the package's parseUrl does both jobs.
    files: ['entrypoints/**', 'lib/**', 'packages/*/src/**', 'examples/*/src/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'URL', property: 'canParse', message: 'Chrome has it from 120 only: use parseUrl (mv3-signin/settings).' },
        { object: 'URL', property: 'parse', message: 'Chrome has it from 126 only: use parseUrl (mv3-signin/settings).' },
      ],
    },
  },
  {
    // Tests read JSON and poke at values on purpose; vitest's matchers are passed around unbound.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Puppeteer's target types are string enums, compared with their string values.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // The app is the package's first user: it imports only the package's public entry points
    // (mv3-signin, mv3-signin/background, /client, /settings, /check, /en), never its source. Nor
    // does it or its build import server/ (the local provider and API): what the build needs of
    // the local system (the development key, the gecko id, the local defaults) is build/'s own,
    // in build/local-defaults.ts, and server/local.ts takes it from there.
    files: ['entrypoints/**/*.{ts,tsx}', 'lib/**/*.ts', 'build/**/*.ts', 'wxt.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)packages/|^mv3-signin/(src|dist)(/|$)',
              message:
                'Import the sign-in package by its public entry points (mv3-signin, mv3-signin/background, …), not its files.',
            },
            {
              regex: '(^|/)server(/|$)',
              message:
                'The extension and its build never import server/: put what both need in build/ (build/local-defaults.ts), and let server/ import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The package imports nothing from WXT, Preact or the app.
    files: ['packages/mv3-signin/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(wxt|preact|@/|~/)|(^|/)(lib|entrypoints|build|server)/',
              message: 'The package stands alone: no WXT, no Preact, nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  // Imports flow one way: scripts/ and test/ each use tooling/ (building the extension, finding and
  // launching the browser, driving the popup), and never each other.
  ...[
    ['scripts/**/*.ts', ['test']],
    ['test/**/*.ts', ['scripts']],
    ['tooling/**/*.ts', ['scripts', 'test']],
  ].map(([files, forbidden]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `(^|/)(${[forbidden].flat().join('|')})(/|$)`,
              message:
                'scripts/ and test/ do not import each other (nor does tooling/ import them): put what both need in tooling/.',
            },
          ],
        },
      ],
    },
  })),
  {
    // Koa middleware ends with `return next()`, and koa types next() as Promise<any>.
    files: ['server/idp/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-return': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // examples/plain: plain JavaScript for an extension's pages and worker, and its Node build script.
    files: ['examples/**/*.js'],
    languageOptions: { globals: { document: 'readonly', console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  prettier,
);
