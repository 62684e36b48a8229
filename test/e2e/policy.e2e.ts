// Issue 10: an administrator configures the extension by policy (storage.managed); the values win and are locked.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID } from '../../server/local';
import { E2E, e2eApiUrl, e2eAuthority, e2eSettings } from './support/e2e-env';
import { popupPage } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

// Debian's Chromium reads machine policy from here; writing it needs root, as CI runs.
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/b2c-signin-e2e.json`;
const canSetPolicy = process.platform === 'linux' && process.getuid?.() === 0;
if (!canSetPolicy) console.log(`policy.e2e.ts skipped: writing ${POLICY_FILE} needs root on Linux.`);

const SETTINGS = e2eSettings;

async function writePolicy(settings: Record<string, string>): Promise<void> {
  await mkdir(POLICY_DIR, { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: settings } } }));
}

describe.runIf(canSetPolicy)('configured by enterprise policy (issue 10)', () => {
  beforeAll(async () => {
    // Before the browser starts (useSystem below): Chromium reads policy at startup.
    await writePolicy(SETTINGS);
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
  });
  const system = useSystem({ mode: E2E.unconfiguredMode });

  it('an unconfigured build signs in and calls the API with the policy’s settings alone', async () => {
    const popup = await system.signIn(ALICE);
    expect(await popup.userName()).toBe(ALICE.name);
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });

  it('shows the managed values locked, saying an administrator set them', async () => {
    const page = await system.ext.browser.newPage();
    await page.goto(`${system.ext.origin}/options.html`);
    await page.waitForSelector('#authority');
    const field = (id: string) =>
      page.$eval(`#${id}`, (el) => ({
        value: (el as HTMLInputElement).value,
        readOnly: (el as HTMLInputElement).readOnly,
        hint: document.getElementById(`${el.id}-hint`)?.textContent,
      }));
    expect(await field('authority')).toEqual({
      value: e2eAuthority,
      readOnly: true,
      hint: 'Set by your administrator: it cannot be changed here.',
    });
    expect(await field('clientId')).toMatchObject({ value: E2E.clientId, readOnly: true });
    // Issue 18: a policy that names the provider or the client decides its user flows too; the
    // ones it leaves out are off, and locked.
    for (const flow of ['passwordResetAuthority', 'profileEditAuthority']) {
      expect(await field(flow)).toEqual({
        value: '',
        readOnly: true,
        hint: 'Set by your administrator: it cannot be changed here.',
      });
    }
    await page.close();
  });

  // Issue 18, item 1: an administrator's change applies to a session even when it lands while the worker sleeps.
  it('a policy changed while the worker was stopped ends the session before the old tokens go anywhere', async () => {
    const popup = await system.signIn(ALICE);
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
    await system.closeExtensionPages();
    system.idp.controls.reset();
    const apiRequests = system.apiLog.length;

    await (await system.ext.worker()).close();
    await writePolicy({ ...SETTINGS, apiUrl: e2eApiUrl.replace(/\/hello$/, '/other') });
    const page = await system.ext.browser.newPage();
    await page.goto('chrome://policy');
    // Chromium reads the policy files again when asked on chrome://policy.
    await page.click('pierce/#reload-policies');
    await page.close();

    const after = popupPage(await system.ext.openPopupTab());
    await after.waitForButton('Sign in');
    expect(await after.alert()).toMatchObject({ code: 'settings_changed' });
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
    expect(system.idp.controls.stats().tokenRequests.refresh_token).toBe(0);
    expect(system.apiLog.length).toBe(apiRequests);
    await writePolicy(SETTINGS);
  });
});
