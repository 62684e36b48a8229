import type { Failure } from './errors';
import { noticeItem, profileItem, tokensItem } from './session';

/** What has the provider's window open: the popup names it while it waits. */
export type Journey = 'signIn' | 'useAnotherAccount' | 'resetPassword' | 'editProfile';

/** What the popup knows of the session: never a token. */
export type AuthState =
  | {
      readonly signedIn: false;
      readonly busy: boolean;
      readonly journey?: Journey;
      readonly notice?: Failure;
      /** No usable configuration: the popup offers "Set up" (the options page) instead of "Sign in". */
      readonly needsSetup?: true;
    }
  | {
      readonly signedIn: true;
      readonly busy: boolean;
      readonly journey?: Journey;
      readonly user: { readonly name: string; readonly email?: string };
      /** When the current access token expires, epoch milliseconds. */
      readonly expiresAt: number;
      /** A profile-edit user flow is configured: the popup offers "Edit profile". */
      readonly canEditProfile: boolean;
      readonly notice?: Failure;
    };

/** Reads the public state from storage; `journey` is what has a window open, if anything. */
export async function readAuthState(journey: Journey | undefined, canEditProfile = false): Promise<AuthState> {
  const [tokens, profile, notice] = await Promise.all([tokensItem.getValue(), profileItem.getValue(), noticeItem.getValue()]);
  const extra = { ...(notice ? { notice } : {}), ...(journey ? { journey } : {}) };
  const busy = journey !== undefined;
  if (!tokens || !profile) return { signedIn: false, busy, ...extra };
  const name = profile.name ?? profile.email ?? 'Signed-in user';
  return {
    signedIn: true,
    busy,
    user: { name, ...(profile.email ? { email: profile.email } : {}) },
    expiresAt: tokens.accessTokenExpiresAt,
    canEditProfile,
    ...extra,
  };
}
