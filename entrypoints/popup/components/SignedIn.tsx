export interface SignedInProps {
  user: { name: string; email?: string };
  expiresAt: number;
  calling: boolean;
  /** A profile-edit user flow is configured. */
  canEditProfile: boolean;
  onCallApi: () => void;
  onEditProfile: () => void;
  onUseAnotherAccount: () => void;
  onSignOut: () => void;
}

export function SignedIn({
  user,
  expiresAt,
  calling,
  canEditProfile,
  onCallApi,
  onEditProfile,
  onUseAnotherAccount,
  onSignOut,
}: SignedInProps) {
  return (
    <section>
      <p>
        Signed in as <strong data-testid="user-name">{user.name}</strong>
      </p>
      {user.email && user.email !== user.name && (
        <p class="muted" data-testid="user-email">
          {user.email}
        </p>
      )}
      <p class="muted">Access token valid until {new Date(expiresAt).toLocaleTimeString()}</p>
      <div class="actions">
        <button type="button" class="primary" disabled={calling} aria-busy={calling} onClick={onCallApi}>
          Call API
        </button>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
      <div class="actions secondary">
        {canEditProfile && (
          <button type="button" onClick={onEditProfile}>
            Edit profile
          </button>
        )}
        <button type="button" onClick={onUseAnotherAccount}>
          Use another account
        </button>
      </div>
    </section>
  );
}
