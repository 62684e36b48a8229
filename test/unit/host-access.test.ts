// Issue 18, item 2: host access follows the settings. Origins granted for earlier settings that
// the settings in force no longer need are removed; the manifest's own stay (they cannot be
// removed), and so does whatever covers no origin the settings ever named (the extension's own).
import { describe, expect, it } from 'vitest';
import { unneededHostAccess } from '../../packages/mv3-signin/src/service/host-access';

const REQUIRED = ['http://localhost:5280/*', 'http://localhost:5281/*'];

describe('unneededHostAccess', () => {
  it('removes an origin granted for an API the settings no longer name', () => {
    const granted = [...REQUIRED, 'https://old-api.contoso.com/*', 'https://login.contoso.com/*'];
    const before = ['https://login.contoso.com', 'https://old-api.contoso.com'];
    expect(unneededHostAccess(granted, REQUIRED, ['https://login.contoso.com', 'https://new-api.contoso.com'], before)).toEqual([
      'https://old-api.contoso.com/*',
    ]);
  });

  it('keeps the manifest’s own origins, even when the settings in force point elsewhere', () => {
    expect(unneededHostAccess(REQUIRED, REQUIRED, ['https://login.contoso.com'], ['http://localhost:5280'])).toEqual([]);
  });

  it('keeps what covers a needed origin: the same origin, or the host on any port', () => {
    const granted = ['http://127.0.0.1:8080/*', 'http://127.0.0.1/*', 'http://127.0.0.1:9090/*'];
    expect(unneededHostAccess(granted, [], ['http://127.0.0.1:8080'], ['http://127.0.0.1:9090'])).toEqual([
      'http://127.0.0.1:9090/*',
    ]);
  });

  it('keeps what no earlier setting named: the extension’s own grants, and a wildcard for all sites', () => {
    const granted = ['https://*/*', '<all_urls>', 'https://shop.example/*', 'https://old-api.contoso.com/*'];
    expect(unneededHostAccess(granted, [], ['https://login.contoso.com'], ['https://old-api.contoso.com'])).toEqual([
      'https://old-api.contoso.com/*',
    ]);
  });

  it('removes nothing the first time: no earlier settings are known', () => {
    expect(unneededHostAccess(['https://old-api.contoso.com/*'], [], ['https://login.contoso.com'], [])).toEqual([]);
  });

  it('never keeps an origin of the other scheme for a needed one', () => {
    const granted = ['http://login.contoso.com/*'];
    expect(unneededHostAccess(granted, [], ['https://login.contoso.com'], ['http://login.contoso.com'])).toEqual(granted);
  });

  it('keeps everything that is needed: nothing to remove', () => {
    const granted = ['https://login.contoso.com/*', 'https://api.contoso.com/*'];
    const needed = ['https://login.contoso.com', 'https://api.contoso.com'];
    expect(unneededHostAccess(granted, [], needed, needed)).toEqual([]);
  });
});
