import { SignInError } from '../core/errors.js';
import { word, type SettingsProblem } from '../core/words.js';
import type { SettingsField } from './fields.js';
import { isLoopbackHost } from '../core/url.js';

/** The keys of an API in the APIs list (`apis`): the JSON keys of each entry. */
export type ApiKey = 'name' | 'url' | 'scopes';

/** Which entry of the APIs list a problem is about: its place (from 1), its name when it has a valid one, the key. */
export interface ApiEntry {
  readonly index: number;
  readonly name?: string;
  readonly key: string;
}

/** What the validator refuses, and about which field: it reads "<label> must use https://…" in words. */
export class SettingsError extends SignInError {
  readonly field: SettingsField;
  /** What is wrong: `config_http_not_loopback` ("$1 must use https:// (…)", $1 the field's label). */
  readonly problem: SettingsProblem;
  /** The words' further substitutions ($2…), e.g. the value that is no URL. */
  readonly substitutions: readonly string[];
  /** For a problem of one entry of the APIs list: which one ($1 is then its label, "APIs, entry 2 (Orders API): "url""). */
  readonly entry?: ApiEntry;

  constructor(field: SettingsField, problem: SettingsProblem, ...substitutions: string[]) {
    super('config_invalid', describeProblem(field, problem, substitutions));
    this.name = 'SettingsError';
    this.field = field;
    this.problem = problem;
    this.substitutions = substitutions;
  }

  /** @internal The same, about one entry of the APIs list. */
  static inApi(entry: ApiEntry, problem: SettingsProblem, ...substitutions: string[]): SettingsError {
    const err = new SettingsError('apis', problem, ...substitutions);
    const { message } = new SignInError('config_invalid', describeProblem('apis', problem, substitutions, entry));
    return Object.assign(err, { entry, message });
  }
}

/**
 * The problem in the words in use: "Authority must use https:// (…)", or for an entry of the APIs
 * list "APIs, entry 2 (Orders API): "url" must use https:// (…)".
 */
export function describeProblem(
  field: SettingsField,
  problem: SettingsProblem,
  substitutions: readonly string[],
  entry?: ApiEntry,
): string {
  return word(problem, entryLabel(word(`field_${field}`), entry), ...substitutions);
}

/**
 * What `$1` of an entry's problem says: `label` (the field's), the entry's place, its name if it has
 * one, and the key. With `words`, in those words (a build words it in English, with no words in use).
 */
export function entryLabel(label: string, entry: ApiEntry | undefined, words = word): string {
  if (!entry) return label;
  const index = String(entry.index);
  return entry.name
    ? words('config_api_entry', label, index, entry.name, entry.key)
    : words('config_api_entry_unnamed', label, index, entry.key);
}

/** Makes the error for a problem with a value: about a field, or about an entry of the APIs list. */
export type Refusal = (problem: SettingsProblem, ...substitutions: string[]) => SettingsError;

/**
 * `value` as a URL that may carry tokens: https:// (http:// only on a loopback host), with no
 * credentials, query or fragment.
 *
 * @throws what `refuse` makes of the first rule broken.
 */
export function parseUrlValue(value: string, refuse: Refusal): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('config_not_url', value);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw refuse('config_http_not_loopback');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('config_not_https');
  if (url.username || url.password) throw refuse('config_credentials');
  if (url.search || url.hash) throw refuse('config_query');
  return url;
}
