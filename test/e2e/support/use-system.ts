import { afterAll, beforeAll } from 'vitest';
import { startSystem, type System, type SystemOptions } from './system';

/**
 * The system of an e2e file: started before its tests, stopped after. The returned object stands
 * for the running system (it forwards to it), so tests read `system.idp`, `system.ext` and so on.
 */
export function useSystem(options: SystemOptions = {}): System {
  let started: System | undefined;
  beforeAll(async () => {
    started = await startSystem(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as System, {
    get(_target, key) {
      if (!started) throw new Error('The e2e system is not running yet (use it inside a test or hook).');
      return Reflect.get(started, key) as unknown;
    },
  });
}
