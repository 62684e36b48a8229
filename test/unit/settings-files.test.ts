import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIELD_NAMES, FLOW_FIELDS, SETTINGS_FIELDS } from 'mv3-signin/settings';
import { describe, expect, it } from 'vitest';
import { readMessages } from '../../build/locales';
import { managedSchema, SETTINGS_FILE_PATHS, settingsFiles } from '../../build/settings-files';
import { fieldEnv, LOCAL_PROVIDER_VALUES } from '../../build/build-env';
import { buildVariable } from '../../lib/build-settings';

const ROOT = resolve(import.meta.dirname, '..', '..');
const committed = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

describe('the files made from the field table', () => {
  it.each(Object.entries(settingsFiles()))('%s is what the table makes', (path, text) => {
    expect(committed(path), `${path} is not what the field table makes: run \`npm run settings-files\``).toBe(text);
  });

  it('covers every field in the policy schema, in table order, titled: a string, or a list as an array of objects', () => {
    const schema = JSON.parse(managedSchema());
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(FIELD_NAMES);
    const list = {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, url: { type: 'string' }, scopes: { type: 'string' } },
      },
    };
    for (const field of FIELD_NAMES) {
      expect(schema.properties[field], field).toEqual({
        title: SETTINGS_FIELDS[field].title,
        description: expect.stringContaining(SETTINGS_FIELDS[field].description),
        ...(SETTINGS_FIELDS[field].kind === 'list' ? list : { type: 'string' }),
      });
    }
    // Issue 21: the APIs, for policy, as an array of the objects WXT_APIS holds.
    expect(schema.properties.apis.type).toBe('array');
  });

  it('says of the flows only that "" turns them off and that a policy naming the provider locks them off', () => {
    const { properties } = JSON.parse(managedSchema());
    for (const field of FIELD_NAMES) {
      const flow = (FLOW_FIELDS as readonly string[]).includes(field);
      expect(properties[field].description.includes('"" means this flow is off.'), field).toBe(flow);
    }
    expect(properties[FLOW_FIELDS[0]!].description).toContain(
      'Left out of a policy that sets authority, issuer or clientId, it is off too (and locked).',
    );
  });

  it('sets in .env.example exactly the build variables of the fields, in table order', () => {
    const env = committed(SETTINGS_FILE_PATHS.envExample);
    const variables = FIELD_NAMES.map(buildVariable);
    expect([...env.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1])).toEqual(variables);
    expect(new Set(variables).size).toBe(FIELD_NAMES.length);
    for (const variable of variables) expect(variable).toMatch(/^WXT_[A-Z]+(_[A-Z]+)*$/);
    expect(buildVariable('apiUrl')).toBe('WXT_API_URL');
    // The type says the same: a literal per field (typechecked by `npm run typecheck`).
    const reset: 'WXT_PASSWORD_RESET_AUTHORITY' = buildVariable('passwordResetAuthority');
    expect(reset).toBe('WXT_PASSWORD_RESET_AUTHORITY');
    // The app's other build variables follow, commented out: they are not settings.
    expect([...env.matchAll(/^# (WXT_[A-Z0-9_]+)=/gm)].map((match) => match[1])).toEqual(['WXT_EXTENSION_KEY', 'WXT_GECKO_ID']);
  });

  it("makes a build's variables from field values through buildVariable, one per value given", () => {
    expect(Object.keys(fieldEnv(LOCAL_PROVIDER_VALUES))).toEqual(FIELD_NAMES.map(buildVariable));
    const { authority, clientId, apiUrl } = LOCAL_PROVIDER_VALUES;
    expect(fieldEnv({ authority, clientId, apiUrl, profileEditAuthority: '' })).toEqual({
      WXT_AUTHORITY: authority,
      WXT_CLIENT_ID: clientId,
      WXT_API_URL: apiUrl,
      WXT_PROFILE_EDIT_AUTHORITY: '',
    });
  });

  it.each(['en', 'de'])('has a field_<name> message in %s for every field', (language) => {
    const messages = readMessages(language);
    for (const field of FIELD_NAMES) expect(messages[`field_${field}`]?.message.trim(), field).toBeTruthy();
  });
});
