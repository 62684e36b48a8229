import * as oauth from 'oauth4webapi';
import type { Config } from '../config';
import { AppError } from '../errors';
import { atStage } from '../error-mapping';
import { metadataItem } from '../session';
import { isSecureOrLoopback } from '../url';
import { httpOptions } from './http';

/** How long discovered metadata is trusted before it is fetched again. */
const METADATA_TTL_MS = 60 * 60 * 1000;

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint'] as const;

/**
 * The provider's metadata, discovered at the authority with the issuer pinned, and cached.
 *
 * @throws AppError `discovery_failed` when the provider is down, answers something else than
 *   metadata, or its issuer or endpoints are not the expected ones; `network` / `timeout`.
 */
export async function loadMetadata(config: Config, now = Date.now()): Promise<oauth.AuthorizationServer> {
  const cached = await metadataItem.getValue();
  if (cached && now - cached.fetchedAt < METADATA_TTL_MS && cached.metadata['issuer'] === config.issuer.href) {
    return cached.metadata as unknown as oauth.AuthorizationServer;
  }
  const as = await atStage('discovery', async () => {
    // B2C's discovery URL (the authority) differs from the issuer in its metadata, so the two are
    // configured apart. See https://github.com/panva/openid-client/discussions/718
    const response = await oauth.discoveryRequest(config.authority, httpOptions(config.authority));
    return oauth.processDiscoveryResponse(config.issuer, response);
  });
  assertEndpoints(as);
  await metadataItem.setValue({ fetchedAt: now, metadata: { ...as } });
  return as;
}

function assertEndpoints(as: oauth.AuthorizationServer): void {
  for (const name of ENDPOINTS) {
    const value = as[name];
    if (value === undefined && name === 'end_session_endpoint') continue;
    let ok = false;
    try {
      ok = typeof value === 'string' && isSecureOrLoopback(value);
    } catch {
      ok = false;
    }
    if (!ok) throw new AppError('discovery_failed', `(Its ${name} is missing or not https.)`);
  }
}
