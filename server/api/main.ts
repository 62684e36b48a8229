// Starts the reference API from the environment (server/api/config.ts lists the variables):
// `npm run api`, `npx tsx server/api/main.ts`, or `node server/api/main.ts` on Node 22.18 and later.
// With the argument `second` (`npm run api:second`) it is the tenant's second API: SECOND_API_PORT, its
// audience and its scope.
import { listenFailure, runOrExplain, StartupError } from '../startup.ts';
import { LOCAL_API_ROLES, readApiConfig } from './config.ts';
import { startApi, type Api } from './index.ts';

let api!: Api;
let name = 'API';
await runOrExplain(
  async () => {
    const [argument, ...rest] = process.argv.slice(2);
    if (rest.length > 0 || (argument !== undefined && argument !== 'second')) {
      throw new StartupError('Usage: server/api/main.ts [second]');
    }
    const role = argument === 'second' ? LOCAL_API_ROLES.second : LOCAL_API_ROLES.first;
    if (argument === 'second') name = 'Second API';
    const options = readApiConfig(process.env, role);
    api = await startApi(options).catch((err: unknown) => {
      throw listenFailure(err, options.port ?? 0, role.portVariable) ?? err;
    });
  },
  { loadsProvider: false },
);
process.stdout.write(`${name} listening on ${api.url} (demo page ${api.pageUrl})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void api.close().then(() => process.exit(0));
  });
}
