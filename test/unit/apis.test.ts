// Issue 21, item 1: several protected APIs in the settings, as a list (`apis`, WXT_APIS) that wins
// over the one-API shorthand (API URL and Scopes, one API named "API").
import { describe, expect, it } from 'vitest';
import { parseSettings, SettingsError } from '../../packages/mv3-signin/src/settings/config';
import { MAX_APIS } from '../../packages/mv3-signin/src/settings/apis';
import { isSettingsValues, validateSettings, type SettingsValues } from '../../packages/mv3-signin/src/settings/fields';
import { settingsFingerprint } from '../../packages/mv3-signin/src/settings/fingerprint';
import { mergeSettings, pickValues, toSettingsState } from '../../packages/mv3-signin/src/settings/sources';
import { withLocked } from '../../packages/mv3-signin/src/service/save';
import type { SettingsView } from '../../packages/mv3-signin/src/messaging/protocol';
import { ORDERS_API as ORDERS, TENANT_VALUES as BASE } from '../support/api-settings';

const PROFILE = {
  name: 'Profile API',
  url: 'https://profile.contoso.com/',
  scopes: 'https://contoso.onmicrosoft.com/profile/read write',
};
const list = (...apis: unknown[]) => JSON.stringify(apis);

// The field, the problem's key and its words as a page shows them (validateSettings).
function problemOf(values: SettingsValues): { field: string; problem: string; message: string } {
  try {
    parseSettings(values);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    const validated = validateSettings(values);
    if (!('problem' in validated)) throw new Error('validateSettings accepted the values');
    expect(err.message).toBe(`The extension is not configured correctly. ${validated.problem.message}`);
    return { field: validated.problem.field, problem: err.problem, message: validated.problem.message };
  }
  throw new Error('parseSettings accepted the values');
}

