import * as oauth from 'oauth4webapi';
import { flowAuthority, type Settings, type UserFlow } from '../settings/config.js';
import { SignInError } from '../core/errors.js';
import { atStage } from '../core/error-mapping.js';
import { word } from '../core/words.js';
import { providerOrigins, refusedEndpoint } from '../check/endpoints.js';
import { metadataItem } from './store.js';
import { httpOptions } from '../core/http.js';

/** How long discovered metadata is trusted before it is fetched again. */
const METADATA_TTL_MS = 60 * 60 * 1000;

/**
 * A user flow's metadata, discovered at its authority with the issuer pinned, and cached per flow.
 *
 * @throws SignInError `discovery_failed` when the provider is down, answers something else than
 *   metadata, or its issuer or endpoints are not the expected ones (every endpoint the client uses
 *   must be https and on the origin of a configured authority); `network` / `timeout`.
 * @throws TypeError for a flow that is not configured (a programmer error).
 */
export async function loadMetadata(
  config: Settings,
  flow: UserFlow = 'signIn',
  now = Date.now(),
): Promise<oauth.AuthorizationServer> {
  const authority = flowAuthority(config, flow);
  if (!authority) throw new TypeError(`The ${flow} user flow is not configured`);
  const cache = (await metadataItem.getValue()) ?? {};
  const cached = cache[flow];
  if (
    cached &&
    now - cached.fetchedAt < METADATA_TTL_MS &&
    cached.authority === authority.href &&
    cached.metadata['issuer'] === config.issuer.href
  ) {
    return cached.metadata as unknown as oauth.AuthorizationServer;
  }
  const as = await atStage('discovery', async () => {
    // B2C's discovery URL (the authority) differs from the issuer in its metadata, so the two are
    // configured apart. See https://github.com/panva/openid-client/discussions/718
    const response = await oauth.discoveryRequest(authority, httpOptions(authority));
    return oauth.processDiscoveryResponse(config.issuer, response);
  });
  assertEndpoints(as, providerOrigins(config));
  const entry = { authority: authority.href, fetchedAt: now, metadata: { ...as } };
  await metadataItem.setValue({ ...((await metadataItem.getValue()) ?? {}), [flow]: entry });
  return as;
}

function assertEndpoints(as: oauth.AuthorizationServer, origins: ReadonlySet<string>): void {
  const refused = refusedEndpoint(as, origins);
  if (!refused) return;
  const detail = refused.problem === 'other_origin' ? 'detail_endpoint_other_origin' : 'detail_endpoint_invalid';
  throw new SignInError('discovery_failed', word(detail, refused.name));
}
