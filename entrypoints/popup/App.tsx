import { ApiResponse } from './components/ApiResponse';
import { ErrorAlert } from './components/ErrorAlert';
import { SettingsLink } from './components/SettingsLink';
import { SignedIn } from './components/SignedIn';
import { SignedOut } from './components/SignedOut';
import { t, type MessageKey } from '@/lib/i18n';
import type { SignInClient } from 'mv3-signin/client';
import { useAuthState, type Pending } from './use-auth-state';

const BUSY_TEXT: Record<Pending, MessageKey> = {
  signIn: 'popup_busy_sign_in',
  useAnotherAccount: 'popup_busy_sign_in',
  resetPassword: 'popup_busy_reset_password',
  editProfile: 'popup_busy_edit_profile',
  signOut: 'popup_busy_sign_out',
};

export function App({ client }: { client: SignInClient }) {
  const { view, error, apiResults, run } = useAuthState(client);
  const signingIn = view.status === 'busy' && (view.action === 'signIn' || view.action === 'resetPassword');
  return (
    <main class="popup" data-testid="popup" data-status={view.status}>
      <header class="header">
        {/* A background, not an <img>: the popup renders no image element at all (see hostile.e2e.ts). */}
        <span class="logo" aria-hidden="true" />
        <h1>{t('popup_title')}</h1>
      </header>
      {error && <ErrorAlert message={error.message} code={error.code} />}
      {view.status === 'loading' && <p class="muted">{t('popup_loading')}</p>}
      {view.status === 'busy' && (
        <p class="muted busy" role="status" aria-live="polite" data-testid="busy">
          <span class="spinner" aria-hidden="true" />
          {t(BUSY_TEXT[view.action])}
        </p>
      )}
      {(view.status === 'signed-out' || signingIn) && <SignedOut busy={signingIn} onSignIn={() => run('signIn')} />}
      {view.status === 'signed-in' && (
        <SignedIn
          user={view.user}
          expiresAt={view.expiresAt}
          apis={view.apis}
          calling={view.calling}
          canEditProfile={view.canEditProfile}
          onCallApi={(api) => run('callApi', api)}
          onEditProfile={() => run('editProfile')}
          onUseAnotherAccount={() => run('useAnotherAccount')}
          onSignOut={() => run('signOut')}
        />
      )}
      {view.status === 'needs-setup' && (
        <section>
          <p>{t('popup_needs_setup')}</p>
          <SettingsLink text={t('popup_set_up')} />
        </section>
      )}
      {apiResults.map((result) => (
        <ApiResponse key={result.api} result={result} />
      ))}
      {view.status !== 'needs-setup' && (
        <footer class="footer">
          <SettingsLink text={t('popup_settings')} />
        </footer>
      )}
    </main>
  );
}
