import preact from '@preact/preset-vite';
import { defaultClientConditions, type Alias } from 'vite';
import { defineConfig } from 'wxt';
import { applyBuildEnv } from './build/build-env';
import { buildManifest } from './build/manifest';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // browser.* is webextension-polyfill's promise-based API in every browser.
  modules: ['@wxt-dev/webextension-polyfill'],
  // Chrome 113 / Firefox 140 (build/manifest.ts): no transpiling down to older syntax.
  // The sign-in package (packages/mv3-signin) from its TypeScript source: its `source` export
  // condition, so an edit there needs no package build.
  vite: () => ({
    plugins: [preact()],
    resolve: { conditions: ['source', ...defaultClientConditions] },
    // Terser over esbuild's minifier: some 4 % smaller bundles for their budgets (npm run bench:size).
    build: { target: ['chrome113', 'firefox140'], minify: 'terser', terserOptions: { compress: { passes: 2 } } },
  }),
  // Runs while WXT resolves its configuration, after it has loaded the .env files into process.env
  // and before anything is bundled: it settles which WXT_* the build uses (build/build-env.ts; Vite
  // reads them from process.env), and a bad configuration fails the build naming the variable.
  manifest: ({ browser }) => buildManifest(applyBuildEnv(process.env), browser),
  // AMO rebuilds the package from the sources zip, so it carries the configuration the build read
  // (dotfiles are left out by default). It holds no secret: this is a public client.
  zip: {
    includeSources: ['.env.local'],
    // Built on install (the package) or by its own script (the example): sources only.
    excludeSources: ['packages/*/dist/**', 'examples/*/node_modules/**', 'examples/*/dist/**'],
  },
  hooks: {
    // The background and the content script take no polyfill (3 KB gzip): the sign-in package finds the browser's
    // own namespace, and the app's calls there (i18n, the badge) are the same in every browser.
    // So `wxt/browser` is WXT's plain `browser` in their builds alone.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'background' || entrypoint.type === 'content-script')) return;
      const plain = { find: 'wxt/browser', replacement: '@wxt-dev/browser' };
      const alias = config.resolve?.alias ?? [];
      config.resolve = {
        ...config.resolve,
        alias: Array.isArray(alias) ? [plain, ...(alias as readonly Alias[])] : { ...alias, [plain.find]: plain.replacement },
      };
    },
    // The one content script (entrypoints/site.content.ts) is registered at run time, on the sites the user allows;
    // WXT still writes an empty `content_scripts` then. The manifest has no key for what it does not have.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.content_scripts?.length === 0) delete manifest.content_scripts;
    },
    // A package of another mode than production says so in its name: `npm run zip`'s mode `store`
    // (scripts/zip.ts) and the tests' `--mode audit-…`, so none overwrites another.
    'zip:start': (wxt) => {
      if (wxt.config.mode === 'production') return;
      wxt.config.zip.artifactTemplate = '{{name}}-{{version}}-{{browser}}-{{mode}}.zip';
      wxt.config.zip.sourcesTemplate = '{{name}}-{{version}}-sources-{{mode}}.zip';
    },
  },
});
