/**
 * `npm run example`: builds examples/plain, the plain MV3 extension that uses mv3-signin from its
 * npm tarball (tooling/build-example.ts), for the local provider and API of `npm run idp` and
 * `npm run api` on IDP_PORT and API_PORT. It carries the development key, so it has the id (and
 * redirect URI and origin) those servers accept: load it instead of the app's own build, not next to it.
 */
import { API_SCOPE, CLIENT_ID, EXTENSION_ID, EXTENSION_KEY, apiUrlFor, authorityFor, issuerFor } from '../server/local';
import { portFromEnv, runOrExplain } from '../server/startup';
import { buildExample } from '../tooling/build-example';

await runOrExplain(
  async () => {
    const ports = { idp: portFromEnv('IDP_PORT'), api: portFromEnv('API_PORT') };
    const settings = { authority: authorityFor(ports.idp), issuer: issuerFor(ports.idp), clientId: CLIENT_ID, scopes: API_SCOPE };
    const built = await buildExample({ ...settings, apiUrl: apiUrlFor(ports.api) }, { key: EXTENSION_KEY });
    console.log(`mv3-signin ${built.version} from its tarball, installed in ${built.installedAt}
Example built: ${built.dir}
Start the provider and the API (npm run idp, npm run api), then load the folder unpacked
(chrome://extensions, Developer mode, Load unpacked): its id is ${EXTENSION_ID}.`);
  },
  { loadsProvider: false },
);
