import { describe, expect, it } from 'vitest';
import { mergeSettings, toSettingsState } from '../../packages/mv3-signin/src/settings/sources';
import { isSettingsValues, type SettingsValues } from '../../packages/mv3-signin/src/settings/fields';

const BUILD: SettingsValues = {
  authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  issuer: 'https://contoso.b2clogin.com/guid/v2.0/',
  clientId: 'build-client',
  scopes: 'https://contoso.onmicrosoft.com/api/demo.read',
  apiUrl: 'https://api.contoso.com/hello',
};

describe('the configuration sources (issue 10)', () => {
  it('ranks them build-time < saved < managed, field by field, and locks what is managed', () => {
    const merged = mergeSettings(
      BUILD,
      { clientId: 'saved-client', apiUrl: 'https://saved.example/api' },
      { clientId: 'managed-client' },
    );
    expect(merged.values).toMatchObject({
      clientId: 'managed-client',
      apiUrl: 'https://saved.example/api',
      authority: BUILD.authority,
    });
    // The client id names the client: the user flows it leaves out are locked too (issue 18).
    expect(merged.locked).toEqual(['clientId', 'passwordResetAuthority', 'profileEditAuthority']);
    expect(toSettingsState(merged).config?.clientId).toBe('managed-client');
  });

  it('lets a saved empty value turn a build-time flow off', () => {
    const build = { ...BUILD, profileEditAuthority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_edit/v2.0' };
    expect(toSettingsState(mergeSettings(build, {}, {})).config?.profileEditAuthority).toBeDefined();
    expect(toSettingsState(mergeSettings(build, { profileEditAuthority: '' }, {})).config?.profileEditAuthority).toBeUndefined();
  });

  // Issue 18, item 3: a policy that names the provider or the client decides its user flows too.
  it.each([['authority'], ['issuer'], ['clientId']] as const)(
    'locks the user flows a policy setting %s leaves out, as off; scopes and API URL stay the user’s',
    (field) => {
      const flow = 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_edit/v2.0';
      const build = { ...BUILD, profileEditAuthority: flow };
      const saved = { passwordResetAuthority: flow.replace('edit', 'reset'), scopes: 'saved-scope' };
      const merged = mergeSettings(build, saved, { [field]: BUILD[field] });
      expect(merged.locked).toEqual([field, 'passwordResetAuthority', 'profileEditAuthority']);
      expect(merged.values).toMatchObject({ passwordResetAuthority: '', profileEditAuthority: '', scopes: 'saved-scope' });
      const { config } = toSettingsState(merged);
      expect(config?.passwordResetAuthority).toBeUndefined();
      expect(config?.profileEditAuthority).toBeUndefined();
    },
  );

  it('keeps a flow the policy sets, and leaves the flows alone for a policy of scopes or API URL only', () => {
    const flow = 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_edit/v2.0';
    const withFlow = mergeSettings(BUILD, {}, { clientId: 'managed-client', profileEditAuthority: flow });
    expect(withFlow.locked).toEqual(['clientId', 'passwordResetAuthority', 'profileEditAuthority']);
    expect(toSettingsState(withFlow).config?.profileEditAuthority?.href).toBe(flow);
    const apiOnly = mergeSettings(BUILD, { profileEditAuthority: flow }, { scopes: 'managed-scope', apiUrl: BUILD.apiUrl });
    expect(apiOnly.locked).toEqual(['scopes', 'apiUrl']);
    expect(apiOnly.values.profileEditAuthority).toBe(flow);
  });

  it('leaves sign-in unavailable, in plain words, when a stored flow is on another origin', () => {
    const state = toSettingsState(
      mergeSettings(BUILD, { passwordResetAuthority: 'https://evil.example/contoso.onmicrosoft.com/B2C_1_reset/v2.0' }, {}),
    );
    expect(state.config).toBeUndefined();
    expect(state.problem).toEqual({
      field: 'passwordResetAuthority',
      message: expect.stringMatching(
        /^Password reset authority must be on the sign-in authority’s origin, https:\/\/contoso\.b2clogin\.com:/,
      ),
    });
  });

  it('validates the merge with the one validator, and names the field with its label', () => {
    const state = toSettingsState(mergeSettings(BUILD, { authority: 'http://contoso.example/x' }, {}));
    expect(state.config).toBeUndefined();
    expect(state.problem).toEqual({ field: 'authority', message: expect.stringMatching(/^Authority must use https:\/\//) });
    expect(toSettingsState(mergeSettings({}, {}, {})).problem).toEqual({
      field: 'authority',
      message: 'Authority must be a non-empty string',
    });
    expect(toSettingsState(mergeSettings(BUILD, { clientId: 'a b' }, {})).problem?.message).toBe(
      'Client ID must not contain spaces',
    );
  });

  it('accepts as settings only a record of known fields with string values', () => {
    expect(isSettingsValues({ authority: 'x', clientId: '' })).toBe(true);
    expect(isSettingsValues({ authority: 1 })).toBe(false);
    expect(isSettingsValues({ tokens: 'x' })).toBe(false);
    expect(isSettingsValues(['authority'])).toBe(false);
    expect(isSettingsValues({ authority: 'x'.repeat(5000) })).toBe(false);
  });
});
