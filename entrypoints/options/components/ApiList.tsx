import { MAX_APIS } from 'mv3-signin/settings';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiRow } from '@/lib/api-rows';
import { fieldLabel } from '@/lib/field-label';
import { t } from '@/lib/i18n';
import { SettingInput } from './Field';
import { UrlText } from './UrlText';

/**
 * What an administrator set: read-only. A policy `apis` locks the whole list; a policy API URL or
 * Scopes decides the one API (settings/sources.ts turns the list off), so no API can be added,
 * removed, moved or renamed.
 */
export interface ApiLocks {
  readonly list: boolean;
  readonly url: boolean;
  readonly scopes: boolean;
}

export interface ApiListProps {
  rows: readonly ApiRow[];
  locks: ApiLocks;
  /** The field a refused value is in, if it is one of the APIs' inputs. */
  invalid?: 'apiUrl' | 'scopes' | undefined;
  onChange: (rows: ApiRow[]) => void;
  /** Says what a button did, in the page's live region. */
  onAnnounce: (text: string) => void;
}

// The first API's URL and Scopes keep the ids of the one-API fields (apiUrl, scopes).
const ids = (index: number) => {
  const n = index + 1;
  return {
    legend: `api-${n}-legend`,
    name: `api-${n}-name`,
    url: index === 0 ? 'apiUrl' : `api-${n}-url`,
    scopes: index === 0 ? 'scopes' : `api-${n}-scopes`,
    up: `api-${n}-up`,
    down: `api-${n}-down`,
    remove: `api-${n}-remove`,
  };
};

const EMPTY_ROW: ApiRow = { name: '', url: '', scopes: '' };

/**
 * The protected APIs as a list of rows (Name, URL, Scopes), with buttons to add an API, remove
 * one and move one up or down. After a button the focus stays with the API it moved (or goes to
 * the next place), and the live region says what happened.
 */
export function ApiList({ rows, locks, invalid, onChange, onAnnounce }: ApiListProps) {
  const focusNext = useRef<string | undefined>(undefined);
  useEffect(() => {
    const id = focusNext.current;
    focusNext.current = undefined;
    if (id) document.getElementById(id)?.focus();
  }, [rows]);

  const edit = (index: number, change: Partial<ApiRow>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const nameOf = (index: number) => rows[index]?.name.trim() || t('options_api_legend', String(index + 1));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row);
    const to = index + by;
    // The same button in the API's new place, or the other one once it reached an end.
    const atEnd = by === -1 ? to === 0 : to === rows.length - 1;
    focusNext.current = atEnd ? ids(to)[by === -1 ? 'down' : 'up'] : ids(to)[by === -1 ? 'up' : 'down'];
    onAnnounce(t('options_api_moved', nameOf(index), String(to + 1)));
    onChange(next);
  };
  const remove = (index: number) => {
    focusNext.current = ids(Math.min(index, rows.length - 2)).name;
    onAnnounce(t('options_api_removed', nameOf(index)));
    onChange(rows.filter((_row, at) => at !== index));
  };
  const add = () => {
    focusNext.current = ids(rows.length).name;
    onAnnounce(t('options_api_added', String(rows.length + 1)));
    onChange([...rows, EMPTY_ROW]);
  };

  const editable = !locks.list && !locks.url && !locks.scopes;
  return (
    <fieldset class="apis" data-testid="apis" aria-describedby="apis-hint">
      <legend>{fieldLabel('apis')}</legend>
      <p class="hint" id="apis-hint">
        {locks.list ? t('options_locked') : t('options_hint_apis')}
      </p>
      <ol class="api-rows">
        {rows.map((row, index) => {
          const id = ids(index);
          const describedBy = `${id.legend} ${id.name}`;
          return (
            <li key={index} data-testid="api-row">
              <fieldset class="api">
                <legend id={id.legend}>{t('options_api_legend', String(index + 1))}</legend>
                <label for={id.name}>{t('options_api_name')}</label>
                <SettingInput
                  id={id.name}
                  value={row.name}
                  readOnly={!editable}
                  invalid={false}
                  describedBy="apis-hint"
                  onInput={(name) => edit(index, { name })}
                />
                <label for={id.url}>{fieldLabel('apiUrl')}</label>
                <SettingInput
                  id={id.url}
                  value={row.url}
                  readOnly={locks.list || locks.url}
                  invalid={index === 0 && invalid === 'apiUrl'}
                  describedBy="apiUrl-hint apis-hint"
                  onInput={(url) => edit(index, { url })}
                />
                {index === 0 && (
                  <p class="hint" id="apiUrl-hint">
                    <UrlText text={locks.list || locks.url ? t('options_locked') : t('options_hint_apiUrl')} />
                  </p>
                )}
                <label for={id.scopes}>{fieldLabel('scopes')}</label>
                <SettingInput
                  id={id.scopes}
                  value={row.scopes}
                  readOnly={locks.list || locks.scopes}
                  invalid={index === 0 && invalid === 'scopes'}
                  describedBy="scopes-hint apis-hint"
                  onInput={(scopes) => edit(index, { scopes })}
                />
                {index === 0 && (
                  <p class="hint" id="scopes-hint">
                    {locks.list || locks.scopes ? t('options_locked') : t('options_hint_scopes')}
                  </p>
                )}
                {editable && (
                  <div class="row-actions">
                    <button
                      type="button"
                      id={id.up}
                      aria-describedby={describedBy}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      {t('options_api_up')}
                    </button>
                    <button
                      type="button"
                      id={id.down}
                      aria-describedby={describedBy}
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      {t('options_api_down')}
                    </button>
                    <button
                      type="button"
                      id={id.remove}
                      aria-describedby={describedBy}
                      disabled={rows.length === 1}
                      onClick={() => remove(index)}
                    >
                      {t('options_api_remove')}
                    </button>
                  </div>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {editable && (
        <button type="button" disabled={rows.length >= MAX_APIS} onClick={add}>
          {t('options_api_add')}
        </button>
      )}
    </fieldset>
  );
}
