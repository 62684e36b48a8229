/**
 * What `npm start`, `npm run dev` and `npm run demo` share: the local provider and API on
 * IDP_PORT and API_PORT (default 5280 and 5281), the build's configuration for them, a printed summary of both, and one Ctrl-C that
 * stops everything.
 */
import { startApi } from '../server/api';
import { startIdp, type Idp } from '../server/idp';
import { API_APP_ID, DEMO_USERS } from '../server/local';
import { listenFailure, portFromEnv, StartupError } from '../server/startup';
import { fieldEnv, LOCAL_PROVIDER_VALUES } from '../build/build-env';
import type { ExtensionEnv } from './build-extension';

export interface LocalServers {
  readonly idp: Idp;
  readonly api: { readonly url: string; close(): Promise<void> };
}

/** The ports of the local provider and the API. */
export interface LocalPorts {
  readonly idp: number;
  readonly api: number;
}

/**
 * The ports every command that runs the local system uses (`npm start`, `npm run dev`, `npm run
 * demo`): IDP_PORT and API_PORT from `env`, else 5280 and 5281.
 *
 * @throws StartupError when one is not a port number, or both are the same.
 */
export function localPorts(env: NodeJS.ProcessEnv = process.env): LocalPorts {
  const idp = portFromEnv('IDP_PORT', env);
  const api = portFromEnv('API_PORT', env);
  if (idp === api) throw new StartupError(`IDP_PORT and API_PORT are both ${idp}: give them different ports.`);
  return { idp, api };
}

export interface LocalServerOptions {
  /** Where the provider's and the API's request lines go; by default the terminal, `[idp]`-prefixed for the provider. */
  readonly log?: (line: string) => void;
}

/**
 * Starts the provider (all three user flows) and the API on localPorts(). When a port is taken,
 * nothing is left running.
 *
 * @throws StartupError naming the port and the variable to change.
 */
export async function startLocalServers({ log }: LocalServerOptions = {}): Promise<LocalServers> {
  const ports = localPorts();
  const idp = await startIdp({ port: ports.idp, log: log ?? ((line) => console.log(`[idp] ${line}`)) }).catch((err: unknown) => {
    throw listenFailure(err, ports.idp, 'IDP_PORT') ?? err;
  });
  try {
    const api = await startApi({
      port: ports.api,
      issuer: idp.issuer,
      audience: API_APP_ID,
      authority: idp.authority,
      ...(log ? { log } : {}),
    });
    return { idp, api };
  } catch (err) {
    await idp.close();
    throw listenFailure(err, ports.api, 'API_PORT') ?? err;
  }
}

/**
 * The WXT_* variables of a build for these servers, whatever .env or .env.local say: `npm start`,
 * `npm run dev` and `npm run demo` are about the local system, on the ports in use. The build's
 * local defaults (build/build-env.ts), with the URLs of the servers as they run.
 */
export function localBuildEnv({ idp, api }: LocalServers): ExtensionEnv {
  return fieldEnv({
    ...LOCAL_PROVIDER_VALUES,
    authority: idp.authorities.signIn,
    issuer: idp.issuer,
    apiUrl: api.url,
    passwordResetAuthority: idp.authorities.resetPassword,
    profileEditAuthority: idp.authorities.editProfile,
  });
}

/** True where a browser window can open (Linux needs an X or Wayland display). */
export function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

/** The provider's flows, the API and the demo users, as printed at start. */
export function describeLocalSystem({ idp, api }: LocalServers): string {
  return `
Local B2C-compatible provider  ${idp.authorities.signIn}
  password reset flow          ${idp.authorities.resetPassword}
  profile edit flow            ${idp.authorities.editProfile}
  (issuer of every flow ${idp.issuer})
Protected API                  ${api.url}

Demo users:
${DEMO_USERS.map((u) => `  ${u.email.padEnd(22)} password: ${u.password}${u.name ? `  (${u.name})` : '  (no display name)'}`).join('\n')}
`;
}

/** Stops `servers` and whatever else `close` ends on Ctrl-C (or SIGTERM), once. */
export function stopOnSignal(servers: LocalServers, close: () => Promise<unknown> = async () => undefined): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await Promise.allSettled([close(), servers.api.close(), servers.idp.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
