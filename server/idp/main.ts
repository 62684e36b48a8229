/**
 * `npx tsx server/idp/main.ts` (or `npm run idp`): starts the local B2C-compatible provider on IDP_PORT
 * (env IDP_PORT overrides), prints where it is and how to sign in, and stops on SIGINT/SIGTERM.
 */
import { DEMO_USERS, IDP_PORT } from '../local.ts';
import { startIdp } from './index.ts';

const port = portFromEnv(process.env.IDP_PORT) ?? IDP_PORT;
const idp = await startIdp({ port, log: (line) => console.log(`[idp] ${line}`) });

console.log(`Local B2C-compatible provider listening on ${idp.origin}
  sign-up or sign-in authority  ${idp.authorities.signIn}
  password reset authority      ${idp.authorities.passwordReset}
  profile edit authority        ${idp.authorities.profileEdit}
  discovery                     {authority}/.well-known/openid-configuration
  issuer (every flow)           ${idp.issuer}
Demo users (email / password):
${DEMO_USERS.map((user) => `  ${user.email} / ${user.password}${user.name ? `  (${user.name})` : '  (no display name)'}`).join('\n')}
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[idp] close failed', error);
        process.exit(1);
      },
    );
  });
}

function portFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new TypeError(`"IDP_PORT" must be a port number, got ${value}`);
  return parsed;
}
