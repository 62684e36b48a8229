import { ApiResponse } from './components/ApiResponse';
import { ErrorAlert } from './components/ErrorAlert';
import { SettingsLink } from './components/SettingsLink';
import { SignedIn } from './components/SignedIn';
import { SignedOut } from './components/SignedOut';
import { useAuthState, type Pending } from './use-auth-state';

const BUSY_TEXT: Record<Pending, string> = {
  signIn: 'Signing in…',
  useAnotherAccount: 'Signing in…',
  resetPassword: 'Resetting your password…',
  editProfile: 'Editing your profile…',
  signOut: 'Signing out…',
  callApi: 'Working…',
};

export function App() {
  const { view, error, apiResult, run } = useAuthState();
  const signingIn = view.status === 'busy' && (view.action === 'signIn' || view.action === 'resetPassword');
  return (
    <main class="popup" data-testid="popup" data-status={view.status}>
      <header class="header">
        {/* A background, not an <img>: the popup renders no image element at all (see hostile.e2e.ts). */}
        <span class="logo" aria-hidden="true" />
        <h1>B2C Sign-in</h1>
      </header>
      {error && <ErrorAlert message={error.message} code={error.code} />}
      {view.status === 'loading' && <p class="muted">Loading…</p>}
      {view.status === 'busy' && (
        <p class="muted busy" role="status" aria-live="polite" data-testid="busy">
          <span class="spinner" aria-hidden="true" />
          {BUSY_TEXT[view.action]}
        </p>
      )}
      {(view.status === 'signed-out' || signingIn) && <SignedOut busy={signingIn} onSignIn={() => run('signIn')} />}
      {view.status === 'signed-in' && (
        <SignedIn
          user={view.user}
          expiresAt={view.expiresAt}
          calling={view.calling}
          canEditProfile={view.canEditProfile}
          onCallApi={() => run('callApi')}
          onEditProfile={() => run('editProfile')}
          onUseAnotherAccount={() => run('useAnotherAccount')}
          onSignOut={() => run('signOut')}
        />
      )}
      {view.status === 'needs-setup' && (
        <section>
          <p>The extension is not set up yet: it needs your sign-in provider’s settings.</p>
          <SettingsLink text="Set up" />
        </section>
      )}
      {apiResult && <ApiResponse result={apiResult} />}
      {view.status !== 'needs-setup' && (
        <footer class="footer">
          <SettingsLink text="Settings" />
        </footer>
      )}
    </main>
  );
}
