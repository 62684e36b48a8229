// Benchmarks the API's token verification against a bare jose jwtVerify: `npm run bench:api`.
// Both loops await one verification at a time, and the libuv pool (where WebCrypto runs) is
// limited to one thread, so each figure is what a single core does.
process.env.UV_THREADPOOL_SIZE = '1';

import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createKeySource } from '../server/api/key-source.ts';
import { createTokenVerifier } from '../server/api/verify-token.ts';
import { API_APP_ID, API_SCOPE_NAME, issuerFor } from '../server/local.ts';

const WARM_UP_MS = 500;
const MEASURE_MS = 3000;
// A hard stop, so a loop cannot run away even if the clock misbehaves.
const MAX_ITERATIONS = 5_000_000;
const KID = 'bench-key';

async function measure(label: string, verifyOnce: () => Promise<unknown>): Promise<number> {
  await runFor(WARM_UP_MS, verifyOnce);
  const { count, elapsedMs } = await runFor(MEASURE_MS, verifyOnce);
  const perSecond = (count / elapsedMs) * 1000;
  console.log(`${label.padEnd(44)} ${perSecond.toFixed(0).padStart(8)} tokens/s  (${count} in ${elapsedMs.toFixed(0)} ms)`);
  return perSecond;
}

async function runFor(durationMs: number, verifyOnce: () => Promise<unknown>): Promise<{ count: number; elapsedMs: number }> {
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < durationMs && count < MAX_ITERATIONS) {
    await verifyOnce();
    count += 1;
  }
  return { count, elapsedMs: performance.now() - started };
}

async function startJwksServer(keys: object[]) {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://localhost:${port}/keys`),
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const jwks = await startJwksServer([publicJwk]);
  const issuer = issuerFor();
  const token = await new SignJWT({ scp: API_SCOPE_NAME, name: 'Bench User' })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(API_APP_ID)
    .setSubject('bench-subject')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  try {
    const verify = createTokenVerifier({
      issuer,
      audience: API_APP_ID,
      clockToleranceSec: 30,
      maxTokenAgeSec: 24 * 60 * 60,
      getKey: createKeySource({ jwksUri: jwks.url }),
    });
    console.log(`RS256 (2048-bit) access token, ${WARM_UP_MS} ms warm-up, ${MEASURE_MS} ms per figure, node ${process.version}`);
    const api = await measure('server/api verifier (remote JWKS, cached)', () => verify(token));
    const bare = await measure('bare jose jwtVerify (local public key)', () =>
      jwtVerify(token, publicKey, { algorithms: ['RS256'] }),
    );
    console.log(`ratio api/bare: ${(api / bare).toFixed(3)}   JWKS requests during the run: ${jwks.requests()}`);
  } finally {
    await jwks.close();
  }
}

await main();
