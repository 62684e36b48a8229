/**
 * What `npm start`, `npm run dev` and `npm run demo` share: the local provider and the tenant's two APIs on
 * IDP_PORT, API_PORT and SECOND_API_PORT (default 5280, 5281 and 5282), the build's configuration for them (both
 * APIs, as WXT_APIS lists them), a printed summary, and one Ctrl-C that stops everything.
 */
import { startApi, type Api } from '../server/api';
import { LOCAL_API_ROLES, type LocalApiRole } from '../server/api/config';
import { startIdp, type Idp } from '../server/idp';
import { API_NAME, API_SCOPE, DEMO_USERS, SECOND_API_NAME, SECOND_API_SCOPE } from '../server/local';
import { listenFailure, portFromEnv, StartupError } from '../server/startup';
import { fieldEnv, LOCAL_PROVIDER_VALUES } from '../build/build-env';
import type { ExtensionEnv } from './build-extension';

export interface LocalServers {
  readonly idp: Idp;
  readonly api: { readonly url: string; close(): Promise<void> };
  /** The tenant's second API: its URL and the scope (full URL form) a token for it is asked with. */
  readonly secondApi: { readonly url: string; readonly scope: string; close(): Promise<void> };
}

/** The ports of the local provider and the two APIs. */
export interface LocalPorts {
  readonly idp: number;
  readonly api: number;
  readonly secondApi: number;
}

/**
 * The ports every command that runs the local system uses (`npm start`, `npm run dev`, `npm run
 * demo`): IDP_PORT, API_PORT and SECOND_API_PORT from `env`, else 5280, 5281 and 5282.
 *
 * @throws StartupError when one is not a port number, or two are the same.
 */
export function localPorts(env: NodeJS.ProcessEnv = process.env): LocalPorts {
  const ports = {
    IDP_PORT: portFromEnv('IDP_PORT', env),
    API_PORT: portFromEnv('API_PORT', env),
    SECOND_API_PORT: portFromEnv('SECOND_API_PORT', env),
  };
  const names = Object.keys(ports) as (keyof typeof ports)[];
  for (const [i, a] of names.entries()) {
    const b = names.slice(i + 1).find((other) => ports[other] === ports[a]);
    if (b) throw new StartupError(`${a} and ${b} are both ${ports[a]}: give them different ports.`);
  }
  return { idp: ports.IDP_PORT, api: ports.API_PORT, secondApi: ports.SECOND_API_PORT };
}

export interface LocalServerOptions {
  /** Where the provider's and the API's request lines go; by default the terminal, `[idp]`-prefixed for the provider. */
  readonly log?: (line: string) => void;
}

/**
 * Starts the provider (all three user flows) and both APIs on localPorts(). When a port is taken,
 * nothing is left running.
 *
 * @throws StartupError naming the port and the variable to change.
 */
export async function startLocalServers({ log }: LocalServerOptions = {}): Promise<LocalServers> {
  const ports = localPorts();
  const idp = await startIdp({ port: ports.idp, log: log ?? ((line) => console.log(`[idp] ${line}`)) }).catch((err: unknown) => {
    throw listenFailure(err, ports.idp, 'IDP_PORT') ?? err;
  });
  const started: Api[] = [];
  const startRole = async (role: LocalApiRole, port: number): Promise<Api> => {
    const { name, audience, requiredScope } = role;
    const api = await startApi({
      port,
      name,
      issuer: idp.issuer,
      audience,
      requiredScope,
      authority: idp.authority,
      ...(log ? { log } : {}),
    }).catch((err: unknown) => {
      throw listenFailure(err, port, role.portVariable) ?? err;
    });
    started.push(api);
    return api;
  };
  try {
    const api = await startRole(LOCAL_API_ROLES.first, ports.api);
    const second = await startRole(LOCAL_API_ROLES.second, ports.secondApi);
    return { idp, api, secondApi: { url: second.url, scope: SECOND_API_SCOPE, close: () => second.close() } };
  } catch (err) {
    await Promise.allSettled([...started.map((api) => api.close()), idp.close()]);
    throw err;
  }
}

/**
 * The WXT_* variables of a build for these servers, whatever .env or .env.local say: `npm start`,
 * `npm run dev` and `npm run demo` are about the local system, on the ports in use. The build's
 * local defaults (build/build-env.ts), with the URLs of the servers as they run, and both APIs as
 * WXT_APIS lists them: API_NAME (the first API, whose scope the sign-in asks for) and SECOND_API_NAME,
 * each with its URL and scope. The popup offers "Call Hello API" and "Call Orders API".
 */
export function localBuildEnv({
  idp,
  api,
  secondApi,
}: {
  readonly idp: Idp;
  readonly api: { readonly url: string };
  readonly secondApi: { readonly url: string; readonly scope: string };
}): ExtensionEnv {
  const apis = [
    { name: API_NAME, url: api.url, scopes: API_SCOPE },
    { name: SECOND_API_NAME, url: secondApi.url, scopes: secondApi.scope },
  ];
  return fieldEnv({
    ...LOCAL_PROVIDER_VALUES,
    authority: idp.authorities.signIn,
    issuer: idp.issuer,
    // The list wins over the one-API shorthand, which is left blank.
    apiUrl: '',
    scopes: '',
    apis: JSON.stringify(apis),
    passwordResetAuthority: idp.authorities.resetPassword,
    profileEditAuthority: idp.authorities.editProfile,
  });
}

/** True where a browser window can open (Linux needs an X or Wayland display). */
export function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

/** The provider's flows, the APIs and the demo users, as printed at start. */
export function describeLocalSystem({ idp, api, secondApi }: LocalServers): string {
  return `
Local B2C-compatible provider  ${idp.authorities.signIn}
  password reset flow          ${idp.authorities.resetPassword}
  profile edit flow            ${idp.authorities.editProfile}
  (issuer of every flow ${idp.issuer})
${API_NAME.padEnd(30)} ${api.url}  scope ${API_SCOPE}
${SECOND_API_NAME.padEnd(30)} ${secondApi.url}  scope ${secondApi.scope}

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
    await Promise.allSettled([close(), servers.api.close(), servers.secondApi.close(), servers.idp.close()]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
