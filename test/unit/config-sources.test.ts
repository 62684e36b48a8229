import { describe, expect, it } from 'vitest';
import { mergeConfig, toConfigState } from '../../lib/config-sources';
import { isConfigValues, type ConfigValues } from '../../lib/config-fields';

const BUILD: ConfigValues = {
  authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  issuer: 'https://contoso.b2clogin.com/guid/v2.0/',
  clientId: 'build-client',
  scopes: 'https://contoso.onmicrosoft.com/api/demo.read',
  apiUrl: 'https://api.contoso.com/hello',
};

describe('the configuration sources (issue 10)', () => {
  it('ranks them build-time < saved < managed, field by field, and locks what is managed', () => {
    const merged = mergeConfig(
      BUILD,
      { clientId: 'saved-client', apiUrl: 'https://saved.example/api' },
      { clientId: 'managed-client' },
    );
    expect(merged.values).toMatchObject({
      clientId: 'managed-client',
      apiUrl: 'https://saved.example/api',
      authority: BUILD.authority,
    });
    expect(merged.locked).toEqual(['clientId']);
    expect(toConfigState(merged).config?.clientId).toBe('managed-client');
  });

  it('lets a saved empty value turn a build-time flow off', () => {
    const build = { ...BUILD, profileEditAuthority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_edit/v2.0' };
    expect(toConfigState(mergeConfig(build, {}, {})).config?.profileEditAuthority).toBeDefined();
    expect(toConfigState(mergeConfig(build, { profileEditAuthority: '' }, {})).config?.profileEditAuthority).toBeUndefined();
  });

  it('validates the merge with the one validator, and names the field with its label', () => {
    const state = toConfigState(mergeConfig(BUILD, { authority: 'http://contoso.example/x' }, {}));
    expect(state.config).toBeUndefined();
    expect(state.problem).toEqual({ field: 'authority', message: expect.stringMatching(/^Authority must use https:\/\//) });
    expect(toConfigState(mergeConfig({}, {}, {})).problem).toEqual({
      field: 'authority',
      message: 'Authority must be a non-empty string',
    });
    expect(toConfigState(mergeConfig(BUILD, { clientId: 'a b' }, {})).problem?.message).toBe('Client ID must not contain spaces');
  });

  it('accepts as settings only a record of known fields with string values', () => {
    expect(isConfigValues({ authority: 'x', clientId: '' })).toBe(true);
    expect(isConfigValues({ authority: 1 })).toBe(false);
    expect(isConfigValues({ tokens: 'x' })).toBe(false);
    expect(isConfigValues(['authority'])).toBe(false);
    expect(isConfigValues({ authority: 'x'.repeat(5000) })).toBe(false);
  });
});
