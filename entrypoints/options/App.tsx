import { CONFIG_FIELDS, FIELD_NAMES } from '@/lib/config-fields';
import { CheckResult } from './components/CheckResult';
import { Field } from './components/Field';
import { useSettings } from './use-settings';

/** Hints under the fields: what each one is, in the words of the README. */
const HINTS = {
  authority: 'The user flow URL up to /v2.0, e.g. https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
  issuer: 'The issuer in the metadata. B2C’s differs from the authority; empty means the authority itself.',
  clientId: 'The application (client) id of the Single-page application registration.',
  scopes: 'Space-separated API scopes; openid and offline_access are always added.',
  apiUrl: 'The protected API that “Call API” calls.',
  passwordResetAuthority: 'Optional (B2C): the password-reset user flow, started when “Forgot your password?” is chosen.',
  profileEditAuthority: 'Optional (B2C): the profile-edit user flow behind “Edit profile”.',
} as const;

export function App() {
  const settings = useSettings();
  const { view, values, outcome, busy } = settings;
  const problemField = outcome?.kind === 'problem' ? outcome.field : undefined;
  return (
    <main class="options" data-testid="options">
      <h1>B2C Sign-in settings</h1>
      {!view && !outcome && <p class="muted">Loading…</p>}
      {view && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            settings.save();
          }}
        >
          {FIELD_NAMES.map((field) => (
            <Field
              key={field}
              id={field}
              label={CONFIG_FIELDS[field].label}
              hint={HINTS[field]}
              value={values[field] ?? ''}
              locked={view.locked.includes(field)}
              invalid={problemField === field}
              onInput={(value) => settings.setValue(field, value)}
            />
          ))}
          <div class="actions">
            <button type="button" disabled={busy} onClick={settings.check}>
              Check
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Save
            </button>
          </div>
        </form>
      )}
      {outcome?.kind === 'saved' && (
        <p class="ok" role="status" data-testid="saved">
          Saved. The extension uses these settings now.
        </p>
      )}
      {outcome?.kind === 'problem' && (
        <p class="alert" role="alert" data-testid="problem">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'needs-access' && (
        <div class="alert" role="alert" data-testid="needs-access">
          <p>
            {outcome.origins.join(', ')} answer without CORS headers for the extension, so it needs your permission to reach them.
            Nothing was saved yet.
          </p>
          <button type="button" onClick={() => settings.grantAccess(outcome.origins)}>
            Allow access
          </button>
        </div>
      )}
      {settings.report && <CheckResult report={settings.report} onUseIssuer={(issuer) => settings.setValue('issuer', issuer)} />}
    </main>
  );
}
