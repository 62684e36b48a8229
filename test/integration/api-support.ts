// What the API's hardening tests (issue 12) share: a signing key, a loopback JWKS that counts its hits and can
// fail, tokens minted with good claims, and an API started against that JWKS.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload } from 'jose';
import { startApi, type Api, type ApiOptions } from '../../server/api/index.ts';
import { API_APP_ID, API_SCOPE_NAME, DEMO_USERS, issuerFor } from '../../server/local.ts';
import { mintToken } from '../support/tokens.ts';

export const ISSUER = issuerFor(5999);
export const KID = 'api-hardening-key';
const alice = DEMO_USERS[0]!;

/** An RS256 key pair: the private JWK to mint with, the public one the JWKS serves. */
export interface TestKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function createTestKey(kid = KID): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return { privateJwk: { ...(await exportJWK(privateKey)), ...meta }, publicJwk: { ...(await exportJWK(publicKey)), ...meta } };
}

export function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/** Claims that pass every check of an API trusting `issuer` (that of {@link startTestApi} by default). */
export function goodClaims(overrides: JWTPayload = {}, issuer = ISSUER): JWTPayload {
  const now = nowSec();
  return {
    iss: issuer,
    aud: API_APP_ID,
    sub: alice.oid,
    oid: alice.oid,
    name: alice.name,
    scp: API_SCOPE_NAME,
    iat: now,
    nbf: now,
    exp: now + 600,
    ...overrides,
  };
}

/** A JWS segment by hand: `value` as is when a string, else as JSON, base64url-encoded. */
export function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `token` with every spelling of its signature's last character that decodes to the same bytes, the token itself
 * first. An RS256 signature of 256 bytes is 342 characters, whose last carries 2 bits and 4 that decoders ignore: 16.
 */
export function signatureSpellings(token: string): string[] {
  const value = BASE64URL.indexOf(token.at(-1)!);
  const unused = [0, 0, 0b1111, 0b11][(token.length - token.lastIndexOf('.') - 1) % 4]!;
  const others = Array.from({ length: unused + 1 }, (_, bits) => (value & ~unused) | bits).filter((other) => other !== value);
  return [token, ...others.map((other) => token.slice(0, -1) + BASE64URL[other])];
}

export function mint(key: TestKey, claims: JWTPayload = goodClaims(), header: Record<string, unknown> = {}): Promise<string> {
  return mintToken(key.privateJwk, claims, header);
}

/** How the loopback JWKS answers: the keys, a 500, or a dropped connection. */
export type JwksMode = 'ok' | 'error' | 'drop';

export interface TestJwks {
  readonly url: string;
  /** Requests it received. */
  readonly hits: number;
  mode: JwksMode;
  keys: JWK[];
  close(): Promise<void>;
}

/** A real JWKS endpoint on loopback serving `keys`, counting every request. */
export async function startTestJwks(keys: JWK[]): Promise<TestJwks> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    if (jwks.mode === 'drop') return void res.socket?.destroy();
    if (jwks.mode === 'error') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('down');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: jwks.keys }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const jwks: TestJwks = {
    url: `http://localhost:${port}/keys`,
    get hits() {
      return hits;
    },
    mode: 'ok',
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return jwks;
}

/** The API on a free port, trusting `jwks` for ISSUER; quiet unless `log` is given. */
export function startTestApi(jwks: TestJwks, overrides: Partial<ApiOptions> = {}): Promise<Api> {
  return startApi({ port: 0, issuer: ISSUER, audience: API_APP_ID, jwksUri: jwks.url, log: () => {}, ...overrides });
}

/** GET /hello with `token` as the bearer (none when undefined). */
export function callApi(api: Api, token?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(api.url, { headers: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` } });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
