// Issue 21, item 1: the options page edits the APIs as rows; Check probes and names every API's origin.
import { describe, expect, it } from 'vitest';
import { apiRowsOf, usesApiList, withApiRows } from '../../lib/api-rows';
import { describeCheck, reportSeverities } from '../../lib/check-report';
import { configWarnings } from '../../lib/check-warnings';
import { gatherCheckFacts, type CheckRequests } from '../../packages/mv3-signin/src/check/facts';
import { ORDERS_API as ORDERS, TENANT_VALUES as BASE } from '../support/api-settings';

const PROFILE = { name: 'Profile API', url: 'https://profile.contoso.com/', scopes: '' };

describe('the options page’s API rows', () => {
  it('shows the one-API shorthand as one row named "API", and a list as its rows', () => {
    expect(apiRowsOf({ ...BASE, apiUrl: 'https://api.contoso.com/', scopes: 'a' })).toEqual([
      { name: 'API', url: 'https://api.contoso.com/', scopes: 'a' },
    ]);
    expect(apiRowsOf({})).toEqual([{ name: 'API', url: '', scopes: '' }]);
    expect(apiRowsOf({ apiUrl: 'https://old.contoso.com/', apis: JSON.stringify([ORDERS, PROFILE]) })).toEqual([ORDERS, PROFILE]);
    // What is no list yet (a policy's bad value) shows as the shorthand; the validator words the problem.
    expect(apiRowsOf({ apis: '{"name": "x"}', apiUrl: 'https://api.contoso.com/' })[0]?.name).toBe('API');
    expect(apiRowsOf({ apis: JSON.stringify([{ name: 1 }]) })).toEqual([{ name: '', url: '', scopes: '' }]);
  });

  it('saves one row named "API" as API URL and Scopes (no list), anything else as the list', () => {
    const row = { name: 'API', url: 'https://api.contoso.com/', scopes: 's' };
    expect(withApiRows({ ...BASE, apis: JSON.stringify([ORDERS]) }, [row])).toEqual({
      ...BASE,
      apiUrl: row.url,
      scopes: 's',
      apis: '',
    });
    const renamed = withApiRows({ ...BASE, apiUrl: row.url }, [{ ...row, name: 'Hello API' }]);
    expect(JSON.parse(renamed.apis!)).toEqual([{ ...row, name: 'Hello API' }]);
    expect(usesApiList(renamed)).toBe(true);
    const two = withApiRows(BASE, [ORDERS, PROFILE]);
    expect(apiRowsOf(two)).toEqual([ORDERS, PROFILE]);
    expect(usesApiList(withApiRows(two, [row]))).toBe(false);
  });

  it('warns about no API scope by the first API’s scopes, and not about an API URL the list replaces', () => {
    const values = { ...BASE, apiUrl: 'http://old.example/', scopes: 'https://contoso.onmicrosoft.com/x/read' };
    expect(configWarnings(values).map(({ code }) => code)).toEqual(['http_not_loopback']);
    const listed = withApiRows(values, [PROFILE, ORDERS]);
    expect(configWarnings(listed).map(({ field, code }) => [field, code])).toEqual([['apis', 'no_api_scope']]);
    expect(configWarnings(withApiRows(values, [ORDERS, PROFILE]))).toEqual([]);
  });
});

describe('Check with several APIs', () => {
  it('probes every API’s origin once, and names each API whose origin needs host access', async () => {
    const values = {
      ...BASE,
      apis: JSON.stringify([ORDERS, PROFILE, { ...PROFILE, name: 'Profile v2', url: 'https://profile.contoso.com/v2' }]),
    };
    const probed: string[] = [];
    const requests: CheckRequests = {
      readDiscovery: async (authority) => ({
        url: `${authority.href}/.well-known/openid-configuration`,
        found: false,
        failure: 'unreachable',
      }),
      sendsNoCors: async (url) => {
        probed.push(url);
        return !url.startsWith('https://orders.');
      },
      checkRedirect: async () => 'unknown',
      timeoutMs: 1000,
      maxResponseBytes: 256 * 1024,
    };
    const facts = await gatherCheckFacts(values, requests);
    expect(probed.sort()).toEqual([
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0/.well-known/openid-configuration',
      'https://orders.contoso.com/api',
      'https://profile.contoso.com/',
    ]);
    expect(facts.needsHostAccess).toEqual(['https://contoso.b2clogin.com', 'https://profile.contoso.com']);
    const report = describeCheck(values, facts, 'https://abc.chromiumapp.org/');
    expect(report.apiAccess?.map(({ api, origin }) => [api, origin])).toEqual([
      ['Profile API', 'https://profile.contoso.com'],
      ['Profile v2', 'https://profile.contoso.com'],
    ]);
    expect(report.apiAccess?.[0]?.message).toBe(
      'Profile API: https://profile.contoso.com sends no CORS headers for the extension: “Save” will ask for access to it.',
    );
    // The provider's origin keeps the one line of its own.
    expect(report.otherAccess).toEqual(['https://contoso.b2clogin.com']);
    expect(reportSeverities(report).filter((severity) => severity === 'warning')).toHaveLength(3);
  });
});
