import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { closeServer, listenOnLoopback } from '../listen.ts';
import { createAccountStore } from './accounts.ts';
import { createAuthorizeShaping } from './authorize.ts';
import { createControls } from './controls.ts';
import { createCors } from './cors.ts';
import { createInteractionRoutes } from './interactions.ts';
import { createHostCheck } from './host-check.ts';
import { createSigningKeys } from './keys.ts';
import { createLogout } from './logout.ts';
import { createMemoryStore } from './memory-store.ts';
import { createMetadataShaping } from './metadata.ts';
import { createMount, createRequestLog } from './mount.ts';
import { urlsFor } from './paths.ts';
import { buildConfiguration, cookieSettings } from './provider-config.ts';
import { createRevocationEndpoint } from './revocation.ts';
import { resolveSettings } from './settings.ts';
import { createTokenEndpoint } from './token-endpoint.ts';
import type { Idp, IdpOptions } from './types.ts';

export type { Idp, IdpControls, IdpOptions, IdpStats, IdpSwitches } from './types.ts';

/**
 * Starts the local B2C-compatible OpenID provider on 127.0.0.1 (URLs say `localhost`).
 * Returns once it is listening; rejects if the port is taken or an option is invalid (e.g. a non-RSA key).
 */
export async function startIdp(options: IdpOptions = {}): Promise<Idp> {
  const settings = resolveSettings(options);
  const keys = await createSigningKeys(settings.keys);
  const server = createServer();
  const port = await listenOnLoopback(server, settings.port);
  const urls = urlsFor(port, settings.tenant, settings.policies, settings.tenantId);
  const { flows } = urls;
  const store = createMemoryStore();
  // One user store for the tenant: every flow reads and changes the same users, as in B2C.
  const accounts = createAccountStore();
  const { state, controls } = createControls(settings.testControls, {
    revokeAll: () => store.revokeAllGrants(),
    endAll: () => store.endAllSessions(),
    restoreUsers: () => accounts.reset(),
  });
  const cookies = cookieSettings(port);
  // One provider for every flow, so they share the tenant's session, issuer, keys and tokens (a refresh token of
  // one flow is good at another flow's token endpoint), as B2C's flows do.
  const logout = createLogout(state, settings.redirectUris, { name: cookies.names.session, options: cookies.long });
  const provider = new Provider(
    urls.issuer,
    buildConfiguration({ settings, flows, accounts, keys, store, state, cookies, logoutSource: logout.source }),
  );

  provider.on('grant.error', (_ctx: unknown, error: { error_detail?: string }) => {
    if (error.error_detail === 'refresh token already used') state.stats.refreshTokenReuse += 1;
  });
  // provider.use() runs these, in this order, before oidc-provider's own routes.
  provider.use(createRequestLog(settings.log));
  // After the log only, which notes the refusal too: a foreign Host reaches nothing else.
  provider.use(createHostCheck(port));
  provider.use(createMount(flows));
  provider.use(createCors(settings.allowedOrigins));
  provider.use(createInteractionRoutes(provider, accounts, flows));
  provider.use(createMetadataShaping(state, keys, urls.origin));
  provider.use(createAuthorizeShaping(state, settings.redirectUris));
  provider.use(logout.completion);
  provider.use(createTokenEndpoint({ provider, settings, accounts, keys, state }));
  provider.use(createRevocationEndpoint(state));
  const handle = provider.callback();
  server.on('request', (req, res) => void handle(req, res));

  return {
    port,
    origin: urls.origin,
    authority: urls.authorities.signIn,
    authorities: urls.authorities,
    issuer: urls.issuer,
    controls,
    close: () => closeServer(server),
  };
}
