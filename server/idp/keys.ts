import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importJWK, type JWK } from 'jose';

/** One RS256 key pair in the forms the provider and the adversary need. */
export interface RsaKey {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  readonly privateKey: CryptoKey;
  /** The public key as SPKI PEM (the "secret" of the HS256 confusion attack). */
  readonly publicPem: string;
}

/** The provider's signing key plus extra keys that only the adversarial switches use. */
export interface SigningKeys {
  /** The key in the JWKS that signs every real token. */
  readonly primary: RsaKey;
  /** A second key published only while idToken = 'noKidMultipleKeys'. */
  spare(): Promise<RsaKey>;
  /** A key whose kid is never published (idToken = 'unknownKey'). */
  stranger(): Promise<RsaKey>;
}

/**
 * Returns the signing keys: the first of `jwks` (a private RS256 JWK) or a freshly generated one.
 * Throws a TypeError when a given JWK is not a private RSA key.
 */
export async function createSigningKeys(jwks?: readonly JsonWebKey[]): Promise<SigningKeys> {
  const given = jwks?.[0];
  const primary = given ? await importRsaKey(given) : await generateRsaKey();
  return { primary, spare: memoize(generateRsaKey), stranger: memoize(generateRsaKey) };
}

async function generateRsaKey(): Promise<RsaKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return importRsaKey({ ...jwk, kid: await calculateJwkThumbprint(jwk) });
}

async function importRsaKey(jwk: JWK): Promise<RsaKey> {
  if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string') {
    throw new TypeError('IdpOptions.keys must hold private RSA JWKs');
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  const privateJwk: JWK = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  const privateKey = (await importJWK(privateJwk, 'RS256', { extractable: true })) as CryptoKey;
  const { n, e } = jwk;
  const publicJwk: JWK = { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' };
  const publicKey = (await importJWK(publicJwk, 'RS256', { extractable: true })) as CryptoKey;
  return { kid, privateJwk, publicJwk, privateKey, publicPem: await exportSPKI(publicKey) };
}

function memoize<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
