/** Settings values the tests of several APIs (issue 21) share: a B2C tenant without any API, and one API entry. */
import type { SettingsValues } from '../../packages/mv3-signin/src/settings/fields';

/** The tenant's provider and client, and no API: each test adds the shorthand or a list. */
export const TENANT_VALUES: SettingsValues = {
  authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  issuer: 'https://contoso.b2clogin.com/guid/v2.0/',
  clientId: 'client-1',
};

/** An entry of the `apis` list. */
export const ORDERS_API = {
  name: 'Orders API',
  url: 'https://orders.contoso.com/api',
  scopes: 'https://contoso.onmicrosoft.com/orders/read',
};
