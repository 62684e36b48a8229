// Issue 21, item 5: the options page's "Show on <origin>" checkboxes, one per API in force, on its own origin.
import { describe, expect, it } from 'vitest';
import { isShown, siteToggles } from '../../lib/site-toggles';
import { ORDERS_API, TENANT_VALUES } from '../support/api-settings';

describe('siteToggles', () => {
  it('has one toggle for the one-API shorthand ("API"), on its URL’s origin', () => {
    expect(siteToggles({ ...TENANT_VALUES, apiUrl: 'https://api.contoso.com/v1/hello' })).toEqual([
      { api: 'API', origin: 'https://api.contoso.com' },
    ]);
    expect(siteToggles({ apiUrl: 'http://localhost:5281/hello' })).toEqual([{ api: 'API', origin: 'http://localhost:5281' }]);
  });

  it('has one per API of a list, in its order; two APIs of one origin get one each', () => {
    const profile = { name: 'Profile API', url: 'https://api.contoso.com/profile', scopes: '' };
    const orders = { ...ORDERS_API, url: 'https://api.contoso.com/orders' };
    expect(siteToggles({ ...TENANT_VALUES, apis: JSON.stringify([orders, profile]) })).toEqual([
      { api: orders.name, origin: 'https://api.contoso.com' },
      { api: 'Profile API', origin: 'https://api.contoso.com' },
    ]);
  });

  it('has none for an API with no usable URL or name yet', () => {
    expect(siteToggles({})).toEqual([]);
    const rows = [
      { name: 'No URL', url: '', scopes: '' },
      { name: 'Relative', url: '/hello', scopes: '' },
      { name: 'Mail', url: 'mailto:api@contoso.com', scopes: '' },
      { name: ' ', url: 'https://api.contoso.com/', scopes: '' },
    ];
    expect(siteToggles({ apis: JSON.stringify(rows) })).toEqual([]);
  });
});

describe('isShown', () => {
  const toggle = { api: 'Orders API', origin: 'https://api.contoso.com' };

  it('is true only for that API on that origin', () => {
    expect(isShown([{ origin: 'https://api.contoso.com', apis: ['API', 'Orders API'] }], toggle)).toBe(true);
    expect(isShown([], toggle)).toBe(false);
    expect(isShown([{ origin: 'https://api.contoso.com', apis: ['API'] }], toggle)).toBe(false);
    expect(isShown([{ origin: 'https://contoso.com', apis: ['Orders API'] }], toggle)).toBe(false);
  });
});
