/**
 * `npm run bench:size`: the gzip -9 size of the JavaScript each entrypoint loads, following its
 * static imports, in the production build (.output/chrome-mv3; run `npm run build` first), and of
 * the sign-in package's background entry bundled alone (minified, from its built dist), as a plain
 * extension such as examples/plain takes it.
 * Budgets: background 20 KB, popup 12 KB, the package's background 15 KB. Exits non-zero when one is over.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { bundleSizes, formatBundleSize } from './bundle-size';

const PACKAGE_BUDGET = 15 * 1024;

const sizes = bundleSizes(resolve(import.meta.dirname, '..', process.argv[2] ?? '.output/chrome-mv3'));
for (const size of sizes) console.log(formatBundleSize(size));

// What `import { createSignIn } from 'mv3-signin/background'` adds to a service worker.
const bundled = await build({
  stdin: { contents: "export { createSignIn } from 'mv3-signin/background';", resolveDir: resolve(import.meta.dirname, '..') },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome113', 'firefox140'],
  write: false,
});
const gzip = gzipSync(bundled.outputFiles[0]!.contents, { level: 9 }).length;
const kb = (bytes: number) => (bytes / 1024).toFixed(2);
console.log(
  `${'package'.padEnd(10)} ${kb(gzip).padStart(6)} KB gzip -9 (budget ${PACKAGE_BUDGET / 1024} KB) ${gzip > PACKAGE_BUDGET ? 'OVER' : 'ok'}  [mv3-signin/background, oauth4webapi included]`,
);
process.exit(sizes.some((size) => size.gzip > size.budget) || gzip > PACKAGE_BUDGET ? 1 : 0);
