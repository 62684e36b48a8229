import {
  changedPublic,
  readPublicSession,
  toAuthState,
  withStored,
  type AuthState,
  type Journey,
  type PublicSession,
} from '../../packages/mv3-signin/src/auth/state';
import { failure, type Failure } from '../../packages/mv3-signin/src/core/errors';
import { ReplyError, sendMessage, type ApiResult } from '../../packages/mv3-signin/src/messaging/protocol';
import { browser } from 'wxt/browser';
import { useCallback, useEffect, useState } from 'preact/hooks';

export type Action = 'signIn' | 'signOut' | 'callApi' | 'useAnotherAccount' | 'editProfile';
/** What the popup waits for: an action of its own, or a provider window the background has open. */
export type Pending = Action | Journey;

const BUSY_POLL_MS = 1000;

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
      calling: boolean;
    };

export interface AuthView {
  readonly view: View;
  /** The last action's error, else what the background last noted (e.g. why it signed you out). */
  readonly error: Failure | undefined;
  readonly apiResult: ApiResult | undefined;
  run: (action: Action) => void;
}

function toView(state: AuthState, pending: Action | undefined): View {
  if (pending && pending !== 'callApi') return { status: 'busy', action: pending };
  if (state.busy) return { status: 'busy', action: state.journey ?? 'signIn' };
  if (!state.signedIn && state.needsSetup) return { status: 'needs-setup' };
  if (state.signedIn) {
    const { user, expiresAt, canEditProfile } = state;
    return { status: 'signed-in', user, expiresAt, canEditProfile, calling: pending === 'callApi' };
  }
  return { status: 'signed-out' };
}

function toShownError(err: unknown): Failure {
  // sendMessage throws nothing else: the background's failure, or `no_answer` when none answered.
  return err instanceof ReplyError ? failure(err) : failure('no_answer');
}

/** The popup's first two questions: who is stored, and the background's state (or why it gave none). */
export interface Opening {
  readonly stored: Promise<PublicSession>;
  readonly state: Promise<{ value: AuthState } | { error: unknown }>;
}

/**
 * Asks both as the popup's script starts, before anything renders (main.tsx): the answers come
 * that much sooner than from the first render's effects (npm run bench: popup open).
 */
export function openPopup(): Opening {
  return { stored: readPublicSession().catch(() => ({})), state: askState() };
}

function askState(): Opening['state'] {
  return sendMessage('getState').then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/**
 * The popup's one hook: the session as the background reports it, and the actions on it. Who is
 * signed in shows at once from storage.session's public items, before the worker answers; each
 * reply's state is rendered as it comes, and changes of the public items follow.
 */
export function useAuthState(opening: Opening): AuthView {
  const [state, setState] = useState<AuthState>();
  const [pending, setPending] = useState<Action>();
  const [actionError, setActionError] = useState<Failure>();
  const [apiResult, setApiResult] = useState<ApiResult>();

  const show = useCallback((answer: Awaited<Opening['state']>) => {
    if ('value' in answer) return setState(answer.value);
    setState((current) => current ?? { signedIn: false, busy: false });
    setActionError(toShownError(answer.error));
  }, []);
  const load = useCallback(async () => show(await askState()), [show]);

  useEffect(() => {
    // Both at once: storage answers while the worker may still be starting. Until the worker
    // answers, only a signed-in user is shown (signed out could still turn out to be "Set up").
    void opening.stored.then((stored) => {
      const early = toAuthState(stored, { canEditProfile: false });
      if (early.signedIn) setState((current) => current ?? early);
    });
    void opening.state.then(show);
    // Only the public items' new values are read: never another key's.
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const changed = area === 'session' ? changedPublic(changes) : undefined;
      if (changed) setState((current) => current && withStored(current, changed));
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [opening, show]);

  // A provider window belongs to the background and may have been opened by another popup; while
  // it is open, ask again every second, so the view follows it even if the worker was stopped.
  const othersWindow = !pending && state?.busy === true;
  useEffect(() => {
    if (!othersWindow) return undefined;
    const timer = setInterval(() => void load(), BUSY_POLL_MS);
    return () => clearInterval(timer);
  }, [othersWindow, load]);

  const run = useCallback(
    (action: Action) => {
      setActionError(undefined);
      setApiResult(undefined);
      setPending(action);
      void (async () => {
        try {
          // The reply is the new state (or the API's answer): nothing is asked again.
          if (action === 'callApi') setApiResult(await sendMessage('callApi'));
          else setState(await sendMessage(action));
        } catch (err) {
          // What the failure changed (a notice, a session ended) comes through storage.
          const shown = toShownError(err);
          setActionError(shown);
          // No answer at all (the worker was stopped): ask the one that answers now.
          if (shown.code === 'no_answer') void load();
        } finally {
          setPending(undefined);
        }
      })();
    },
    [load],
  );

  const view: View = state ? toView(state, pending) : { status: 'loading' };
  // A notice is about what happened before: not shown while a window is open.
  const notice = view.status === 'busy' ? undefined : state?.notice;
  return { view, error: actionError ?? notice, apiResult: state?.signedIn ? apiResult : undefined, run };
}
