// Issue 13: a taken port gets one line that names it and the variable to change, and nothing half-started stays.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { localBuildEnv, localPorts, startLocalServers } from '../../tooling/local-system';
import { buildManifest } from '../../build/manifest';
import { parseBuildEnv } from '../../lib/build-settings';
import { API_NAME, API_SCOPE, SECOND_API_NAME, SECOND_API_SCOPE } from '../../server/local';
import { explainNodeWarning, portFromEnv } from '../../server/startup';

const ROOT = resolve(import.meta.dirname, '../..');
const servers: Server[] = [];

/** A port something else already listens on. */
async function takenPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/** `count` different ports nothing listens on (they were free a moment ago). */
async function freePorts(count: number): Promise<number[]> {
  const held = Array.from({ length: count }, () => createServer());
  await Promise.all(held.map((server) => new Promise<void>((done) => server.listen(0, '127.0.0.1', done))));
  const ports = held.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(held.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** Listens on `port` (and keeps it until the test ends): it must be free. */
async function expectFree(port: number): Promise<void> {
  const again = createServer();
  servers.push(again);
  await expect(
    new Promise<void>((done, fail) => again.once('error', fail).listen(port, '127.0.0.1', done)),
  ).resolves.toBeUndefined();
}

/** Runs `run` with `env` in process.env (startLocalServers reads it there), then puts back what was there. */
async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** Runs `npm run idp` / `npm run api` / `npm run api:second` (their tsx commands) and returns how it ended. */
async function runServer(command: string, env: Record<string, string>) {
  const run = promisify(execFile);
  return run(resolve(ROOT, 'node_modules/.bin/tsx'), command.split(' '), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 30_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }),
  );
}

