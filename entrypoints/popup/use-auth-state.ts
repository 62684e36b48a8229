import { SignInError, type ApiResult, type AuthState, type Failure, type Journey } from 'mv3-signin';
import { createSignInClient, type SignInClient } from 'mv3-signin/client';
import { t } from '@/lib/i18n';
import { useCallback, useEffect, useState } from 'preact/hooks';

export type Action = 'signIn' | 'signOut' | 'callApi' | 'useAnotherAccount' | 'editProfile';
/** What the popup waits for: an action of its own, or a provider window the background has open. */
export type Pending = Action | Journey;

export type View =
  | { status: 'loading' }
  | { status: 'signed-out' }
  /** No usable configuration: "Set up" opens the options page. */
  | { status: 'needs-setup' }
  | { status: 'busy'; action: Pending }
  | {
      status: 'signed-in';
      user: { name: string; email?: string };
      expiresAt: number;
      canEditProfile: boolean;
      /** The APIs' names: a "Call <name>" button each. */
      apis: readonly string[];
      /** The API whose call is running, if any. */
      calling?: string;
    };

export interface AuthView {
  readonly view: View;
  /** The last action's error, else what the background last noted (e.g. why it signed you out). */
  readonly error: Failure | undefined;
  readonly apiResult: ApiResult | undefined;
  /** Runs an action; `api` names the API for `callApi`. */
  run: (action: Action, api?: string) => void;
}

function toView(state: AuthState, pending: Action | undefined, callingApi: string | undefined): View {
  if (pending && pending !== 'callApi') return { status: 'busy', action: pending };
  if (state.busy) return { status: 'busy', action: state.journey ?? 'signIn' };
  if (!state.signedIn && state.needsSetup) return { status: 'needs-setup' };
  if (state.signedIn) {
    const { user, expiresAt, canEditProfile, apis } = state;
    const name = user.name ?? user.email ?? t('popup_signed_in_user');
    return {
      status: 'signed-in',
      user: { name, ...(user.email ? { email: user.email } : {}) },
      expiresAt,
      canEditProfile,
      apis,
      // No name: the first API's call.
      ...(pending === 'callApi' ? { calling: callingApi ?? apis[0] ?? '' } : {}),
    };
  }
  return { status: 'signed-out' };
}

function toShownError(err: unknown): Failure {
  // The client throws nothing else: the background's failure, or `no_answer` when none answered.
  const error = err instanceof SignInError ? err : new SignInError('no_answer');
  return { code: error.code, message: error.message };
}

/**
 * Creates the popup's client and starts following the state at once, as the popup's script
 * starts and before anything renders (main.tsx): the answers come that much sooner than from the
 * first render's effects (npm run bench: popup open).
 */
export function openPopup(): SignInClient {
  const client = createSignInClient({ words: t });
  client.subscribe(() => undefined);
  return client;
}

/**
 * The popup's one hook: the session as the client follows it (who is signed in shows at once from
 * storage.session's public items, before the worker answers), and the actions on it.
 */
export function useAuthState(client: SignInClient): AuthView {
  const [state, setState] = useState<AuthState>();
  const [pending, setPending] = useState<Action>();
  const [callingApi, setCallingApi] = useState<string>();
  const [actionError, setActionError] = useState<Failure>();
  const [apiResult, setApiResult] = useState<ApiResult>();

  useEffect(
    () =>
      client.subscribe(setState, (error) => {
        setActionError(toShownError(error));
      }),
    [client],
  );

  const run = useCallback(
    (action: Action, api?: string) => {
      setActionError(undefined);
      setApiResult(undefined);
      setPending(action);
      setCallingApi(action === 'callApi' ? api : undefined);
      void (async () => {
        try {
          // The reply is the new state (the client passes it on) or the API's answer.
          if (action === 'callApi') setApiResult(await client.callApi(api));
          else await client[action]();
        } catch (err) {
          // What the failure changed (a notice, a session ended) comes through storage.
          const shown = toShownError(err);
          setActionError(shown);
          // No answer at all (the worker was stopped): ask the one that answers now.
          if (shown.code === 'no_answer') void client.getState().catch(() => undefined);
        } finally {
          setPending(undefined);
        }
      })();
    },
    [client],
  );

  const view: View = state ? toView(state, pending, callingApi) : { status: 'loading' };
  // A notice is about what happened before: not shown while a window is open.
  const notice = view.status === 'busy' ? undefined : state?.notice;
  return { view, error: actionError ?? notice, apiResult: state?.signedIn ? apiResult : undefined, run };
}
