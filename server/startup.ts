/**
 * Starting the local system from a terminal: the ports from the environment (IDP_PORT, API_PORT, SECOND_API_PORT),
 * the one line a person reads when one is taken, and a word on oidc-provider's Node warning.
 * `npm start`, `npm run dev`, `npm run idp` and `npm run api` share these.
 */
import { API_PORT, IDP_PORT, SECOND_API_PORT } from './local.ts';

export type PortVariable = 'IDP_PORT' | 'API_PORT' | 'SECOND_API_PORT';

const DEFAULTS: Record<PortVariable, number> = { IDP_PORT, API_PORT, SECOND_API_PORT };

/** A problem starting the local system, in one line for the terminal: no stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * The port in `variable`, else its default (5280, 5281, 5282). SECOND_API_PORT's default is the port above API_PORT
 * when that is set, so that moving the ports (as two checkouts side by side do) moves the second API's too.
 *
 * @throws StartupError when it is not a port number.
 */
export function portFromEnv(variable: PortVariable, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[variable]?.trim();
  if (!text && variable === 'SECOND_API_PORT' && env.API_PORT?.trim()) {
    const above = portFromEnv('API_PORT', env) + 1;
    if (above > 65535) throw new StartupError('API_PORT is 65535: set SECOND_API_PORT to a port for the second API.');
    return above;
  }
  if (!text) return DEFAULTS[variable];
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new StartupError(`${variable} must be a port number from 1 to 65535, not "${text}".`);
  }
  return port;
}

/** `err` as the one line to print when it is a listen failure on `port`, else undefined. */
export function listenFailure(err: unknown, port: number, variable: PortVariable): StartupError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${port} is already in use (another npm start, or another program). Stop it, or choose another port: ${variable}=${port + 100}.`,
    );
  }
  if (code === 'EACCES')
    return new StartupError(`Port ${port} may not be used by this user. Choose another port with ${variable}.`);
  return undefined;
}

/**
 * Runs a command's start-up: a StartupError prints its one line and exits with 1. A command that loads
 * the local provider (the default) first explains oidc-provider's Node warning; the API alone does not load it.
 */
export async function runOrExplain(main: () => Promise<void>, { loadsProvider = true } = {}): Promise<void> {
  const note = loadsProvider ? explainNodeWarning() : undefined;
  if (note) console.log(note);
  try {
    await main();
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** The Node major oidc-provider supports from (it prints "Unsupported runtime" below it). */
const OIDC_PROVIDER_NODE = 22;

/** What oidc-provider's "Unsupported runtime" warning means here, or nothing on Node 22 and later. */
export function explainNodeWarning(version = process.versions.node): string | undefined {
  if (Number(version.split('.')[0]) >= OIDC_PROVIDER_NODE) return undefined;
  return `(That warning is oidc-provider's: it supports Node ${OIDC_PROVIDER_NODE} LTS and later. The local provider works on Node ${version}, and the tests run on Node 20 and 24; Node 24 LTS is recommended.)`;
}
