export interface SignedOutProps {
  busy: boolean;
  onSignIn: () => void;
}

export function SignedOut({ busy, onSignIn }: SignedOutProps) {
  return (
    <section>
      <p>You are not signed in.</p>
      <button type="button" class="primary" disabled={busy} aria-busy={busy} onClick={onSignIn}>
        Sign in
      </button>
    </section>
  );
}
