import type { IdpControls, IdpStats, IdpSwitches } from './types.ts';

/** B2C SPA refresh tokens live 24 hours and rotation does not extend that. */
export const REFRESH_TOKEN_TTL = 24 * 60 * 60;

/** The B2C defaults: nothing adversarial, tokens valid for an hour, refresh tokens for a day. */
export const DEFAULT_SWITCHES: Readonly<IdpSwitches> = Object.freeze({
  accessTokenTtl: 3600,
  idTokenTtl: 3600,
  refreshTokenTtl: REFRESH_TOKEN_TTL,
  refreshFailures: 0,
  changeSubOnRefresh: false,
  tokenDelayMs: 0,
  revocationDelayMs: 0,
  tokenEndpoint: 'normal',
  idToken: 'normal',
  authorizeResponse: 'normal',
  discovery: 'normal',
  endSession: 'redirect',
  revocation: 'public',
});

/** The mutable state behind IdpControls, read by the middlewares on every request. */
export interface ControlState {
  readonly switches: IdpSwitches;
  readonly stats: IdpStats;
  /** Returns true (and counts it down) when this refresh_token grant must fail with 503. */
  takeRefreshFailure(): boolean;
}

function emptyStats(): IdpStats {
  return {
    authorizeRequests: 0,
    tokenRequests: { authorization_code: 0, refresh_token: 0 },
    refreshTokenReuse: 0,
    endSessionRequests: 0,
    endSessionConfirmations: 0,
    discoveryRequests: 0,
    jwksRequests: 0,
    revocationRequests: 0,
    revocationRefused: 0,
  };
}

/** What the controls act on besides their own switches and counters. */
export interface ControlHooks {
  /** Revokes every grant and its tokens. */
  revokeAll(): void;
  /** Ends every browser session at the provider. */
  endAll(): void;
  /** Puts the user store back to its seed. */
  restoreUsers(): void;
}

/**
 * Creates the switches and counters plus the public IdpControls over them.
 * `set` throws a TypeError unless `testControls`; `revokeGrants` and `endSessions` call the hooks, `reset` also
 * `hooks.restoreUsers`.
 */
export function createControls(testControls: boolean, hooks: ControlHooks): { state: ControlState; controls: IdpControls } {
  const switches: IdpSwitches = { ...DEFAULT_SWITCHES };
  const stats = emptyStats();
  const state: ControlState = {
    switches,
    stats,
    takeRefreshFailure() {
      if (switches.refreshFailures <= 0) return false;
      switches.refreshFailures -= 1;
      return true;
    },
  };
  const controls: IdpControls = {
    set(changes) {
      if (!testControls) throw new TypeError('IdpControls.set() needs startIdp({ testControls: true })');
      assertKnownSwitches(changes);
      Object.assign(switches, changes);
    },
    reset() {
      Object.assign(switches, DEFAULT_SWITCHES);
      Object.assign(stats, emptyStats());
      hooks.restoreUsers();
    },
    stats: () => structuredClone(stats),
    async revokeGrants() {
      hooks.revokeAll();
    },
    async endSessions() {
      hooks.endAll();
    },
  };
  return { state, controls };
}

function assertKnownSwitches(changes: Partial<IdpSwitches>): void {
  for (const name of Object.keys(changes)) {
    if (!(name in DEFAULT_SWITCHES)) throw new TypeError(`unknown IdP switch "${name}"`);
  }
}
