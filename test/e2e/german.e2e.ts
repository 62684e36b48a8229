// Issue 11, languages: Chromium in German shows the extension in German and asks the provider for German.
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { englishMessage, getMessage, readMessages } from '../../build/locales';
import { FIELD_NAMES } from '../../lib/config-fields';
import type { MessageKey } from '../../lib/i18n';
import { e2eAuthority } from './support/e2e-env';
import { submitLogin, waitForAuthWindow } from './support/popup';
import { ALICE } from './support/system';
import { useSystem } from './support/use-system';

// Chromium picks the extension's _locales by --lang (on Linux LANGUAGE alone does not do it).
const system = useSystem({ browserArgs: ['--lang=de'] });

const GERMAN = readMessages('de');
/** A message as the German extension shows it. */
const de = (key: MessageKey, ...substitutions: string[]) => getMessage(GERMAN, key, substitutions);

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent?.trim() ?? '');
const button = (label: string) => `::-p-xpath(//button[normalize-space(.)="${label}"])`;

describe('in German (issue 11)', () => {
  it('the manifest: the name, the description and the toolbar title', async () => {
    const worker = await system.ext.worker();
    const manifest = await worker.evaluate(() => {
      const { name, description, action } = chrome.runtime.getManifest();
      return { name, description, title: action?.default_title };
    });
    expect(manifest).toEqual({
      name: de('extension_name'),
      description: de('extension_description'),
      title: de('extension_name'),
    });
    expect(manifest.name).not.toBe(englishMessage('extension_name'));
  });

  it('the options page: its language, title, labels, hints and buttons, what "Check" found, and a refused value', async () => {
    const page = await system.ext.browser.newPage();
    await page.goto(`${system.ext.origin}/options.html`);
    await page.waitForSelector('#authority');
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['de', de('options_title')]);
    expect(await text(page, 'h1')).toBe(de('options_title'));
    for (const field of FIELD_NAMES) {
      expect(await text(page, `label[for="${field}"]`)).toBe(de(`field_${field}`));
      expect(await text(page, `#${field}-hint`)).toBe(de(`options_hint_${field}`));
    }
    expect(await page.$(button(de('options_save')))).not.toBeNull();
    await page.bringToFront();
    await (await page.waitForSelector(button(de('options_check')), { visible: true }))!.click();
    await page.waitForSelector('[data-testid="check-discovery"]');
    expect(await text(page, '[data-testid="check-discovery"]')).toBe(
      de('check_found', `${e2eAuthority}/.well-known/openid-configuration`),
    );
    expect(await text(page, '[data-testid="check-redirect"]')).toContain(de('check_redirect'));

    // A value the validator refuses, in German and naming the field by its German label; nothing is saved.
    await page.$eval('#authority', (el) => (el as HTMLInputElement).select());
    await page.type('#authority', 'http://contoso.example/contoso.onmicrosoft.com/B2C_1_susi/v2.0');
    await (await page.waitForSelector(button(de('options_save')), { visible: true }))!.click();
    await page.waitForSelector('[data-testid="problem"]');
    expect(await text(page, '[data-testid="problem"]')).toBe(de('config_http_not_loopback', de('field_authority')));
    expect(await system.storageDump()).not.toContain('contoso.example');
    await page.close();
  });

  it('asks the provider’s pages for German (ui_locales=de), and signs in', async () => {
    const popup = await system.ext.openPopupTab();
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    // By its place, not its words: the popup's texts are about to be German too.
    await popup.click('[data-status="signed-out"] button.primary');
    const login = await authWindow;
    await login.waitForSelector('#signInName', { visible: true });
    expect(await login.evaluate(() => document.documentElement.dataset['uiLocales'])).toBe('de');
    await submitLogin(login, ALICE.email, ALICE.password);
    await popup.waitForSelector('[data-testid="user-name"]', { timeout: 20_000 });
    expect(await text(popup, '[data-testid="user-name"]')).toBe(ALICE.name);
    // The German popup's assertions (signed in, then after "Sign out") go here, with de('popup_…').
    await popup.close();
  });
});
