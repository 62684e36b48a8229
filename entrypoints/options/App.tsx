import { FIELD_NAMES, SETTINGS_FIELDS, type SettingsField } from 'mv3-signin/settings';
import { apiRowsOf } from '@/lib/api-rows';
import { fieldLabel } from '@/lib/field-label';
import { t, type MessageKey } from '@/lib/i18n';
import { siteToggles } from '@/lib/site-toggles';
import { ApiList } from './components/ApiList';
import { CheckResult } from './components/CheckResult';
import { Field } from './components/Field';
import { SiteList } from './components/SiteList';
import { useSettings } from './use-settings';
import { useSites } from './use-sites';

/** The hint under a field: what it is, in the words of the README. */
const hintKey = (field: SettingsField): MessageKey => `options_hint_${field}`;

// The APIs' fields (Scopes, API URL, the list) are one list editor, where the first of them is.
const API_FIELDS = FIELD_NAMES.filter((field) => SETTINGS_FIELDS[field].role === 'api');

export function App() {
  const settings = useSettings();
  const { view, values, outcome, busy } = settings;
  const sites = useSites(settings.announce);
  // The APIs in force (not the form's edits): a site is allowed for an API the background knows.
  const toggles = view ? siteToggles(view.values) : [];
  const problemField = outcome?.kind === 'problem' ? outcome.field : undefined;
  return (
    <main class="options" data-testid="options">
      <h1>{t('options_title')}</h1>
      {!view && !outcome && <p class="muted">{t('options_loading')}</p>}
      {view && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            settings.save();
          }}
        >
          {FIELD_NAMES.map((field) =>
            API_FIELDS.includes(field) ? (
              field === API_FIELDS[0] && (
                <ApiList
                  key="apis"
                  rows={apiRowsOf(values)}
                  locks={{
                    list: view.locked.includes('apis'),
                    url: view.locked.includes('apiUrl'),
                    scopes: view.locked.includes('scopes'),
                  }}
                  invalid={problemField === 'apiUrl' || problemField === 'scopes' ? problemField : undefined}
                  onChange={settings.setApiRows}
                  onAnnounce={settings.announce}
                />
              )
            ) : (
              <Field
                key={field}
                id={field}
                label={fieldLabel(field)}
                hint={t(hintKey(field))}
                value={values[field] ?? ''}
                locked={view.locked.includes(field)}
                invalid={problemField === field}
                onInput={(value) => settings.setValue(field, value)}
              />
            ),
          )}
          <div class="actions">
            <button type="button" disabled={busy} onClick={settings.check}>
              {t('options_check')}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {t('options_save')}
            </button>
          </div>
        </form>
      )}
      {outcome?.kind === 'saved' && (
        <p class="ok" role="status" data-testid="saved">
          {t('options_saved')}
        </p>
      )}
      {outcome?.kind === 'problem' && (
        <p class="alert" role="alert" data-testid="problem">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'needs-access' && (
        <div class="alert" role="alert" data-testid="needs-access">
          <p>{t('options_needs_access', outcome.origins.join(', '))}</p>
          <button type="button" onClick={() => settings.grantAccess(outcome.origins)}>
            {t('options_allow_access')}
          </button>
        </div>
      )}
      {settings.report && (
        <CheckResult
          report={settings.report}
          stale={settings.stale}
          onUseIssuer={(issuer) => {
            settings.useIssuer(issuer);
            document.getElementById('issuer')?.focus();
          }}
        />
      )}
      {sites.sites && toggles.length > 0 && (
        <SiteList toggles={toggles} sites={sites.sites} problem={sites.problem} onToggle={sites.toggle} />
      )}
      {/* Present from the start, so that what it comes to say is announced. */}
      <p class="visually-hidden" role="status" data-testid="announcement">
        {settings.announcement}
      </p>
    </main>
  );
}
