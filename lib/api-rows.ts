import { SHORTHAND_API_NAME, type SettingsValues } from 'mv3-signin/settings';

/** One API as the options page edits it: the texts of its three inputs. */
export interface ApiRow {
  readonly name: string;
  readonly url: string;
  readonly scopes: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

// The list as it is, not yet validated: whatever is no array of objects is no list here (the
// validator words what is wrong with it).
function readList(json: string | undefined): ApiRow[] {
  if (!json?.trim()) return [];
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return [];
    return list.map((item: unknown) => {
      const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      return { name: text(entry['name']), url: text(entry['url']), scopes: text(entry['scopes']) };
    });
  } catch {
    return [];
  }
}

/**
 * The APIs as the options page shows them: the entries of the list (`apis`), or else the one-API
 * shorthand (API URL and Scopes) as one row named "API".
 */
export function apiRowsOf(values: SettingsValues): ApiRow[] {
  const list = readList(values.apis);
  if (list.length > 0) return list;
  return [{ name: SHORTHAND_API_NAME, url: values.apiUrl ?? '', scopes: values.scopes ?? '' }];
}

/**
 * `values` with `rows` as the APIs: one row named "API" is the shorthand (API URL and Scopes, and
 * no list); any other rows are the list, as its JSON text (API URL and Scopes are then not used).
 */
export function withApiRows(values: SettingsValues, rows: readonly ApiRow[]): SettingsValues {
  const [only] = rows;
  if (rows.length === 1 && only?.name.trim() === SHORTHAND_API_NAME) {
    return { ...values, apiUrl: only.url, scopes: only.scopes, apis: '' };
  }
  return { ...values, apis: JSON.stringify(rows.map(({ name, url, scopes }) => ({ name, url, scopes }))) };
}

/** True when the APIs are a list (`apis`), not the one-API shorthand. */
export function usesApiList(values: SettingsValues): boolean {
  return readList(values.apis).length > 0;
}
