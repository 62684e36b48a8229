import { t } from '@/lib/i18n';

export interface SignedOutProps {
  busy: boolean;
  onSignIn: () => void;
}

export function SignedOut({ busy, onSignIn }: SignedOutProps) {
  return (
    <section>
      <p>{t('popup_signed_out')}</p>
      {/* aria-disabled, not disabled: the button keeps the keyboard focus while the window is open. */}
      <button type="button" class="primary" aria-disabled={busy} aria-busy={busy} onClick={busy ? undefined : onSignIn}>
        {t('popup_sign_in')}
      </button>
    </section>
  );
}
