// Starts the reference API from the environment (server/api/config.ts lists the variables):
// `npm run api`, `npx tsx server/api/main.ts`, or `node server/api/main.ts` on Node 22.18 and later.
import { listenFailure, runOrExplain } from '../startup.ts';
import { readApiConfig } from './config.ts';
import { startApi, type Api } from './index.ts';

let api!: Api;
await runOrExplain(
  async () => {
    const options = readApiConfig();
    api = await startApi(options).catch((err: unknown) => {
      throw listenFailure(err, options.port ?? 0, 'API_PORT') ?? err;
    });
  },
  { loadsProvider: false },
);
process.stdout.write(`API listening on ${api.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void api.close().then(() => process.exit(0));
  });
}
