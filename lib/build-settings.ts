import { FIELD_NAMES, parseSettings, type Settings, type SettingsField, type SettingsValues } from 'mv3-signin/settings';

// camelCase to snake_case, in the type as buildVariable does it: an underscore before each capital.
type Snake<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `_${C}`}${Snake<Rest>}` : '';

/** The build variable of a field (of every field: the union of all `WXT_*` names of the table). */
export type BuildVariable<F extends SettingsField = SettingsField> = `WXT_${Uppercase<Snake<F>>}`;

/** A field's build variable: `apiUrl` is `WXT_API_URL`. The field table names them all. */
export function buildVariable<F extends SettingsField>(field: F): BuildVariable<F> {
  return `WXT_${field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}` as BuildVariable<F>;
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
