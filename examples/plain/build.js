/**
 * Builds the extension into dist/: esbuild bundles src/background.js and src/popup.js (with
 * mv3-signin and its one dependency, oauth4webapi), and manifest.json and popup.html are copied.
 *
 * The sign-in settings are build-time values, from the environment:
 *   SIGNIN_AUTHORITY  SIGNIN_CLIENT_ID  SIGNIN_API_URL      (required; or SIGNIN_APIS for the API URL)
 *   SIGNIN_ISSUER  SIGNIN_SCOPES  SIGNIN_PASSWORD_RESET_AUTHORITY  SIGNIN_PROFILE_EDIT_AUTHORITY
 *   SIGNIN_APIS    several APIs: a JSON array of {"name", "url", "scopes"}, instead of the API URL and scopes
 *   EXTENSION_KEY  a base64 public key for the manifest's `key`: a fixed extension id (and so a
 *                  fixed redirect URI) for an unpacked install
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const env = process.env;
const settings = {
  authority: env.SIGNIN_AUTHORITY,
  issuer: env.SIGNIN_ISSUER,
  clientId: env.SIGNIN_CLIENT_ID,
  scopes: env.SIGNIN_SCOPES,
  apiUrl: env.SIGNIN_API_URL,
  apis: env.SIGNIN_APIS,
  passwordResetAuthority: env.SIGNIN_PASSWORD_RESET_AUTHORITY,
  profileEditAuthority: env.SIGNIN_PROFILE_EDIT_AUTHORITY,
};
const missing = ['SIGNIN_AUTHORITY', 'SIGNIN_CLIENT_ID', env.SIGNIN_APIS ? 'SIGNIN_APIS' : 'SIGNIN_API_URL'].filter(
  (name) => !env[name],
);
if (missing.length > 0) {
  console.error(`Set ${missing.join(', ')} (your provider's values) to build the example.`);
  process.exit(1);
}

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const dist = here('dist/');
await rm(dist, { recursive: true, force: true });
await mkdir(dist);

await build({
  absWorkingDir: here('.'),
  entryPoints: ['src/background.js', 'src/popup.js'],
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome113',
  // JSON.stringify leaves out the settings that are not set.
  define: { SIGNIN_SETTINGS: JSON.stringify(settings) },
  logLevel: 'warning',
});

const manifest = JSON.parse(await readFile(here('manifest.json'), 'utf8'));
if (env.EXTENSION_KEY) manifest.key = env.EXTENSION_KEY;
await writeFile(here('dist/manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
await copyFile(here('popup.html'), here('dist/popup.html'));
console.log(`Built ${dist}: load it unpacked (chrome://extensions, Developer mode, Load unpacked).`);
