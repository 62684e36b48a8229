import { boundTokens, createAuth, type Auth, type AuthDeps } from '../auth/index.js';
import type { Settings } from '../settings/config.js';
import { settingsFingerprint } from '../settings/fingerprint.js';
import type { SettingsSource, SettingsState } from '../settings/sources.js';
import { SignInError } from '../core/errors.js';

/** The sign-in logic for whatever configuration is in force, following it as it changes. */
export interface ConfiguredAuth {
  /**
   * The auth of the configuration in force.
   *
   * @throws SignInError `not_set_up` / `config_invalid` when there is no usable configuration.
   */
  auth(): Promise<Auth>;
  /** The configuration in force and where it came from. */
  state(): Promise<SettingsState>;
  /**
   * Reads the sources again and applies them at once. Settings that decide where tokens go
   * (settings/fingerprint.ts) changed: the session ends first, and its tokens go nowhere.
   */
  reload(): Promise<SettingsState>;
}

interface Current {
  readonly state: SettingsState;
  readonly auth?: Auth;
}

function sameConfig(a: Settings | undefined, b: Settings | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Ends a stored session whose tokens were obtained under other settings than those of `state`
 * (auth/local-session.ts): changed while the worker slept, by the options page, by policy or
 * by a new build.
 */
async function endUnbound(state: SettingsState): Promise<void> {
  await boundTokens(state.config && settingsFingerprint(state.config));
}

/** Creates it; `load` reads the settings source (e.g. storage, policy and the build). */
export function createConfiguredAuth(deps: Omit<AuthDeps, 'config' | 'settingsInForce'>, load: SettingsSource): ConfiguredAuth {
  // A sign-in adopts its tokens only while its settings are still the ones the sources hold.
  const settingsInForce = async () => (await load()).config;
  const make = (state: SettingsState): Current => ({
    state,
    ...(state.config ? { auth: createAuth({ ...deps, config: state.config, settingsInForce }) } : {}),
  });
  // Before anything is answered: the worker may wake under settings that changed while it slept.
  let current: Promise<Current> = load().then(async (state) => {
    await endUnbound(state);
    return make(state);
  });

  return {
    async auth() {
      const { state, auth } = await current;
      if (auth) return auth;
      throw new SignInError(
        state.values.authority ? 'config_invalid' : 'not_set_up',
        state.values.authority ? state.problem?.message : undefined,
      );
    },
    state: async () => (await current).state,
    reload() {
      // Chained: a request waits for the configuration it will run under, and two reloads never race.
      current = current.then(async (previous) => {
        const state = await load();
        await endUnbound(state);
        return sameConfig(previous.state.config, state.config) ? { ...previous, state } : make(state);
      });
      return current.then(({ state }) => state);
    },
  };
}
