import type { AuthState, Journey } from '@/lib/auth-state';
import type { ErrorCode } from '@/lib/errors';
import { POPUP_WATCHED_KEYS, ReplyError, sendMessage, type ApiResult } from '@/lib/messages';
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

export interface ShownError {
  readonly code: ErrorCode;
  readonly message: string;
}

export interface AuthView {
  readonly view: View;
  /** The last action's error, else what the background last noted (e.g. why it signed you out). */
  readonly error: ShownError | undefined;
  readonly apiResult: ApiResult | undefined;
  run: (action: Action) => void;
}

function toView(state: AuthState, calling: boolean): View {
  if (state.busy) return { status: 'busy', action: state.journey ?? 'signIn' };
  if (!state.signedIn && state.needsSetup) return { status: 'needs-setup' };
  if (state.signedIn) {
    return {
      status: 'signed-in',
      user: state.user,
      expiresAt: state.expiresAt,
      canEditProfile: state.canEditProfile,
      calling,
    };
  }
  return { status: 'signed-out' };
}

function toShownError(err: unknown): ShownError {
  if (err instanceof ReplyError) return { code: err.code, message: err.message };
  // The background is gone (e.g. the extension was reloaded): not something to explain in detail.
  return { code: 'internal', message: 'The extension did not answer. Please try again.' };
}

/** The popup's one hook: the session as the background reports it, and the actions on it. */
export function useAuthState(): AuthView {
  const [view, setView] = useState<View>({ status: 'loading' });
  const [actionError, setActionError] = useState<ShownError>();
  const [notice, setNotice] = useState<ShownError>();
  const [apiResult, setApiResult] = useState<ApiResult>();

  const reload = useCallback(async (calling = false) => {
    try {
      const state = await sendMessage('getState');
      setView(toView(state, calling));
      setNotice(state.notice);
      if (!state.signedIn) setApiResult(undefined);
    } catch (err) {
      setView({ status: 'signed-out' });
      setActionError(toShownError(err));
    }
  }, []);

  // A provider window belongs to the background and may have been opened by another popup; while
  // it is open, ask again every second, so the view follows it even if the worker was stopped.
  useEffect(() => {
    if (view.status !== 'busy' || view.action === 'signOut' || view.action === 'callApi') return undefined;
    const timer = setInterval(() => void reload(), BUSY_POLL_MS);
    return () => clearInterval(timer);
  }, [view, reload]);

  useEffect(() => {
    void reload();
    // The background writes the session; the popup watches only the non-secret items.
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'session' && POPUP_WATCHED_KEYS.some((key) => key in changes)) void reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [reload]);

  const run = useCallback(
    (action: Action) => {
      setActionError(undefined);
      setApiResult(undefined);
      setView((current) =>
        action === 'callApi' && current.status === 'signed-in' ? { ...current, calling: true } : { status: 'busy', action },
      );
      void (async () => {
        try {
          if (action === 'callApi') setApiResult(await sendMessage('callApi'));
          else await sendMessage(action);
        } catch (err) {
          setActionError(toShownError(err));
        }
        await reload();
      })();
    },
    [reload],
  );

  return { view, error: actionError ?? notice, apiResult, run };
}
