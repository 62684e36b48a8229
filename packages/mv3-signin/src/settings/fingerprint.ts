import type { Settings } from './config.js';

/**
 * What tokens are bound to: every setting that decides where they go (the authorities of every
 * user flow, the issuer, the client id, the scopes and every API: name, URL, scopes), as one string. Not secret.
 * Tokens obtained under one fingerprint never serve another (auth/local-session.ts).
 *
 * @returns the same string for two configurations exactly when tokens of one may serve the other.
 */
export function settingsFingerprint(config: Settings): string {
  return JSON.stringify({
    authority: config.authority.href,
    passwordResetAuthority: config.passwordResetAuthority?.href ?? null,
    profileEditAuthority: config.profileEditAuthority?.href ?? null,
    issuer: config.issuer.href,
    clientId: config.clientId,
    scopes: config.scopes,
    apis: config.apis.map(({ name, url, scopes }) => ({ name, url: url.href, scopes })),
  });
}
