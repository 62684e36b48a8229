/**
 * The manifest for each browser, from the validated WXT_* configuration. wxt.config.ts calls this
 * once WXT has loaded the .env files; a bad value fails the build with an error that names it.
 */
import type { UserManifest } from 'wxt';
import { entryLabel, FIELD_NAMES, isLoopbackHost, parseApiList, SettingsError, type Settings } from 'mv3-signin/settings';
import { buildValues, buildVariable, parseBuildEnv, type BuildEnv } from '../lib/build-settings';
import { englishMessage } from './locales';
import { EXTENSION_KEY, GECKO_ID } from './local-defaults';

/**
 * The build options that are no setting (not in the field table): the manifest key of a Chromium
 * build and the Firefox add-on id. Named here once; the tooling's builds take them from here.
 */
export interface BuildOptionsEnv {
  WXT_EXTENSION_KEY?: string;
  WXT_GECKO_ID?: string;
}

/** The build-time variables the manifest reads besides the extension's own configuration. */
export type ManifestEnv = BuildEnv &
  BuildOptionsEnv & {
    BUILD_STORE_PACKAGE?: string;
  };

/**
 * Set to a non-empty value by `npm run zip` (unless `--local`): the build is a store package, which
 * refuses a loopback authority, issuer or API URL. Not a WXT_ name, so the bundle never carries it.
 */
export const STORE_PACKAGE_VARIABLE = 'BUILD_STORE_PACKAGE';

/** WXT_EXTENSION_KEY's word for "no key": a store assigns the id (and rejects a manifest with `key`). */
export const STORE_KEY = 'store';

/**
 * Chrome 113 is the oldest with everything relied on: launchWebAuthFlow's non-interactive options
 * (abortOnLoadForNonInteractive, timeoutMsForNonInteractive: 113), storage.session (102) and
 * promise-returning chrome.* APIs in MV3 service workers.
 */
export const MINIMUM_CHROME_VERSION = '113';

/**
 * Firefox 140 is the first to know data_collection_permissions, which addons.mozilla.org requires
 * of new add-ons; MV3 with storage.session and identity.launchWebAuthFlow came earlier (115).
 */
export const MINIMUM_FIREFOX_VERSION = '140.0';

/**
 * Where settings saved in the options page may point, asked for with permissions.request only for
 * an origin that answers without CORS for the extension (lib/host-access.ts). (Match patterns
 * ignore the port.)
 */
export const OPTIONAL_HOST_PERMISSIONS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

/** The toolbar button's title: the extension's name, in the browser's language. */
const ACTION_TITLE = '__MSG_extension_name__';

/** The schema of what an administrator may set (storage.managed), in public/. */
export const MANAGED_SCHEMA = 'managed-schema.json';

/** The icon sizes in public/icon/, drawn from docs/icon.svg (npm run icons). */
const ICONS = Object.fromEntries([16, 32, 48, 128].map((size) => [size, `icon/${size}.png`]));

/**
 * No looser than MV3's default (`script-src 'self'`): only the extension's own scripts, no plugins,
 * no <base> and no form posts from its pages.
 */
export const CONTENT_SECURITY_POLICY = "script-src 'self'; object-src 'self'; base-uri 'none'; form-action 'none'";

