// Issue 19, items 1 and 2: a build whose redirect URI the provider does not know (loaded without
// the manifest's fixed key, so with another extension id) names that URI at sign-in and in Check.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIRECT_URI } from '../../server/local';
import { extensionDir } from '../../tooling/build-extension';
import { launchWithExtension, type LaunchedExtension } from '../../tooling/launch';
import { E2E } from './support/e2e-env';
import { openOptions } from './support/options';
import { popupPage } from './support/popup';
import { JWT_PATTERN, startServers, storageDump, type Servers } from './support/system';

let servers: Servers;
let ext: LaunchedExtension;
let dir: string;

beforeAll(async () => {
  servers = await startServers();
  // The e2e build without its manifest key: Chromium gives it another id, so another redirect URI.
  dir = await mkdtemp(join(tmpdir(), 'b2c-e2e-nokey-'));
  await cp(extensionDir(E2E.mode), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  delete manifest['key'];
  await writeFile(manifestPath, JSON.stringify(manifest));
  ext = await launchWithExtension(dir);
});

afterAll(async () => {
  await ext?.close();
  await servers?.api.close();
  await servers?.idp.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a redirect URI the provider does not know (issue 19)', () => {
  it('sign-in shows an alert naming the exact redirect URI and the client id; nothing stored; "Sign in" again', async () => {
    const redirectUri = `https://${ext.extensionId}.chromiumapp.org/`;
    expect(redirectUri).not.toBe(REDIRECT_URI);
    const popup = popupPage(await ext.openPopupTab());
    await popup.click('Sign in');
    const alert = await popup.alert();
    expect(alert.code).toBe('redirect_uri_not_registered');
    expect(alert.text).toContain(redirectUri);
    expect(alert.text).toContain(E2E.clientId);
    // Text only: nothing from the provider became markup.
    expect(alert.html).not.toMatch(/<\s*[a-z]/i);
    await popup.waitForButton('Sign in');
    const stored = await storageDump(ext);
    expect(stored).not.toMatch(JWT_PATTERN);
    expect(stored).not.toContain('codeVerifier');
    expect(servers.idp.controls.stats().tokenRequests.authorization_code).toBe(0);
  });

  it('Check flags the redirect URI as a problem, naming it', async () => {
    const page = await openOptions(ext);
    await popupPage(page).click('Check');
    const line = await page.waitForSelector('[data-testid="check-redirect-registered"]');
    const shown = await line!.evaluate((el) => ({ text: el.textContent ?? '', severity: el.getAttribute('data-severity') }));
    expect(shown.severity).toBe('problem');
    expect(shown.text).toContain(`https://${ext.extensionId}.chromiumapp.org/`);
    expect(shown.text).toContain(E2E.clientId);
    expect(await storageDump(ext)).not.toContain('codeVerifier');
    await page.close();
  });
});
