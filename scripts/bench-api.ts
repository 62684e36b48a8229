// Benchmarks the API's token verification against a bare jose jwtVerify: `npm run bench:api`. Two cases:
// one token presented again and again (the verification cache answers), and tokens that are each new to it.
// Both loops await one verification at a time, the libuv pool (where WebCrypto runs) is limited to one
// thread, and on Linux the process runs pinned to one CPU (taskset), so each figure is what a single core
// does, without the cost of waking a thread on the other core (which alone adds about 30 µs a
// verification here and most of the noise). The rates are per second of this process's CPU time
// (process.cpuUsage: main thread and pool), which other load on the machine inflates far less than
// wall-clock time; the wall-clock time is printed beside them.
process.env.UV_THREADPOOL_SIZE = '1';

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { createKeySource, type KeySource } from '../server/api/key-source.ts';
import { DEFAULT_JWKS, DEFAULT_LIMITS } from '../server/api/limits.ts';
import { createTokenVerifier } from '../server/api/verify-token.ts';
import { API_APP_ID, API_SCOPE_NAME, issuerFor } from '../server/local.ts';

const WARM_UP_MS = 500;
const MEASURE_MS = 3000;
// A hard stop, so a loop cannot run away even if the clock misbehaves.
const MAX_ITERATIONS = 5_000_000;
const KID = 'bench-key';

// The machine is shared: the two loops of a pair run in alternating short slices, and each figure is
// the median slice's CPU time per verification, so load from elsewhere falls on both alike and a slice
// it disturbed does not move the figure.
const SLICE_MS = 50;

interface Loop {
  label: string;
  verifyOnce: () => Promise<unknown>;
}

/** Runs `a` and `b` in alternating slices, MEASURE_MS each, after a warm-up; prints and returns both rates. */
async function comparePair(a: Loop, b: Loop): Promise<[number, number]> {
  await runFor(WARM_UP_MS / 2, a.verifyOnce);
  await runFor(WARM_UP_MS / 2, b.verifyOnce);
  const runs = [a, b].map(() => ({ count: 0, elapsedMs: 0, cpuUsPerToken: [] as number[] }));
  for (let slice = 0; slice < (2 * MEASURE_MS) / SLICE_MS; slice += 1) {
    const run = runs[slice % 2]!;
    const { count, elapsedMs, cpuMs } = await runFor(SLICE_MS, [a, b][slice % 2]!.verifyOnce);
    run.count += count;
    run.elapsedMs += elapsedMs;
    run.cpuUsPerToken.push((cpuMs * 1000) / count);
  }
  const rates = [a, b].map((loop, i) => {
    const { count, elapsedMs, cpuUsPerToken } = runs[i]!;
    const median = cpuUsPerToken.sort((x, y) => x - y)[Math.floor(cpuUsPerToken.length / 2)]!;
    const perSecond = 1e6 / median;
    console.log(
      `${loop.label.padEnd(44)} ${perSecond.toFixed(0).padStart(8)} tokens/CPU-s  (${median.toFixed(2)} µs each; ${count} in ${elapsedMs.toFixed(0)} ms wall)`,
    );
    return perSecond;
  });
  return [rates[0]!, rates[1]!];
}

