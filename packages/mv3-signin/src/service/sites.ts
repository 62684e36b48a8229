import { extensionApi, type RegisteredContentScript } from '../core/browser.js';
import { SignInError } from '../core/errors.js';
import { sitePattern } from '../core/site.js';
import { defineItem } from '../core/storage-item.js';
import { releaseHostAccess } from './host-access.js';

/**
 * The sites the user allowed, each with the names of the APIs its content script may call
 * (`{ "https://shop.example": ["Orders API"] }`). Nothing secret: storage.local.
 */
export const sitesItem = defineItem<Record<string, string[]>>('local:sites');

/** The start of the id of every content script the package registers: `mv3-signin-site:<origin>`. */
export const SITE_SCRIPT_PREFIX = 'mv3-signin-site:';

/** A site the user allowed, and the APIs its content script may call there. */
export interface SiteAccess {
  readonly origin: string;
  readonly apis: readonly string[];
}

/** The extension's content script: the files registered on every allowed site (`createSignIn({ contentScript })`). */
export interface ContentScriptFiles {
  readonly js: readonly string[];
  readonly css?: readonly string[];
}

/** The sites' records and their content scripts, changed one operation at a time. */
export interface Sites {
  /**
   * Records `api` for `origin` and registers the content script there, once the host permission is
   * granted.
   *
   * @returns false when it is not granted (nothing changes).
   * @throws SignInError `bad_request` without content script files.
   */
  allow(api: string, origin: string): Promise<boolean>;
  /**
   * Takes `api` off `origin`. With no API left there, the content script is unregistered and the
   * host permissions covering the origin are removed, except those the manifest, the settings in
   * force or another allowed site need.
   */
  disallow(api: string, origin: string): Promise<void>;
  list(): Promise<SiteAccess[]>;
  /** Forgets every API not in `names` (the settings no longer name it), as `disallow` does. */
  keepApis(names: readonly string[]): Promise<void>;
  /** The registrations follow the records: missing ones registered (the files may have changed), others removed. */
  sync(): Promise<void>;
}

const scriptId = (origin: string) => `${SITE_SCRIPT_PREFIX}${origin}`;

async function readSites(): Promise<Record<string, string[]>> {
  const stored = await sitesItem.getValue();
  const sites: Record<string, string[]> = {};
  if (typeof stored !== 'object' || stored === null) return sites;
  for (const [origin, apis] of Object.entries(stored)) {
    if (Array.isArray(apis)) sites[origin] = apis.filter((name): name is string => typeof name === 'string');
  }
  return sites;
}

/**
 * True when the user allowed `origin` for `api` and its host permission is still granted (the user
 * may have taken it back in the browser's own menu).
 */
export async function isSiteAllowed(origin: string, api: string): Promise<boolean> {
  const sites = await readSites();
  if (!Object.hasOwn(sites, origin) || !sites[origin]?.includes(api)) return false;
  return extensionApi().permissions.contains({ origins: [sitePattern(origin)] });
}

function scripting(): NonNullable<ReturnType<typeof extensionApi>['scripting']> {
  const api = extensionApi().scripting;
  if (!api) throw new Error('mv3-signin: createSignIn({ contentScript }) needs the "scripting" permission in the manifest.');
  return api;
}

async function register(origin: string, files: ContentScriptFiles): Promise<void> {
  const script: RegisteredContentScript = {
    id: scriptId(origin),
    matches: [sitePattern(origin)],
    js: [...files.js],
    ...(files.css && files.css.length > 0 ? { css: [...files.css] } : {}),
    // The top frame only: the background answers no other (messaging/content-script.ts).
    allFrames: false,
    persistAcrossSessions: true,
    runAt: 'document_idle',
  };
  // Registering an id twice fails (Chrome and Firefox alike): an existing one is updated.
  const existing = await scripting().getRegisteredContentScripts({ ids: [script.id] });
  await (existing.length > 0 ? scripting().updateContentScripts([script]) : scripting().registerContentScripts([script]));
}

async function unregister(ids: readonly string[]): Promise<void> {
  const api = extensionApi().scripting;
  if (!api || ids.length === 0) return;
  // Unregistering an id that is not registered fails: only those that are.
  const registered = (await api.getRegisteredContentScripts({ ids: [...ids] })).map(({ id }) => id);
  if (registered.length > 0) await api.unregisterContentScripts({ ids: registered });
}

/**
 * The sites of this extension. `files` is its content script (none: `allow` fails); `needed` gives
 * the origins of the settings in force, whose host permissions stay.
 */
export function createSites(files: ContentScriptFiles | undefined, needed: () => Promise<readonly string[]>): Sites {
  // One operation at a time: two of them must not register one id twice, nor write over each other.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  // The sites left without any API: their scripts and host permissions go.
  async function forget(origins: readonly string[], remaining: readonly string[]): Promise<void> {
    await unregister(origins.map(scriptId));
    await releaseHostAccess(origins, [...(await needed()), ...remaining]);
  }

  async function write(sites: Record<string, string[]>, emptied: readonly string[]): Promise<void> {
    await sitesItem.setValue(sites);
    if (emptied.length > 0) await forget(emptied, Object.keys(sites));
  }

  return {
    allow: (api, origin) =>
      serial(async () => {
        if (!files) throw new SignInError('bad_request');
        if (!(await extensionApi().permissions.contains({ origins: [sitePattern(origin)] }))) return false;
        await register(origin, files);
        const sites = await readSites();
        await sitesItem.setValue({ ...sites, [origin]: [...new Set([...(sites[origin] ?? []), api])] });
        return true;
      }),
    disallow: (api, origin) =>
      serial(async () => {
        const { [origin]: apis = [], ...others } = await readSites();
        const left = apis.filter((name) => name !== api);
        await write(left.length > 0 ? { ...others, [origin]: left } : others, left.length > 0 ? [] : [origin]);
      }),
    list: async () => Object.entries(await readSites()).map(([origin, apis]) => ({ origin, apis })),
    keepApis: (names) =>
      serial(async () => {
        const sites = await readSites();
        const kept: Record<string, string[]> = {};
        const emptied: string[] = [];
        for (const [origin, apis] of Object.entries(sites)) {
          const left = apis.filter((name) => names.includes(name));
          if (left.length > 0) kept[origin] = left;
          else emptied.push(origin);
        }
        if (JSON.stringify(kept) !== JSON.stringify(sites)) await write(kept, emptied);
      }),
    sync: () =>
      serial(async () => {
        const sites = Object.keys(await readSites());
        const api = extensionApi().scripting;
        // An extension that never used sites is left alone (it may not even have the permission).
        if (!api || (!files && sites.length === 0)) return;
        const origins = files ? sites : [];
        if (files) for (const origin of origins) await register(origin, files);
        const wanted = new Set(origins.map(scriptId));
        const ours = (await api.getRegisteredContentScripts())
          .map(({ id }) => id)
          .filter((id) => id.startsWith(SITE_SCRIPT_PREFIX));
        await unregister(ours.filter((id) => !wanted.has(id)));
      }),
  };
}
