import { t } from '@/lib/i18n';
import { initials } from '../format';
import { ExpiresAt } from './ExpiresAt';

export interface SignedInProps {
  user: { name: string; email?: string };
  expiresAt: number;
  /** The APIs' names: a "Call <name>" button each, the first first. */
  apis: readonly string[];
  /** The APIs whose call is running. */
  calling: readonly string[];
  /** A profile-edit user flow is configured. */
  canEditProfile: boolean;
  onCallApi: (api: string) => void;
  onEditProfile: () => void;
  onUseAnotherAccount: () => void;
  onSignOut: () => void;
}

export function SignedIn({
  user,
  expiresAt,
  apis,
  calling,
  canEditProfile,
  onCallApi,
  onEditProfile,
  onUseAnotherAccount,
  onSignOut,
}: SignedInProps) {
  return (
    <section aria-labelledby="signed-in-as">
      <div class="identity">
        <span class="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <div class="who">
          <p class="muted label" id="signed-in-as">
            {t('popup_signed_in_as')}
          </p>
          <p class="name">
            <strong data-testid="user-name">{user.name}</strong>
          </p>
          {user.email && user.email !== user.name && (
            <p class="muted email" data-testid="user-email">
              {user.email}
            </p>
          )}
        </div>
      </div>
      <ExpiresAt at={expiresAt} />
      <div class="actions">
        {/* aria-disabled, not disabled: the button keeps the keyboard focus while its call runs. Each API's
            button on its own: another API can be called meanwhile. */}
        {apis.map((api) => (
          <button
            key={api}
            type="button"
            class="primary"
            aria-disabled={calling.includes(api)}
            aria-busy={calling.includes(api)}
            onClick={calling.includes(api) ? undefined : () => onCallApi(api)}
          >
            {t('popup_call_api', api)}
          </button>
        ))}
        <button type="button" onClick={onSignOut}>
          {t('popup_sign_out')}
        </button>
      </div>
      <div class="actions secondary">
        {canEditProfile && (
          <button type="button" onClick={onEditProfile}>
            {t('popup_edit_profile')}
          </button>
        )}
        <button type="button" onClick={onUseAnotherAccount}>
          {t('popup_use_another_account')}
        </button>
      </div>
    </section>
  );
}
