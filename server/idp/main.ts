/**
 * `npx tsx server/idp/main.ts` (or `npm run idp`): starts the local B2C-compatible provider on IDP_PORT
 * (env IDP_PORT overrides), prints where it is and how to sign in, and stops on SIGINT/SIGTERM.
 */
import { DEMO_USERS } from '../local.ts';
import { listenFailure, portFromEnv, runOrExplain } from '../startup.ts';
import { startIdp, type Idp } from './index.ts';

let idp!: Idp;
await runOrExplain(async () => {
  const port = portFromEnv('IDP_PORT');
  idp = await startIdp({ port, log: (line) => console.log(`[idp] ${line}`) }).catch((err: unknown) => {
    throw listenFailure(err, port, 'IDP_PORT') ?? err;
  });
});

console.log(`Local B2C-compatible provider listening on ${idp.origin}
  sign-up or sign-in authority  ${idp.authorities.signIn}
  password reset authority      ${idp.authorities.resetPassword}
  profile edit authority        ${idp.authorities.editProfile}
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