describe('the APIs list (apis)', () => {
  it('takes every API in order: its name, URL and scopes; sign-in asks for the first API’s scopes only', () => {
    const config = parseSettings({ ...BASE, apis: list(ORDERS, PROFILE) });
    expect(config.apis.map(({ name, url, scopes }) => ({ name, url: url.href, scopes }))).toEqual([
      { name: 'Orders API', url: 'https://orders.contoso.com/api', scopes: ['https://contoso.onmicrosoft.com/orders/read'] },
      {
        name: 'Profile API',
        url: 'https://profile.contoso.com/',
        scopes: ['https://contoso.onmicrosoft.com/profile/read', 'write'],
      },
    ]);
    expect(config.scopes).toEqual(['openid', 'offline_access', 'https://contoso.onmicrosoft.com/orders/read']);
    // Host access is exactly the authority's origin and the APIs'.
    expect(config.origins).toEqual(['https://contoso.b2clogin.com', 'https://orders.contoso.com', 'https://profile.contoso.com']);
    expect(Object.isFrozen(config.apis)).toBe(true);
  });

  it('wins over API URL and Scopes when not empty; scopes may be empty or left out', () => {
    const config = parseSettings({
      ...BASE,
      apiUrl: 'https://old.contoso.com/hello',
      scopes: 'old-scope',
      apis: list({ name: 'Only', url: 'https://only.contoso.com/' }, { ...PROFILE, scopes: '' }),
    });
    expect(config.apis.map(({ name }) => name)).toEqual(['Only', 'Profile API']);
    expect(config.apis[0]?.scopes).toEqual([]);
    expect(config.scopes).toEqual(['openid', 'offline_access', 'client-1']);
    expect(config.origins).not.toContain('https://old.contoso.com');
  });

  it('is the one-API shorthand without a list (or with an empty one): one API named "API"', () => {
    const shorthand = { ...BASE, apiUrl: 'https://api.contoso.com/hello', scopes: 'a b' };
    for (const apis of [undefined, '', '  ', '[]']) {
      const config = parseSettings({ ...shorthand, ...(apis === undefined ? {} : { apis }) });
      expect(config.apis.map(({ name, url, scopes }) => ({ name, url: url.href, scopes }))).toEqual([
        { name: 'API', url: 'https://api.contoso.com/hello', scopes: ['a', 'b'] },
      ]);
      expect(config.scopes).toEqual(['openid', 'offline_access', 'a', 'b']);
    }
  });

  it('names API URL when there is neither a list nor an API URL', () => {
    expect(problemOf({ ...BASE, apis: '[]' })).toEqual({
      field: 'apiUrl',
      problem: 'config_required',
      message: 'API URL must be a non-empty string',
    });
  });

  it.each([
    ['not JSON', '[{"name": "Orders API",'],
    ['not an array', JSON.stringify(ORDERS)],
    ['a string', '"https://orders.contoso.com/"'],
  ])('refuses a list that is %s, naming the field', (_case, apis) => {
    expect(problemOf({ ...BASE, apis })).toEqual({
      field: 'apis',
      problem: 'config_apis_json',
      message: 'APIs must be a JSON array of APIs, each {"name": …, "url": …, "scopes": …}',
    });
  });

  it.each([
    [
      'an entry that is no object',
      list(ORDERS, 'https://x.example/'),
      'APIs, entry 2 must be an object {"name": …, "url": …, "scopes": …}',
    ],
    [
      'a name missing',
      list(ORDERS, { url: 'https://x.example/' }),
      'APIs, entry 2: "name" must be a name of 1 to 40 characters on one line',
    ],
    ['a blank name', list({ ...ORDERS, name: '  ' }), 'APIs, entry 1: "name" must be a name of 1 to 40 characters on one line'],
    [
      'a name too long',
      list({ ...ORDERS, name: 'x'.repeat(41) }),
      'APIs, entry 1: "name" must be a name of 1 to 40 characters on one line',
    ],
    [
      'a name of two lines',
      list({ ...ORDERS, name: 'Orders\nAPI' }),
      'APIs, entry 1: "name" must be a name of 1 to 40 characters on one line',
    ],
    [
      'a name taken (ignoring case)',
      list(ORDERS, PROFILE, { ...PROFILE, name: ' orders api ' }),
      'APIs, entry 3 (orders api): "name" is already the name of entry 1 (names must differ, ignoring case)',
    ],
    ['a URL missing', list(ORDERS, { name: 'Profile API' }), 'APIs, entry 2 (Profile API): "url" must be a non-empty string'],
    [
      'a URL that is no URL',
      list({ ...ORDERS, url: 'orders' }),
      'APIs, entry 1 (Orders API): "url" must be an absolute URL, got "orders"',
    ],
    [
      'http:// on a host that is not loopback',
      list(ORDERS, { ...PROFILE, url: 'http://profile.contoso.com/' }),
      'APIs, entry 2 (Profile API): "url" must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])',
    ],
    [
      'another scheme',
      list({ ...ORDERS, url: 'ftp://orders.contoso.com/' }),
      'APIs, entry 1 (Orders API): "url" must be an https:// URL',
    ],
    [
      'credentials in the URL',
      list({ ...ORDERS, url: 'https://me:pw@orders.contoso.com/' }),
      'APIs, entry 1 (Orders API): "url" must not contain credentials',
    ],
    [
      'a query in the URL',
      list({ ...ORDERS, url: 'https://orders.contoso.com/?x=1' }),
      'APIs, entry 1 (Orders API): "url" must not contain a query or fragment',
    ],
    [
      'scopes that are no string',
      list({ ...ORDERS, scopes: ['a', 'b'] }),
      'APIs, entry 1 (Orders API): "scopes" must be a string',
    ],
    [
      'a key of no API (a typo)',
      list({ ...ORDERS, scope: 'a' }),
      'APIs, entry 1 (Orders API): "scope" is not a key of an API (name, url, scopes)',
    ],
    [
      'too many APIs',
      list(...Array.from({ length: MAX_APIS + 1 }, (_, at) => ({ ...ORDERS, name: `API ${at}` }))),
      'APIs may list at most 10 APIs',
    ],
  ])('refuses %s, naming the entry', (_case, apis, message) => {
    expect(problemOf({ ...BASE, apis })).toMatchObject({ field: 'apis', message });
  });

  it('takes http:// on loopback, and as many as MAX_APIS APIs', () => {
    const apis = Array.from({ length: MAX_APIS }, (_, at) => ({ name: `API ${at}`, url: `http://localhost:${5000 + at}/` }));
    expect(parseSettings({ ...BASE, apis: list(...apis) }).apis).toHaveLength(MAX_APIS);
  });

  it('words the problem for a page as the field and a sentence naming the entry', () => {
    expect(validateSettings({ ...BASE, apis: list(ORDERS, { ...ORDERS, url: 'http://x.example/' }) })).toEqual({
      problem: { field: 'apis', message: expect.stringMatching(/^APIs, entry 2 \(Orders API\): "url" must use https:\/\//) },
    });
  });

  it('binds tokens to every API’s name, URL and scopes (the settings fingerprint)', () => {
    const fingerprint = (apis: unknown[]) => settingsFingerprint(parseSettings({ ...BASE, apis: list(...apis) }));
    const before = fingerprint([ORDERS, PROFILE]);
    expect(fingerprint([ORDERS, PROFILE])).toBe(before);
    expect(fingerprint([ORDERS, { ...PROFILE, name: 'Profile' }])).not.toBe(before);
    expect(fingerprint([ORDERS, { ...PROFILE, url: 'https://profile.contoso.com/v2' }])).not.toBe(before);
    expect(fingerprint([ORDERS, { ...PROFILE, scopes: 'other' }])).not.toBe(before);
    expect(fingerprint([PROFILE, ORDERS])).not.toBe(before);
    expect(fingerprint([ORDERS])).not.toBe(before);
  });
});

describe('the APIs list from each source', () => {
  it('takes a policy’s array of objects as its JSON text (storage.managed gives the array itself)', () => {
    const values = pickValues({ ...BASE, apis: [ORDERS, PROFILE], scopes: ['not', 'a', 'string'] });
    expect(values.apis).toBe(list(ORDERS, PROFILE));
    expect(values.scopes).toBeUndefined();
    expect(parseSettings(values).apis.map(({ name }) => name)).toEqual(['Orders API', 'Profile API']);
    // Only a list field takes an array; a string list (from the build or a save) stays as it is.
    expect(pickValues({ clientId: ['x'], apis: ` ${list(ORDERS)} ` })).toEqual({ apis: list(ORDERS) });
    expect(pickValues({ apis: { name: 'x' } })).toEqual({});
  });

  it('lets a policy’s list win over everything, locked', () => {
    const merged = mergeSettings(
      { ...BASE, apiUrl: 'https://api.contoso.com/hello' },
      { apis: list(PROFILE) },
      pickValues({ apis: [ORDERS] }),
    );
    expect(merged.locked).toEqual(['apis']);
    expect(toSettingsState(merged).config?.apis.map(({ name }) => name)).toEqual(['Orders API']);
  });

  it('drops a build’s or a user’s list when a policy sets API URL or Scopes and no list: the administrator decides the API', () => {
    const apiUrl = 'https://managed.contoso.com/hello';
    for (const managed of [{ apiUrl }, { scopes: 'managed-scope' }]) {
      const merged = mergeSettings({ ...BASE, apiUrl, apis: list(ORDERS) }, { apis: list(PROFILE) }, managed);
      expect(merged.values.apis).toBeUndefined();
      expect(toSettingsState(merged).config?.apis.map(({ name, url }) => [name, url.href])).toEqual([['API', apiUrl]]);
    }
    // A policy of other fields leaves the user's list alone.
    const merged = mergeSettings({ ...BASE, apiUrl }, { apis: list(PROFILE) }, { clientId: 'managed-client' });
    expect(toSettingsState(merged).config?.apis.map(({ name }) => name)).toEqual(['Profile API']);
  });

  it('checks and saves what the merge would use: no list of the page’s when policy decides the one API', () => {
    const view = (locked: SettingsView['locked'], values: SettingsValues) =>
      ({ values, locked, redirectUri: 'https://x.chromiumapp.org/', savable: true }) satisfies SettingsView;
    const page = { ...BASE, apiUrl: 'https://page.contoso.com/', apis: list(ORDERS) };
    const policy = { apiUrl: 'https://managed.contoso.com/' };
    expect(withLocked(page, view(['apiUrl'], policy))).toEqual({ ...BASE, apiUrl: policy.apiUrl });
    expect(withLocked(page, view(['apis'], { apis: list(PROFILE) })).apis).toBe(list(PROFILE));
    expect(withLocked(page, view(['clientId'], { clientId: 'c' })).apis).toBe(list(ORDERS));
  });

  it('carries a list of up to 16 KB in a message or storage; other fields up to 2048 characters', () => {
    const long = list(
      ...Array.from({ length: MAX_APIS }, (_, at) => ({ ...ORDERS, name: `API ${at}`, scopes: 's'.repeat(1000) })),
    );
    expect(long.length).toBeGreaterThan(2048);
    expect(isSettingsValues({ apis: long })).toBe(true);
    expect(isSettingsValues({ apis: 'x'.repeat(16 * 1024 + 1) })).toBe(false);
    expect(isSettingsValues({ apiUrl: long })).toBe(false);
  });
});
