import { createAuth, type Auth, type AuthDeps } from './auth';
import type { Config } from './config';
import { loadConfigState, type ConfigState } from './config-sources';
import { AppError, failure } from './errors';

/** The sign-in logic for whatever configuration is in force, following it as it changes. */
export interface ConfiguredAuth {
  /**
   * The auth of the configuration in force.
   *
   * @throws AppError `not_set_up` / `config_invalid` when there is no usable configuration.
   */
  auth(): Promise<Auth>;
  /** The configuration in force and where it came from. */
  state(): Promise<ConfigState>;
  /**
   * Reads the sources again and applies them at once. A new authority, issuer or client id ends
   * the session first: tokens of one tenant or client never serve another.
   */
  reload(): Promise<ConfigState>;
}

interface Current {
  readonly state: ConfigState;
  readonly auth?: Auth;
}

/** True when tokens issued under `a` may not serve `b`. */
function identityChanged(a: Config | undefined, b: Config | undefined): boolean {
  return a?.authority.href !== b?.authority.href || a?.issuer.href !== b?.issuer.href || a?.clientId !== b?.clientId;
}

function sameConfig(a: Config | undefined, b: Config | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Creates it; `load` reads the sources (storage, policy and the build), replaceable in tests. */
export function createConfiguredAuth(
  deps: Omit<AuthDeps, 'config'>,
  load: () => Promise<ConfigState> = loadConfigState,
): ConfiguredAuth {
  const make = (state: ConfigState): Current => ({
    state,
    ...(state.config ? { auth: createAuth({ ...deps, config: state.config }) } : {}),
  });
  let current: Promise<Current> = load().then(make);

  return {
    async auth() {
      const { state, auth } = await current;
      if (auth) return auth;
      throw new AppError(
        state.values.authority ? 'config_invalid' : 'not_set_up',
        state.values.authority ? state.problem?.message : undefined,
      );
    },
    state: async () => (await current).state,
    reload() {
      // Chained: a request waits for the configuration it will run under, and two reloads never race.
      current = current.then(async (previous) => {
        const state = await load();
        if (sameConfig(previous.state.config, state.config)) return { ...previous, state };
        if (identityChanged(previous.state.config, state.config) && (await previous.auth?.getState())?.signedIn) {
          await previous.auth?.endSession(failure('settings_changed'));
        }
        return make(state);
      });
      return current.then(({ state }) => state);
    },
  };
}
