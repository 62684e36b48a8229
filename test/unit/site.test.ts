// Issue 21, item 4: a site's origin as a page names it for allowSite, and its match pattern (core/site.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useExtensionApi, type ExtensionApi } from '../../packages/mv3-signin/src/core/browser';
import { asSiteOrigin, sitePattern } from '../../packages/mv3-signin/src/core/site';
import { httpOrigin } from '../../packages/mv3-signin/src/core/url';

afterEach(() => useExtensionApi(undefined));

/** The extension API of a browser whose pages are at `pages` (chrome-extension:// or moz-extension://). */
function browserAt(pages: string): void {
  const fake = fakeBrowser as unknown as ExtensionApi;
  useExtensionApi({ ...fake, runtime: { ...fake.runtime, getURL: (path: string) => `${pages}/${path.replace(/^\//, '')}` } });
}

describe('asSiteOrigin', () => {
  it.each([
    'https://shop.example',
    'https://shop.example:8443',
    'http://localhost:5391',
    'http://127.0.0.1:8080',
    'http://[::1]:3000',
    'https://xn--strae-oqa.example',
    'https://my_shop.example',
  ])('takes %s', (origin) => {
    expect(asSiteOrigin(origin)).toBe(origin);
  });

  it.each([
    ['a path', 'https://shop.example/orders'],
    ['a trailing slash', 'https://shop.example/'],
    ['http on a host that is not loopback', 'http://shop.example'],
    ['a default port written out', 'https://shop.example:443'],
    ['credentials', 'https://user:pw@shop.example'],
    ['a query', 'https://shop.example?x'],
    ['a wildcard host', 'https://*.example'],
    ['a wildcard for every host', 'https://*'],
    ['a host no name has', 'https://shop!.example'],
    ['upper case', 'HTTPS://shop.example'],
    ['an unencoded international name', 'https://straße.example'],
    ['a file URL', 'file:///etc'],
    ['an extension origin', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
    ['not a URL', 'shop.example'],
    ['not a string', 42],
    ['too long', `https://${'a'.repeat(300)}.example`],
  ])('refuses %s', (_name, value) => {
    expect(asSiteOrigin(value)).toBeUndefined();
  });
});

describe('sitePattern', () => {
  it('is the origin with its port where match patterns carry ports (Chrome)', () => {
    browserAt('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(sitePattern('https://shop.example')).toBe('https://shop.example/*');
    expect(sitePattern('http://localhost:5391')).toBe('http://localhost:5391/*');
  });

  it('is the host on every port in Firefox, whose match patterns carry none', () => {
    browserAt('moz-extension://6f1d7a2e-4b3c-4e5f-9a8b-2c1d0e9f8a7b');
    expect(sitePattern('https://shop.example')).toBe('https://shop.example/*');
    expect(sitePattern('http://localhost:5391')).toBe('http://localhost/*');
  });
});

describe('httpOrigin', () => {
  it('is the origin of an http(s) URL only', () => {
    expect(httpOrigin('https://shop.example/a?b#c')).toBe('https://shop.example');
    expect(httpOrigin('http://localhost:5391/')).toBe('http://localhost:5391');
    for (const url of ['about:blank', 'data:text/html,x', 'blob:https://shop.example/1', 'chrome://newtab/', 'nope']) {
      expect(httpOrigin(url)).toBeUndefined();
    }
  });
});
