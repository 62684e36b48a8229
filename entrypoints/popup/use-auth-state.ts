import { type ApiResult, type AuthState, type Failure, type Journey } from 'mv3-signin';
import { createSignInClient, type SignInClient } from 'mv3-signin/client';
import { shownFailure } from '@/lib/error-words';
import { t } from '@/lib/i18n';
import { useCallback, useEffect, useState } from 'preact/hooks';

export type Action = 'signIn' | 'signOut' | 'callApi' | 'useAnotherAccount' | 'editProfile';
/** An action on the session: one at a time, the popup busy meanwhile (API calls run side by side). */
type SessionAction = Exclude<Action, 'callApi'>;
/** What the popup waits for: an action on the session, or a provider window the background has open. */
export type Pending = SessionAction | Journey;

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
      /** The APIs whose call is running: each API's button is busy on its own. */
      calling: readonly string[];
    };

export interface AuthView {
  readonly view: View;
  /** The last action's error, else what the background last noted (e.g. why it signed you out). */
  readonly error: Failure | undefined;
  /** Each API's last answer, in the settings' order of the APIs. */
  readonly apiResults: readonly ApiResult[];
  /** Runs an action; `api` names the API for `callApi`. */
  run: (action: Action, api?: string) => void;
}

function toView(state: AuthState, pending: SessionAction | undefined, calling: readonly string[]): View {
  if (pending) return { status: 'busy', action: pending };
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
      calling: apis.filter((api) => calling.includes(api)),
    };
  }
  return { status: 'signed-out' };
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
  const [pending, setPending] = useState<SessionAction>();
  const [calling, setCalling] = useState<readonly string[]>([]);
  const [actionError, setActionError] = useState<Failure>();
  const [apiResults, setApiResults] = useState<Readonly<Record<string, ApiResult>>>({});

  useEffect(
    () =>
      client.subscribe(setState, (error) => {
        setActionError(shownFailure(error));
      }),
    [client],
  );

  const firstApi = state?.signedIn ? state.apis[0] : undefined;
  const run = useCallback(
    (action: Action, api?: string) => {
      setActionError(undefined);
      if (action === 'callApi') {
        if (api === undefined) return;
        // Another API's call goes on, and its answer stays: each API has its own button and answer.
        setApiResults(({ [api]: _earlier, ...others }) => others);
        setCalling((names) => [...names, api]);
      } else {
        setApiResults({});
        setPending(action);
      }
      void (async () => {
        try {
          // The reply is the new state (the client passes it on) or the API's answer. The first API by
          // its own message (callApi), the others by name.
          if (action !== 'callApi') await client[action]();
          else {
            const result = await client.callApi(api === firstApi ? undefined : api);
            setApiResults((results) => ({ ...results, [result.api]: result }));
          }
        } catch (err) {
          // What the failure changed (a notice, a session ended) comes through storage.
          const shown = shownFailure(err);
          setActionError(shown);
          // No answer at all (the worker was stopped): ask the one that answers now.
          if (shown.code === 'no_answer') void client.getState().catch(() => undefined);
        } finally {
          if (action === 'callApi') setCalling((names) => names.filter((name) => name !== api));
          else setPending(undefined);
        }
      })();
    },
    [client, firstApi],
  );

  const view: View = state ? toView(state, pending, calling) : { status: 'loading' };
  // A notice is about what happened before: not shown while a window is open.
  const notice = view.status === 'busy' ? undefined : state?.notice;
  const shownResults = view.status === 'signed-in' ? view.apis.flatMap((api) => apiResults[api] ?? []) : [];
  return { view, error: actionError ?? notice, apiResults: shownResults, run };
}
