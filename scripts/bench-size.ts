/**
 * `npm run bench:size`: the gzip -9 size of the JavaScript each entrypoint loads, following its
 * static imports, in the production build (.output/chrome-mv3; run `npm run build` first).
 * Budgets: background 20 KB, popup 12 KB. Exits non-zero when one is over.
 */
import { resolve } from 'node:path';
import { bundleSizes, formatBundleSize } from './bundle-size';

const sizes = bundleSizes(resolve(import.meta.dirname, '..', process.argv[2] ?? '.output/chrome-mv3'));
for (const size of sizes) console.log(formatBundleSize(size));
process.exit(sizes.some((size) => size.gzip > size.budget) ? 1 : 0);
