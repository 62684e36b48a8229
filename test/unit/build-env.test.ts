// Issue 18, item 8: a tenant's build never silently picks up the local provider's values, and a
// build with no configuration is one command.
import { describe, expect, it } from 'vitest';
import { applyBuildEnv, LOCAL_PROVIDER_ENV, resolveBuildEnv, UNCONFIGURED_VARIABLE } from '../../build/build-env';
import { buildManifest } from '../../build/manifest';
import { parseBuildEnv } from '../../lib/build-settings';
import * as local from '../../server/local';

const TENANT = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
  WXT_CLIENT_ID: 'tenant-client',
  WXT_API_URL: 'https://api.contoso.com/hello',
};
const NOT_SET = {
  WXT_ISSUER: '',
  WXT_SCOPES: '',
  WXT_PASSWORD_RESET_AUTHORITY: '',
  WXT_PROFILE_EDIT_AUTHORITY: '',
  WXT_APIS: '',
};

describe('the configuration a build uses', () => {
  it('takes none of the local provider’s values once WXT_AUTHORITY is set (.env.local or the environment)', () => {
    const env = resolveBuildEnv({ ...TENANT, PATH: '/usr/bin' });
    expect(env).toEqual({ ...TENANT, ...NOT_SET });
    const config = parseBuildEnv(env);
    expect(config.issuer.href).toBe(TENANT.WXT_AUTHORITY);
    expect(config.scopes).toEqual(['openid', 'offline_access', 'tenant-client']);
    expect(config.passwordResetAuthority).toBeUndefined();
    expect(config.origins).toEqual(['https://contoso.b2clogin.com', 'https://api.contoso.com']);
  });

  it('without a tenant’s client id or API URL, names what is missing instead of using the local provider’s', () => {
    expect(() => parseBuildEnv(resolveBuildEnv({ WXT_AUTHORITY: TENANT.WXT_AUTHORITY }))).toThrow(
      expect.objectContaining({ field: 'clientId', problem: 'config_required' }),
    );
  });

  it('is the local provider and API when WXT_AUTHORITY is not set, each variable replaceable or blanked', () => {
    expect(resolveBuildEnv({})).toEqual(LOCAL_PROVIDER_ENV);
    const config = parseBuildEnv(resolveBuildEnv({ WXT_AUTHORITY: '  ', WXT_PROFILE_EDIT_AUTHORITY: '' }));
    expect(config.authority.href).toBe(local.authorityFor());
    expect(config.issuer.href).toBe(local.issuerFor());
    expect(config.clientId).toBe(local.CLIENT_ID);
    expect(config.scopes).toContain(local.API_SCOPE);
    expect(config.apis.map(({ name, url }) => [name, url.href])).toEqual([['API', local.apiUrlFor()]]);
    expect(config.passwordResetAuthority?.href).toBe(local.authorityFor(local.IDP_PORT, local.PASSWORD_RESET_POLICY));
    expect(config.profileEditAuthority).toBeUndefined();
  });

  it('has no configuration at all for `npm run build:unconfigured`, whatever is set', () => {
    const env = resolveBuildEnv({ ...TENANT, [UNCONFIGURED_VARIABLE]: '1' });
    expect(Object.values(env).every((value) => value === '')).toBe(true);
    expect(buildManifest(env, 'chrome').host_permissions).toEqual([]);
  });

  it('settles every variable in the environment it is given, the same when applied again', () => {
    const env: Record<string, string | undefined> = { ...TENANT };
    applyBuildEnv(env);
    expect(env).toEqual({ ...TENANT, ...NOT_SET });
    const localEnv = applyBuildEnv({});
    expect(applyBuildEnv({ ...localEnv })).toEqual(localEnv);
    const none = applyBuildEnv({ [UNCONFIGURED_VARIABLE]: '1' });
    expect(applyBuildEnv({ ...none })).toEqual(none);
  });
});
