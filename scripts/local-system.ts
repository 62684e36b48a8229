/**
 * What `npm start` and `npm run dev` share: the local provider and API on their fixed ports, a
 * printed summary of both, and one Ctrl-C that stops everything.
 */
import { startApi } from '../server/api';
import { startIdp, type Idp } from '../server/idp';
import { API_APP_ID, API_PORT, DEMO_USERS, IDP_PORT } from '../server/local';

export interface LocalServers {
  readonly idp: Idp;
  readonly api: { readonly url: string; close(): Promise<void> };
}

/** Starts the provider (all three user flows) and the API the default build (.env) points at. */
export async function startLocalServers(): Promise<LocalServers> {
  const idp = await startIdp({ port: IDP_PORT, log: (line) => console.log(`[idp] ${line}`) });
  const api = await startApi({ port: API_PORT, issuer: idp.issuer, audience: API_APP_ID, authority: idp.authority });
  return { idp, api };
}

/** True where a browser window can open (Linux needs an X or Wayland display). */
export function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

/** The provider's flows, the API and the demo users, as printed at start. */
export function describeLocalSystem({ idp, api }: LocalServers): string {
  return `
Local B2C-compatible provider  ${idp.authorities.signIn}
  password reset flow          ${idp.authorities.passwordReset}
  profile edit flow            ${idp.authorities.profileEdit}
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
