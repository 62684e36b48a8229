import { FIELD_NAMES, parseSettings, type Settings, type SettingsField, type SettingsValues } from 'mv3-signin/settings';

/** A field's build variable: `apiUrl` is `WXT_API_URL`. The field table names them all. */
export function buildVariable(field: SettingsField): `WXT_${string}` {
  return `WXT_${field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;
}

/** The variables a build may set, as `import.meta.env` or `process.env` carries them. */
export type BuildEnv = Readonly<Record<string, string | undefined>>;

/** A build's variables as settings values (only the fields that have one). */
export function buildValues(env: BuildEnv): SettingsValues {
  const values: SettingsValues = {};
  for (const field of FIELD_NAMES) {
    const value = env[buildVariable(field)];
    if (value !== undefined) values[field] = value.trim();
  }
  return values;
}

/**
 * A build's variables validated by the package's one validator.
 *
 * @throws SettingsError naming the first invalid field (buildVariable gives its variable).
 */
export function parseBuildEnv(env: BuildEnv): Settings {
  return parseSettings(buildValues(env));
}
