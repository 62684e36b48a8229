import { describe, expect, it } from 'vitest';
import { SettingsError, flowAuthority } from '../../packages/mv3-signin/src/settings/config';
import { buildVariable, parseBuildEnv, type BuildEnv } from '../../lib/build-settings';
import { englishMessage } from '../../build/locales';

// The problem in English about `name`, as the build words it (build/manifest.ts).
const describeAs = (error: SettingsError, name: string) => englishMessage(error.problem, name, ...error.substitutions);

const B2C: BuildEnv = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
  WXT_ISSUER: 'https://contoso.b2clogin.com/11111111-2222-3333-4444-555555555555/v2.0/',
  WXT_CLIENT_ID: 'abc-client',
  WXT_SCOPES: 'https://contoso.onmicrosoft.com/api/demo.read',
  WXT_API_URL: 'https://api.contoso.com/hello',
};

function errorOf(env: BuildEnv): SettingsError {
  try {
    parseBuildEnv(env);
  } catch (err) {
    if (err instanceof SettingsError) return err;
    throw err;
  }
  throw new Error('parseBuildEnv accepted an invalid configuration');
}

describe('parseBuildEnv', () => {
  it('keeps the authority and the issuer apart (B2C)', () => {
    const config = parseBuildEnv(B2C);
    expect(config.authority.href).toBe(B2C.WXT_AUTHORITY);
    expect(config.issuer.href).toBe(B2C.WXT_ISSUER);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses the authority as the issuer when WXT_ISSUER is absent (plain OpenID providers)', () => {
    const config = parseBuildEnv({ ...B2C, WXT_ISSUER: undefined, WXT_AUTHORITY: 'https://id.example.com/realms/demo/' });
    expect(config.issuer.href).toBe('https://id.example.com/realms/demo');
    expect(config.authority.href).toBe('https://id.example.com/realms/demo');
  });

  it('always requests openid and offline_access, plus the configured scopes', () => {
    expect(parseBuildEnv(B2C).scopes).toEqual(['openid', 'offline_access', 'https://contoso.onmicrosoft.com/api/demo.read']);
  });

  it('requests the client id as a scope when no API scope is configured, so B2C issues an access token', () => {
    expect(parseBuildEnv({ ...B2C, WXT_SCOPES: '' }).scopes).toEqual(['openid', 'offline_access', 'abc-client']);
    expect(parseBuildEnv({ ...B2C, WXT_SCOPES: 'openid profile' }).scopes).toEqual([
      'openid',
      'offline_access',
      'profile',
      'abc-client',
    ]);
  });

  it('derives the host permissions from the authority and API origins', () => {
    expect(parseBuildEnv(B2C).origins).toEqual(['https://contoso.b2clogin.com', 'https://api.contoso.com']);
  });

  it.each([
    ['WXT_AUTHORITY', { WXT_AUTHORITY: undefined }, /non-empty/],
    ['WXT_AUTHORITY', { WXT_AUTHORITY: 'not a url' }, /absolute URL/],
    ['WXT_AUTHORITY', { WXT_AUTHORITY: 'http://contoso.b2clogin.com/x' }, /https/],
    ['WXT_AUTHORITY', { WXT_AUTHORITY: 'ftp://contoso.example/x' }, /https/],
    ['WXT_AUTHORITY', { WXT_AUTHORITY: 'https://contoso.example/x?p=B2C_1' }, /query/],
    ['WXT_ISSUER', { WXT_ISSUER: 'http://contoso.b2clogin.com/guid/v2.0/' }, /https/],
    ['WXT_CLIENT_ID', { WXT_CLIENT_ID: '  ' }, /non-empty/],
    ['WXT_CLIENT_ID', { WXT_CLIENT_ID: 'a b' }, /spaces/],
    ['WXT_API_URL', { WXT_API_URL: 'http://api.contoso.com/hello' }, /https/],
    ['WXT_API_URL', { WXT_API_URL: 'https://user:pw@api.contoso.com/' }, /credentials/],
    ['WXT_PASSWORD_RESET_AUTHORITY', { WXT_PASSWORD_RESET_AUTHORITY: 'http://contoso.b2clogin.com/x' }, /https/],
    ['WXT_PASSWORD_RESET_AUTHORITY', { WXT_PASSWORD_RESET_AUTHORITY: 'B2C_1_reset' }, /absolute URL/],
    ['WXT_PROFILE_EDIT_AUTHORITY', { WXT_PROFILE_EDIT_AUTHORITY: 'https://contoso.example/x?p=B2C_1_edit' }, /query/],
    ['WXT_PROFILE_EDIT_AUTHORITY', { WXT_PROFILE_EDIT_AUTHORITY: 'http://192.168.1.2/x' }, /https/],
  ] as const)('rejects a bad %s and names it', (variable, override, problem) => {
    const error = errorOf({ ...B2C, ...override });
    expect(buildVariable(error.field)).toBe(variable);
    expect(error.code).toBe('config_invalid');
    expect(describeAs(error, `"${variable}"`)).toMatch(problem);
  });

  it('has no other user flows unless configured: a build without them behaves as before', () => {
    const config = parseBuildEnv(B2C);
    expect(config.passwordResetAuthority).toBeUndefined();
    expect(config.profileEditAuthority).toBeUndefined();
    expect(flowAuthority(config, 'resetPassword')).toBeUndefined();
    expect(flowAuthority(config, 'signIn')).toBe(config.authority);
    expect(parseBuildEnv({ ...B2C, WXT_PASSWORD_RESET_AUTHORITY: '  ', WXT_PROFILE_EDIT_AUTHORITY: '' }).origins).toEqual(
      parseBuildEnv(B2C).origins,
    );
  });

  it('takes the password-reset and profile-edit flows, on the authority’s origin, which add no origins', () => {
    const config = parseBuildEnv({
      ...B2C,
      WXT_PASSWORD_RESET_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0/',
      WXT_PROFILE_EDIT_AUTHORITY: 'https://CONTOSO.b2clogin.com:443/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0',
    });
    expect(flowAuthority(config, 'resetPassword')?.href).toBe(
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0',
    );
    expect(flowAuthority(config, 'editProfile')?.href).toBe(
      'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0',
    );
    expect(config.origins).toEqual(['https://contoso.b2clogin.com', 'https://api.contoso.com']);
  });

  // Issue 18, item 3: one tenant, one key set. A flow on another host could sign ID tokens that
  // claim the tenant's issuer with keys of its own.
  it.each([
    ['WXT_PASSWORD_RESET_AUTHORITY', 'https://evil.example/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0'],
    ['WXT_PROFILE_EDIT_AUTHORITY', 'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0'],
    ['WXT_PROFILE_EDIT_AUTHORITY', 'https://contoso.b2clogin.com:8443/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0'],
  ] as const)('refuses %s on another origin than the authority, naming it and the origin expected', (variable, value) => {
    const error = errorOf({ ...B2C, [variable]: value });
    expect(buildVariable(error.field)).toBe(variable);
    expect(error.problem).toBe('config_flow_origin');
    expect(describeAs(error, `"${variable}"`)).toBe(
      `"${variable}" must be on the sign-in authority’s origin, https://contoso.b2clogin.com: every user flow of a tenant is, and one on another host could sign its own tokens.`,
    );
  });

  it.each(['http://localhost:5280/t', 'http://127.0.0.1:5280/t', 'http://[::1]:5280/t'])(
    'allows http:// on loopback: %s',
    (authority) => {
      expect(parseBuildEnv({ ...B2C, WXT_AUTHORITY: authority, WXT_ISSUER: authority }).authority.protocol).toBe('http:');
    },
  );
});