const KEY_PATTERN = /^[A-Za-z0-9+/]{100,}={0,2}$/;
const GECKO_ID_PATTERN = /^(?:[\w.+-]*@[\w.-]+|\{[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\})$/;

/**
 * The manifest `key` of a Chromium build: WXT_EXTENSION_KEY (a base64 public key), none for
 * `store`, and the development key only for a build against a loopback provider.
 *
 * @throws TypeError naming WXT_EXTENSION_KEY when a build for a real tenant does not say which.
 */
export function extensionKey(config: Settings | undefined, env: ManifestEnv): string | undefined {
  const value = env.WXT_EXTENSION_KEY?.trim();
  if (value === STORE_KEY) return undefined;
  if (value) {
    if (!KEY_PATTERN.test(value)) {
      throw configProblem(`"WXT_EXTENSION_KEY" must be a base64 public key or "${STORE_KEY}"`);
    }
    return value;
  }
  // A build with no configuration is set up at run time: its id must still be stable.
  if (!config || isLoopbackHost(config.authority.hostname)) return EXTENSION_KEY;
  // Build-time only, never shown in the extension: English, not in public/_locales.
  throw configProblem(
    `"WXT_EXTENSION_KEY" must be set for a build against ${config.authority.host}: a public key (a stable id for unpacked installs) or "${STORE_KEY}" (no key: the store assigns the id). The development key is only for the local provider.`,
  );
}

function geckoId(env: ManifestEnv): string {
  const id = env.WXT_GECKO_ID?.trim() || GECKO_ID;
  if (!GECKO_ID_PATTERN.test(id)) {
    throw configProblem('"WXT_GECKO_ID" must look like an email address (name@example.com) or a {GUID}');
  }
  return id;
}

// The validator's errors name their problem as a message (public/_locales); the build says it in
// English, on one line: the variable, and for an entry of WXT_APIS the entry ("WXT_APIS", entry 2 (Orders API): "url" …).
function parseForBuild(env: ManifestEnv): Settings {
  try {
    return parseBuildEnv(env);
  } catch (err) {
    if (err instanceof SettingsError) {
      const label = entryLabel(`"${buildVariable(err.field)}"`, err.entry, englishMessage);
      err.message = englishMessage(err.problem, label, ...err.substitutions);
      err.stack = err.message;
    }
    throw err;
  }
}

// WXT prints a thrown error's stack: a configuration problem is its one sentence (the variable and
// the rule), with no trace of where in the build it was found.
function configProblem(message: string): TypeError {
  const err = new TypeError(message);
  err.stack = message;
  return err;
}

/**
 * Refuses a store package (STORE_PACKAGE_VARIABLE set) whose authority, issuer or API URL is on a
 * loopback host: most likely the local provider's defaults, because no tenant was set.
 *
 * @throws TypeError naming the variable and how to set the tenant (or package it anyway).
 */
export function assertStoreConfig(config: Settings | undefined, env: ManifestEnv): void {
  if (!config || !env[STORE_PACKAGE_VARIABLE]?.trim()) return;
  const listed = parseApiList(buildValues(env).apis || '[]').length > 0;
  const urls: [string, URL][] = [
    ['"WXT_AUTHORITY"', config.authority],
    ['"WXT_ISSUER"', config.issuer],
    ...config.apis.map(({ name, url }): [string, URL] => [listed ? `"WXT_APIS" (${name})` : '"WXT_API_URL"', url]),
  ];
  const loopback = urls.find(([, url]) => isLoopbackHost(url.hostname));
  if (!loopback) return;
  const [variable, url] = loopback;
  throw configProblem(
    `${variable} is ${url.origin}, a loopback host: the store package would be for the local provider. Set your tenant in .env.local (WXT_AUTHORITY, WXT_ISSUER, WXT_CLIENT_ID, WXT_API_URL…; see .env.example), or run \`npm run zip -- --local\` to package it anyway.`,
  );
}

/**
 * The manifest for `browser` ('firefox', or a Chromium browser).
 *
 * @throws SettingsError naming the first invalid variable (in English), TypeError for a bad key or Gecko id,
 * or for a store package with a loopback URL; each has its message as its stack (one line in WXT's output).
 */
export function buildManifest(env: ManifestEnv, browser: string): UserManifest {
  // With no WXT_* configuration at all, the build is set up at run time (options page or policy).
  const config = FIELD_NAMES.some((field) => env[buildVariable(field)]?.trim()) ? parseForBuild(env) : undefined;
  assertStoreConfig(config, env);
  const common: UserManifest = {
    // In the browser's language, from public/_locales (English when there is no translation).
    name: '__MSG_extension_name__',
    description: '__MSG_extension_description__',
    default_locale: 'en',
    // scripting: the content script (entrypoints/site.content.ts) is registered at run time, and only on a site
    // the user turned on in the options page (with its host permission, asked for then).
    permissions: ['identity', 'storage', 'alarms', 'scripting'],
    host_permissions: (config?.origins ?? []).map((origin) => `${origin}/*`),
    optional_host_permissions: OPTIONAL_HOST_PERMISSIONS,
    icons: ICONS,
    action: { default_title: ACTION_TITLE, default_icon: ICONS },
    content_security_policy: { extension_pages: CONTENT_SECURITY_POLICY },
  };
  if (browser === 'firefox') {
    // (WXT's manifest types predate data_collection_permissions.)
    const gecko = {
      id: geckoId(env),
      strict_min_version: MINIMUM_FIREFOX_VERSION,
      // Nothing goes to the extension's makers: tokens go only to the provider and the API the user signs in to.
      data_collection_permissions: { required: ['none'] },
    };
    return { ...common, browser_specific_settings: { gecko } };
  }
  const key = extensionKey(config, env);
  // A fixed key keeps the extension id, and with it the redirect URI https://<id>.chromiumapp.org/, stable.
  return {
    ...common,
    ...(key ? { key } : {}),
    minimum_chrome_version: MINIMUM_CHROME_VERSION,
    // Chrome and Edge policy; Firefox reads policies.json without a schema in the manifest.
    storage: { managed_schema: MANAGED_SCHEMA },
  };
}
