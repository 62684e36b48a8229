/**
 * The configuration check's facts as data with codes: what the provider's discovery documents,
 * endpoints and redirect-URI answer say of a set of settings. An options page puts them in words.
 *
 * @module
 */
export type { CheckFacts } from './check/facts.js';
export type { DiscoveryFailure, DiscoveryRead } from './check/discovery-read.js';
export type { RedirectVerdict } from './auth/redirect-probe.js';
export { ENDPOINTS, providerOrigins, refusedEndpoint } from './check/endpoints.js';
export { MAX_RESPONSE_BYTES, REQUEST_TIMEOUT_MS } from './core/http.js';
