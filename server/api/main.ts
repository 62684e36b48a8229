// Starts the reference API from the environment: `npx tsx server/api/main.ts`.
import { readApiConfig } from './config.ts';
import { startApi } from './index.ts';

const api = await startApi(readApiConfig());
process.stdout.write(`API listening on ${api.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void api.close().then(() => process.exit(0));
  });
}
