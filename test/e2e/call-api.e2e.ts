import { describe, expect, it } from 'vitest';
import { ALICE } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem();

describe('Call API from the popup (issue 3)', () => {
  it('calls the protected API with the bearer token and shows its JSON answer with the user name', async () => {
    const popup = await system.signIn(ALICE);
    system.apiLog.length = 0;

    await popup.click('Call API');
    const text = await popup.apiResult();
    const body = JSON.parse(text) as { name: string; subject: string; scopes: string[] };
    expect(body).toEqual({ name: ALICE.name, subject: ALICE.oid, scopes: ['demo.read'] });
    // Shown formatted, as text.
    expect(text).toContain('\n  "name"');
    expect(await popup.noAlert()).toBe(true);

    // Exactly one request reached the API, and it carried a valid token.
    expect(system.apiLog).toHaveLength(1);
    const line = JSON.parse(system.apiLog[0]!) as { status: number; path: string; sub?: string };
    expect(line).toMatchObject({ status: 200, path: '/hello', sub: ALICE.oid });
    expect(system.apiLog[0]).not.toMatch(/eyJ/);

    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });

  it('shows a clear error when the API cannot be reached', async () => {
    const popup = await system.signIn(ALICE);
    await system.api.close();
    try {
      await popup.click('Call API');
      const alert = await popup.alert();
      expect(alert.code).toBe('network');
      expect(alert.text).toMatch(/could not be reached/);
      expect(await popup.userName()).toBe(ALICE.name);
    } finally {
      await system.restartApi();
    }
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });

  it.each([
    ['403 when the token lacks the required scope', { requiredScope: 'demo.write' }, 'api_forbidden', /permission/],
    ['401 when the API expects another audience', { audience: 'another-api' }, 'api_unauthorized', /did not accept/],
  ] as const)('shows a clear error for %s', async (_name, overrides, code, text) => {
    await system.restartApi(overrides);
    try {
      const popup = await system.signIn(ALICE);
      await popup.click('Call API');
      const alert = await popup.alert();
      expect(alert.code).toBe(code);
      expect(alert.text).toMatch(text);
      expect(await popup.userName()).toBe(ALICE.name);
      await popup.click('Sign out');
      await popup.waitForButton('Sign in');
    } finally {
      await system.restartApi();
    }
  });
});
