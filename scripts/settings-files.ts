/**
 * `npm run settings-files`: writes the files made from the settings' field table,
 * public/managed-schema.json and .env.example (build/settings-files.ts). Run it after changing the
 * table (packages/mv3-signin/src/settings/fields.ts) or the example file's help; the unit test
 * test/unit/settings-files.test.ts fails while a committed file differs.
 *
 * tsx loads the package as built (dist/): `npm run build -w mv3-signin` first after a table change.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { settingsFiles } from '../build/settings-files';

const ROOT = resolve(import.meta.dirname, '..');
for (const [path, text] of Object.entries(settingsFiles())) {
  const file = resolve(ROOT, path);
  const before = await readFile(file, 'utf8').catch(() => undefined);
  if (before === text) {
    console.log(`${path}: up to date`);
  } else {
    await writeFile(file, text);
    console.log(`${path}: written`);
  }
}
