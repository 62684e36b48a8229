export interface SignedOutProps {
  busy: boolean;
  onSignIn: () => void;
}

export function SignedOut({ busy, onSignIn }: SignedOutProps) {
  return (
    <section>
      <p>You are not signed in.</p>
      {/* aria-disabled, not disabled: the button keeps the keyboard focus while the window is open. */}
      <button type="button" class="primary" aria-disabled={busy} aria-busy={busy} onClick={busy ? undefined : onSignIn}>
        Sign in
      </button>
    </section>
  );
}
