/**
 * The committed files made from the settings' field table (SETTINGS_FIELDS, mv3-signin/settings):
 * the policy schema (public/managed-schema.json) and the build variables' example file
 * (.env.example). Pure functions of the table: `npm run settings-files` writes what they return, and
 * test/unit/settings-files.test.ts holds the committed files to it.
 */
import { FIELD_NAMES, IDENTITY_FIELDS, SETTINGS_FIELDS, type SettingsField } from 'mv3-signin/settings';
import { buildVariable } from '../lib/build-settings';

/** Where each file is, from the repository's root. */
export const SETTINGS_FILE_PATHS = {
  managedSchema: 'public/managed-schema.json',
  envExample: '.env.example',
} as const;

/** Every file made from the table, by its path from the repository's root, with its text. */
export function settingsFiles(): Record<(typeof SETTINGS_FILE_PATHS)[keyof typeof SETTINGS_FILE_PATHS], string> {
  return {
    [SETTINGS_FILE_PATHS.managedSchema]: managedSchema(),
    [SETTINGS_FILE_PATHS.envExample]: envExample(),
  };
}

/** "a, b or c". */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * What a policy means for a flow field besides its description: '' turns the flow off, and a policy
 * that names the provider or the client locks the flows it leaves out, as off (settings/sources.ts).
 */
const FLOW_POLICY_NOTE = `"" means this flow is off. Left out of a policy that sets ${orList(IDENTITY_FIELDS)}, it is off too (and locked).`;

/**
 * A list field's policy value: an array of objects with string properties, in the subset of JSON
 * schema Chrome reads for storage.managed (the validator checks the rest).
 */
const LIST_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: { name: { type: 'string' }, url: { type: 'string' }, scopes: { type: 'string' } },
  },
} as const;

/**
 * The managed-storage schema (the manifest's storage.managed_schema): a property per field, in
 * table order, with its English title and description: a string, or for a list (`apis`) an array
 * of objects. Prettier's JSON formatting.
 */
export function managedSchema(): string {
  const properties = Object.fromEntries(
    FIELD_NAMES.map((field) => {
      const { role, kind, title, description } = SETTINGS_FIELDS[field];
      const type = kind === 'list' ? LIST_SCHEMA : { type: 'string' };
      return [field, { title, description: role === 'flow' ? `${description} ${FLOW_POLICY_NOTE}` : description, ...type }];
    }),
  );
  return `${JSON.stringify({ type: 'object', properties }, null, 2)}\n`;
}

/** How .env.example shows a field's variable. */
interface EnvEntry {
  /** What to set it to, in English: one paragraph, wrapped in the file. */
  readonly help: string;
  /** Values to copy, one line each under the help, by the kind of provider they are for. */
  readonly byProvider?: Readonly<Record<string, string>>;
  /** An example, shown under the help (`e.g. …`) for a variable that the file leaves empty. */
  readonly example?: string;
  /** What the file sets it to ('' for not set). */
  readonly value: string;
}

const AUTHORITY = buildVariable('authority');
const ISSUER = buildVariable('issuer');
const SCOPES = buildVariable('scopes');
const API_URL = buildVariable('apiUrl');
const APIS = buildVariable('apis');

/**
 * Each field's help for a build, in English. It stays here, with the file it is written to, rather
 * than in the package's table: it names the app's build variables and its popup, and the table is
 * bundled into every entrypoint. `satisfies` makes each field of the table need one.
 */
