import { ApiResponse } from './components/ApiResponse';
import { ErrorAlert } from './components/ErrorAlert';
import { SignedIn } from './components/SignedIn';
import { SignedOut } from './components/SignedOut';
import { useAuthState } from './use-auth-state';

export function App() {
  const { view, error, apiResult, run } = useAuthState();
  return (
    <main class="popup" data-testid="popup" data-status={view.status}>
      <h1>B2C Sign-in</h1>
      {error && <ErrorAlert message={error.message} code={error.code} />}
      {view.status === 'loading' && <p class="muted">Loading…</p>}
      {view.status === 'busy' && (
        <p class="muted" role="status" aria-live="polite" data-testid="busy">
          {view.action === 'signIn' ? 'Signing in…' : view.action === 'signOut' ? 'Signing out…' : 'Working…'}
        </p>
      )}
      {(view.status === 'signed-out' || (view.status === 'busy' && view.action === 'signIn')) && (
        <SignedOut busy={view.status === 'busy'} onSignIn={() => run('signIn')} />
      )}
      {view.status === 'signed-in' && (
        <SignedIn
          user={view.user}
          expiresAt={view.expiresAt}
          calling={view.calling}
          onCallApi={() => run('callApi')}
          onSignOut={() => run('signOut')}
        />
      )}
      {apiResult && <ApiResponse result={apiResult} />}
    </main>
  );
}
