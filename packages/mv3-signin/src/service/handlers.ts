import type { SignInService } from '../background.js';
import { gatherCheckFacts, type CheckRequests } from '../check/facts.js';
import { checkableUrl, readDiscovery } from '../check/discovery-read.js';
import { checkRedirectRegistered } from '../check/redirect-check.js';
import { SignInError } from '../core/errors.js';
import { limits } from '../core/http.js';
import type { Handlers } from '../messaging/handler.js';
import type { SettingsView } from '../messaging/protocol.js';
import { apiNamed } from '../settings/config.js';
import type { SettingsState } from '../settings/sources.js';
import type { LaunchWebAuthFlow } from '../auth/index.js';
import type { ConfiguredAuth } from './configured.js';
import { sendsNoCors } from './host-access.js';
import { asApiName, asFetchRequest, asSiteRequest, asValues } from './request-values.js';
import { saveSettings, withLocked } from './save.js';
import type { Sites } from './sites.js';

/** The longest client id Check sends on: a GUID is 36 characters, other providers' ids are short too. */
const MAX_CLIENT_ID = 256;

function toView(state: SettingsState, redirectUri: string, savable: boolean): SettingsView {
  return {
    values: state.values,
    locked: state.locked,
    redirectUri,
    savable,
    ...(state.problem ? { problem: state.problem } : {}),
  };
}

export interface HandlerDeps {
  /** The service's own operations: the messages only pass them on. */
  readonly service: Pick<
    SignInService,
    'getState' | 'signIn' | 'signOut' | 'useAnotherAccount' | 'editProfile' | 'callApi' | 'fetch'
  >;
  /** The sites allowed for the content script (service/sites.ts). */
  readonly sites: Sites;
  readonly configured: ConfiguredAuth;
  readonly redirectUri: string;
  readonly launchWebAuthFlow: LaunchWebAuthFlow;
  /** Re-reads the settings and puts them in force (the background's one way to do it). */
  readonly apply: () => Promise<SettingsState>;
  /** The settings source reads what Save stores (SettingsSource.readsSaved). */
  readonly savable: boolean;
}

/** One function per message name, each a call into the package. */
export function createHandlers({
  service,
  sites,
  configured,
  redirectUri,
  launchWebAuthFlow,
  apply,
  savable,
}: HandlerDeps): Handlers {
  // Check's requests, made here with sign-in's limits: a page never fetches on its own.
  const { requestTimeoutMs, maxResponseBytes } = limits();
  const requests: CheckRequests = {
    readDiscovery: (authority) => readDiscovery(authority, requestTimeoutMs),
    sendsNoCors: (url) => sendsNoCors(url, requestTimeoutMs),
    // The endpoint is the provider's word: loaded only where the background may fetch (https, or
    // http on loopback), and with a client id no longer than any provider's.
    async checkRedirect(authorizationEndpoint, clientId) {
      const url = checkableUrl(authorizationEndpoint);
      if (!url || clientId.length > MAX_CLIENT_ID) return 'unknown';
      return checkRedirectRegistered({ authorizationEndpoint: url, clientId }, redirectUri, { silentFlow: launchWebAuthFlow });
    },
    timeoutMs: requestTimeoutMs,
    maxResponseBytes,
  };
  const view = async () => toView(await configured.state(), redirectUri, savable);
  // A site is allowed for an API the settings in force name (its record holds the name).
  const assertApi = async (name: string) => {
    const { config } = await configured.state();
    if (!config) throw new SignInError('not_set_up');
    apiNamed(config, name);
  };
  return {
    getState: () => service.getState(),
    signIn: () => service.signIn(),
    signOut: () => service.signOut(),
    useAnotherAccount: () => service.useAnotherAccount(),
    editProfile: () => service.editProfile(),
    callApi: () => service.callApi(),
    callNamedApi: (value) => service.callApi(asApiName(value)),
    getSettings: view,
    async checkSettings(value) {
      const values = withLocked(asValues(value), await view());
      return gatherCheckFacts(values, requests);
    },
    async saveSettings(value) {
      const values = asValues(value);
      // Stored values that no source reads would be "saved" and never used.
      if (!savable) throw new SignInError('settings_fixed');
      return saveSettings(values, await view(), {
        ...requests,
        apply: async () => toView(await apply(), redirectUri, savable),
      });
    },
    async apiFetch(value) {
      const { api, path } = asFetchRequest(value);
      return service.fetch(api, path);
    },
    async allowSite(value) {
      const { api, origin } = asSiteRequest(value);
      try {
        await assertApi(api);
        return await sites.allow(api, origin);
      } catch (err) {
        // The page had the site granted first: a site that is not allowed after all keeps no grant for nothing.
        await sites.disallow(api, origin).catch(() => undefined);
        throw err;
      }
    },
    async disallowSite(value) {
      const { api, origin } = asSiteRequest(value);
      await sites.disallow(api, origin);
    },
    getSites: () => sites.list(),
  };
}
