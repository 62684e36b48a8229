import { CompactSign, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { IdpSwitches } from '../types.ts';
import type { SigningKeys } from '../keys.ts';

/** The sub an ID token carries when changeSubOnRefresh is on: nobody's object id. */
export const CHANGED_SUB = '99999999-aaaa-4bbb-8ccc-dddddddddddd';
/** The issuer and audience the wrong* cases use. */
export const EVIL_ISSUER = 'https://evil.example/';
export const OTHER_CLIENT = 'other-client';

/** What to do to one ID token. */
export interface IdTokenTampering {
  readonly mode: IdpSwitches['idToken'];
  readonly changeSub: boolean;
  readonly clientId: string;
}

/**
 * Returns the ID token altered as the switches ask: the real token's claims are decoded, changed and re-signed
 * (with the real key unless the mode is about the signature). Returns `idToken` unchanged for 'normal' without changeSub.
 */
export async function tamperIdToken(idToken: string, tampering: IdTokenTampering, keys: SigningKeys): Promise<string> {
  const { mode, changeSub } = tampering;
  if (mode === 'normal' && !changeSub) return idToken;
  if (mode === 'badSignature' && !changeSub) return corruptSignature(idToken);
  const claims = changeClaims(decodeJwt(idToken), tampering);
  if (changeSub) claims.sub = CHANGED_SUB;
  return signAs(mode, claims, keys, decodeProtectedHeader(idToken).typ);
}

function changeClaims(original: JWTPayload, { mode, clientId }: IdTokenTampering): JWTPayload {
  const claims: JWTPayload = { ...original };
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'wrongIss':
      claims.iss = EVIL_ISSUER;
      break;
    case 'wrongAud':
      claims.aud = OTHER_CLIENT;
      break;
    case 'extraAudNoAzp':
      claims.aud = [clientId, OTHER_CLIENT];
      delete claims.azp;
      break;
    case 'wrongNonce':
      claims.nonce = 'forged-nonce';
      break;
    case 'missingNonce':
      delete claims.nonce;
      break;
    case 'expired':
      Object.assign(claims, { iat: now - 7200, nbf: now - 7200, auth_time: now - 7200, exp: now - 3600 });
      break;
    case 'missingSub':
      delete claims.sub;
      break;
    case 'missingIat':
      delete claims.iat;
      break;
    default:
      break;
  }
  return claims;
}

async function signAs(mode: IdpSwitches['idToken'], claims: JWTPayload, keys: SigningKeys, typ = 'JWT'): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  const { primary } = keys;
  switch (mode) {
    case 'algNone':
      return `${encodeJson({ alg: 'none', typ })}.${Buffer.from(payload).toString('base64url')}.`;
    case 'hs256':
      // The classic key-confusion attack: the RSA public key (as published PEM) used as an HMAC secret.
      return new CompactSign(payload)
        .setProtectedHeader({ alg: 'HS256', typ, kid: primary.kid })
        .sign(new TextEncoder().encode(primary.publicPem));
    case 'unknownKey': {
      const stranger = await keys.stranger();
      return new CompactSign(payload).setProtectedHeader({ alg: 'RS256', typ, kid: stranger.kid }).sign(stranger.privateKey);
    }
    case 'noKidMultipleKeys':
      return new CompactSign(payload).setProtectedHeader({ alg: 'RS256', typ }).sign(primary.privateKey);
    case 'badSignature':
      return corruptSignature(
        await new CompactSign(payload).setProtectedHeader({ alg: 'RS256', typ, kid: primary.kid }).sign(primary.privateKey),
      );
    default:
      return new CompactSign(payload).setProtectedHeader({ alg: 'RS256', typ, kid: primary.kid }).sign(primary.privateKey);
  }
}

function corruptSignature(jws: string): string {
  const [header, payload, signature = ''] = jws.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