async function runFor(
  durationMs: number,
  verifyOnce: () => Promise<unknown>,
): Promise<{ count: number; elapsedMs: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let count = 0;
  while (performance.now() - started < durationMs && count < MAX_ITERATIONS) {
    await verifyOnce();
    count += 1;
  }
  const { user, system } = process.cpuUsage(cpu);
  return { count, elapsedMs: performance.now() - started, cpuMs: (user + system) / 1000 };
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

// Unique tokens: a pool cycled through a verifier whose cache holds half of it, so no token is minted in
// the loop, yet each comes back only after its doorkeeper note has made room for others: every one is
// new to the cache, as it is when each client presents its own.
const UNIQUE_POOL = 1_000;

function cycle(tokens: string[]): () => string {
  let next = 0;
  return () => tokens[(next = (next + 1) % tokens.length)]!;
}

/** Runs this script again pinned to one CPU, when taskset is there; false when it is not (or this is that run). */
function reranPinned(): boolean {
  if (process.platform !== 'linux' || process.env.BENCH_API_PINNED) return false;
  const allowed = /^Cpus_allowed_list:\s*(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (allowed === undefined) return false;
  const run = spawnSync('taskset', ['-c', allowed, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_API_PINNED: allowed },
  });
  if (run.error) return false;
  process.exitCode = run.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const jwks = await startJwksServer([publicJwk]);
  const issuer = issuerFor();
  const mint = (jti: string) =>
    new SignJWT({ scp: API_SCOPE_NAME, name: 'Bench User', jti })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(API_APP_ID)
      .setSubject('bench-subject')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const token = await mint('repeat');
  const pool: string[] = [];
  for (let i = 0; i < UNIQUE_POOL; i += 1) pool.push(await mint(`unique-${i}`));
  try {
    const keys = createKeySource(
      { jwksUri: jwks.url },
      {
        jwks: DEFAULT_JWKS,
        failureCooldownMs: DEFAULT_LIMITS.keyFailureCooldownMs,
        failureCooldownMaxMs: DEFAULT_LIMITS.keyFailureCooldownMaxMs,
      },
    );
    let lookups = 0;
    const counted: KeySource = { keyFor: (jws) => (lookups++, keys.keyFor(jws)), version: keys.version };
    const verifier = (cacheEntries: number) =>
      createTokenVerifier({
        issuer,
        audience: API_APP_ID,
        clockToleranceSec: 30,
        maxTokenAgeSec: 24 * 60 * 60,
        keys: counted,
        cacheEntries,
      });
    // Bare jose doing the API's checks (the same options) with the public key in hand: what the API's
    // layers (key source, cache, scope) cost or save.
    const bareOptions = {
      issuer,
      audience: API_APP_ID,
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 30,
      maxTokenAge: 24 * 60 * 60,
    };
    const bare = (jws: string) => jwtVerify(jws, publicKey, bareOptions);
    const cpu = process.env.BENCH_API_PINNED === undefined ? 'unpinned' : `pinned to CPU ${process.env.BENCH_API_PINNED}`;
    console.log(
      `RS256 (2048-bit) access tokens, ${WARM_UP_MS} ms warm-up, ${MEASURE_MS} ms per figure, node ${process.version}, ${cpu}`,
    );

    const cached = verifier(DEFAULT_LIMITS.verificationCacheEntries);
    lookups = 0;
    const [apiRepeat, bareRepeat] = await comparePair(
      { label: 'server/api verifier, one token repeated', verifyOnce: () => cached(token) },
      { label: 'bare jose jwtVerify, one token repeated', verifyOnce: () => bare(token) },
    );
    const repeatLookups = lookups;

    const missing = verifier(UNIQUE_POOL / 2);
    const nextApi = cycle(pool);
    const nextBare = cycle(pool);
    let uniqueCalls = 0;
    lookups = 0;
    const [apiUnique, bareUnique] = await comparePair(
      { label: `server/api verifier, ${UNIQUE_POOL} tokens in turn`, verifyOnce: () => (uniqueCalls++, missing(nextApi())) },
      { label: `bare jose jwtVerify, ${UNIQUE_POOL} tokens in turn`, verifyOnce: () => bare(nextBare()) },
    );
    const uniqueLookups = lookups;

    console.log(
      `repeated token: api/bare ${(apiRepeat / bareRepeat).toFixed(2)}x (target at least 2x; key lookups ${repeatLookups})`,
    );
    console.log(
      `unique tokens:  api/bare ${(apiUnique / bareUnique).toFixed(3)}x (target at least 0.95x; key lookups ${uniqueLookups} of ${uniqueCalls} verifications: no cache hit)`,
    );
    console.log(`JWKS requests during the run: ${jwks.requests()}`);
  } finally {
    await jwks.close();
  }
}

if (!reranPinned()) await main();