describe('a taken port (issue 13)', () => {
  it.each([
    ['npm run idp', 'server/idp/main.ts', 'IDP_PORT'],
    ['npm run api', 'server/api/main.ts', 'API_PORT'],
    ['npm run api:second', 'server/api/main.ts second', 'SECOND_API_PORT'],
  ])('%s prints one line naming the port and the variable, and exits non-zero', async (_name, script, variable) => {
    const port = await takenPort();
    const { code, stderr } = await runServer(script, { [variable]: String(port) });
    expect(code).toBe(1);
    // Besides oidc-provider's own runtime warning on Node 20, explained on stdout.
    const lines = stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('oidc-provider WARNING'));
    expect(lines).toEqual([
      `Port ${port} is already in use (another npm start, or another program). Stop it, or choose another port: ${variable}=${port + 100}.`,
    ]);
    expect(stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it('npm start and npm run dev leave nothing running when the API port is taken', async () => {
    const idpPort = await freePort();
    const apiPort = await takenPort();
    await withEnv({ IDP_PORT: String(idpPort), API_PORT: String(apiPort) }, async () => {
      await expect(startLocalServers()).rejects.toThrow(`Port ${apiPort} is already in use`);
    });
    // The provider started first was stopped again: its port is free.
    await expectFree(idpPort);
  });

  it('npm start and npm run dev leave nothing running when the second API port is taken', async () => {
    const [idpPort = 0, apiPort = 0] = await freePorts(2);
    const secondPort = await takenPort();
    const env = { IDP_PORT: String(idpPort), API_PORT: String(apiPort), SECOND_API_PORT: String(secondPort) };
    await withEnv(env, async () => {
      await expect(startLocalServers()).rejects.toThrow(
        `Port ${secondPort} is already in use (another npm start, or another program). Stop it, or choose another port: SECOND_API_PORT=${secondPort + 100}.`,
      );
    });
    // The provider and the first API were stopped again.
    await expectFree(idpPort);
    await expectFree(apiPort);
  });

  it('reads IDP_PORT and API_PORT, with the defaults and a clear word for a bad one', () => {
    expect(portFromEnv('IDP_PORT', {})).toBe(5280);
    expect(portFromEnv('API_PORT', { API_PORT: ' 6001 ' })).toBe(6001);
    expect(() => portFromEnv('IDP_PORT', { IDP_PORT: '80a' })).toThrow(
      'IDP_PORT must be a port number from 1 to 65535, not "80a".',
    );
    expect(() => portFromEnv('API_PORT', { API_PORT: '70000' })).toThrow(/API_PORT must be a port number/);
  });

  it("says what oidc-provider's runtime warning means on Node 20, and nothing on Node 22 and later", () => {
    expect(explainNodeWarning('20.19.0')).toMatch(/oidc-provider's: it supports Node 22 LTS and later/);
    expect(explainNodeWarning('24.1.0')).toBeUndefined();
  });
});

// Issue 19, item 5: every command that runs the local system honours IDP_PORT and API_PORT.
describe('the ports of npm start, npm run dev and npm run demo (issue 19)', () => {
  it('come from IDP_PORT, API_PORT and SECOND_API_PORT, through one function', () => {
    expect(localPorts({})).toEqual({ idp: 5280, api: 5281, secondApi: 5282 });
    expect(localPorts({ IDP_PORT: '5380', API_PORT: '5381', SECOND_API_PORT: '5382' })).toEqual({
      idp: 5380,
      api: 5381,
      secondApi: 5382,
    });
    expect(() => localPorts({ IDP_PORT: '5380', API_PORT: '5380' })).toThrow(
      'IDP_PORT and API_PORT are both 5380: give them different ports.',
    );
    // The second API's port follows API_PORT unless it is set.
    expect(localPorts({ IDP_PORT: '5380', API_PORT: '5381' })).toEqual({ idp: 5380, api: 5381, secondApi: 5382 });
    expect(() => localPorts({ SECOND_API_PORT: '5281' })).toThrow(
      'API_PORT and SECOND_API_PORT are both 5281: give them different ports.',
    );
  });

  it.each(['IDP_PORT', 'API_PORT'] as const)(
    'npm run demo listens on %s: a taken one stops it at once, in one line that names it',
    async (variable) => {
      const port = await takenPort();
      const other = await freePort();
      const env =
        variable === 'IDP_PORT'
          ? { IDP_PORT: String(port), API_PORT: String(other) }
          : { IDP_PORT: String(other), API_PORT: String(port) };
      const { code, stderr } = await runServer('scripts/demo.ts', env);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `Demo failed: Port ${port} is already in use (another npm start, or another program). Stop it, or choose another port: ${variable}=${port + 100}.`,
      );
      expect(stderr).not.toMatch(/\n\s+at /);
    },
  );
});

// Issue 21, item 6: `npm start`, `npm run dev` and `npm run demo` build the extension with both of the tenant's APIs.
describe('the build of npm start, npm run dev and npm run demo (issue 21)', () => {
  it('lists both running APIs (WXT_APIS): their names, URLs and scopes; the sign-in asks for the first one’s', async () => {
    const [idp = 0, api = 0, secondApi = 0] = await freePorts(3);
    const ports = { IDP_PORT: String(idp), API_PORT: String(api), SECOND_API_PORT: String(secondApi) };
    const running = await withEnv(ports, () => startLocalServers({ log: () => undefined }));
    try {
      const env: Record<string, string | undefined> = { ...localBuildEnv(running) };
      const config = parseBuildEnv(env);
      expect(config.apis.map(({ name, url, scopes }) => ({ name, url: url.href, scopes }))).toEqual([
        { name: API_NAME, url: running.api.url, scopes: [API_SCOPE] },
        { name: SECOND_API_NAME, url: running.secondApi.url, scopes: [SECOND_API_SCOPE] },
      ]);
      expect(config.scopes).toEqual(['openid', 'offline_access', API_SCOPE]);
      expect(env['WXT_API_URL']).toBe('');
      expect(buildManifest(env, 'chrome').host_permissions).toEqual([
        `http://localhost:${idp}/*`,
        `http://localhost:${api}/*`,
        `http://localhost:${secondApi}/*`,
      ]);
      // The URLs are the running APIs': each asks for a token, and its demo page asks the content script for it by
      // the name the build gives it.
      for (const [url, name] of [
        [running.api.url, API_NAME],
        [running.secondApi.url, SECOND_API_NAME],
      ] as const) {
        expect((await fetch(url)).status).toBe(401);
        expect(await (await fetch(new URL('/', url))).text()).toContain(`data-signin-api="${name}"`);
      }
    } finally {
      await Promise.allSettled([running.api.close(), running.secondApi.close(), running.idp.close()]);
    }
  });
});