const ENV_ENTRIES = {
  authority: {
    help: `The authority: the user flow (policy) URL up to /v2.0. Discovery is at ${AUTHORITY}/.well-known/openid-configuration.`,
    byProvider: {
      'Azure AD B2C': 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
      'Entra External ID': 'https://contoso.ciamlogin.com/<tenant-id>/v2.0',
      'Any OpenID provider': 'its issuer URL',
    },
    value: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
  },
  issuer: {
    help: `The "issuer" the metadata must carry. B2C's differs from the authority: copy it from the metadata document (open ${AUTHORITY}/.well-known/openid-configuration). Leave empty when the issuer is the authority itself (most OpenID providers).`,
    value: 'https://contoso.b2clogin.com/00000000-0000-0000-0000-000000000000/v2.0/',
  },
  clientId: {
    help: 'The application (client) id of the app registered as a Single-page application, with the redirect URI https://<extension-id>.chromiumapp.org/',
    value: '00000000-0000-0000-0000-000000000000',
  },
  scopes: {
    help: 'Space-separated API scopes. openid and offline_access are always added. With no API scope, the client id is requested as a scope, which makes B2C issue an access token for the app itself.',
    value: 'https://contoso.onmicrosoft.com/demo-api/demo.read',
  },
  apiUrl: {
    help: `The protected API that "Call API" calls with Authorization: Bearer. With ${SCOPES}, the one-API shorthand: one API named "API". Not needed when ${APIS} is set.`,
    value: 'https://api.contoso.com/hello',
  },
  apis: {
    help: `Optional: several protected APIs, as a JSON array of {"name", "url", "scopes"} objects: a label (unique, ignoring case), an absolute URL (https://, http:// only on a loopback host) and space-separated scopes; at most 10. When set and not empty, it replaces ${API_URL} and ${SCOPES}. Sign-in asks for the first API's scopes and "Call API" calls the first API. The extension gets host access to exactly the authority's and the APIs' origins. Keep it on one line, in single quotes.`,
    example: `'[{"name": "Orders API", "url": "https://orders.contoso.com/api", "scopes": "https://contoso.onmicrosoft.com/orders/orders.read"}, {"name": "Profile API", "url": "https://profile.contoso.com/", "scopes": "https://contoso.onmicrosoft.com/profile/profile.read"}]'`,
    value: '',
  },
  passwordResetAuthority: {
    help: `Optional, Azure AD B2C: the authority of the password-reset user flow. When set, "Forgot your password?" on the sign-in page (AADB2C90118) starts this flow at once. Not needed with B2C's embedded password reset (the recommended set-up), which never returns AADB2C90118. On the origin of ${AUTHORITY}, as every user flow of a tenant is (the build refuses any other).`,
    example: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0',
    value: '',
  },
  profileEditAuthority: {
    help: `Optional, Azure AD B2C: the authority of the profile-edit user flow. When set, the popup offers "Edit profile". The ${ISSUER} pin applies to both flows (B2C's issuer names the tenant). On the origin of ${AUTHORITY} too.`,
    example: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0',
    value: '',
  },
} as const satisfies Record<SettingsField, EnvEntry>;

/** What .env.example says first, before the fields. */
const ENV_HEADER = [
  '# Copy to .env.local and fill in for your own tenant. Values in the environment win over the file.',
  `# Once ${AUTHORITY} is set (here or in the environment), the build uses exactly the WXT_* variables`,
  "# that are set: one left out or empty is not set, and never takes the local provider's value. Only a",
  `# build with no ${AUTHORITY} at all is configured for the local provider (build/local-defaults.ts).`,
  '# `npm run build:unconfigured` builds with no WXT_* configuration at all, whatever this file says.',
];

/** The app's own build variables, which are not settings: after the fields, commented out. */
const ENV_TRAILER = [
  [
    '# Chromium builds for your tenant must say which manifest "key" they carry: your own base64 DER',
    '# public key (a stable extension id when loaded unpacked; see docs/publishing.md for making one), or the',
    '# word store (no key: each store assigns the id). The development key in build/local-defaults.ts is used',
    '# only for the local provider: a build for your tenant without this fails and says so.',
    '# `npm run zip` always builds with store.',
    '# WXT_EXTENSION_KEY=',
  ],
  [
    "# Firefox builds: the add-on id (name@example.com or {GUID}); it fixes Firefox's redirect URI",
    '# https://<hex SHA-1 of the id>.extensions.allizom.org/. Default b2c-signin@example.com.',
    '# WXT_GECKO_ID=',
  ],
];

/** The widest a help line is, with its `# `. */
const COMMENT_WIDTH = 98;

/** `text` as `# ` comment lines of at most COMMENT_WIDTH characters (a longer word has its own line). */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '#' && line.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** A field's paragraph of .env.example: its help, values to copy, and the variable set. */
function envParagraph(field: SettingsField): string[] {
  const entry: EnvEntry = ENV_ENTRIES[field];
  const byProvider = Object.entries(entry.byProvider ?? {});
  const labelWidth = Math.max(0, ...byProvider.map(([label]) => `${label}:`.length));
  return [
    ...commentLines(entry.help),
    ...byProvider.map(([label, value]) => `#   ${`${label}:`.padEnd(labelWidth)} ${value}`),
    ...(entry.example ? [`#   e.g. ${entry.example}`] : []),
    `${buildVariable(field)}=${entry.value}`,
  ];
}

/**
 * .env.example: the header, then a paragraph per field in table order (its help and its variable,
 * set to an example tenant's value or left empty), then the app's other build variables.
 */
export function envExample(): string {
  const paragraphs = [ENV_HEADER, ...FIELD_NAMES.map(envParagraph), ...ENV_TRAILER];
  return `${paragraphs.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
