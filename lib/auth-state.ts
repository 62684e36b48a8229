import { noticeItem, profileItem, tokensItem, type Notice } from './session';

/** What the popup knows of the session: never a token. */
export type AuthState =
  | { readonly signedIn: false; readonly busy: boolean; readonly notice?: Notice }
  | {
      readonly signedIn: true;
      readonly busy: boolean;
      readonly user: { readonly name: string; readonly email?: string };
      /** When the current access token expires, epoch milliseconds. */
      readonly expiresAt: number;
      readonly notice?: Notice;
    };

/** Reads the public state from storage. */
export async function readAuthState(busy: boolean): Promise<AuthState> {
  const [tokens, profile, notice] = await Promise.all([tokensItem.getValue(), profileItem.getValue(), noticeItem.getValue()]);
  const extra = notice ? { notice } : {};
  if (!tokens || !profile) return { signedIn: false, busy, ...extra };
  const name = profile.name ?? profile.email ?? 'Signed-in user';
  return {
    signedIn: true,
    busy,
    user: { name, ...(profile.email ? { email: profile.email } : {}) },
    expiresAt: tokens.accessTokenExpiresAt,
    ...extra,
  };
}
