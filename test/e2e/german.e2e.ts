// Issue 11, languages: Chromium in German shows the extension in German and asks the provider for German.
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { englishMessage, getMessage, readMessages } from '../../build/locales';
import { FIELD_NAMES, SETTINGS_FIELDS } from '../../packages/mv3-signin/src/settings/fields';
import type { MessageKey } from '../../lib/i18n';
import { e2eApiUrl, e2eAuthority } from './support/e2e-env';
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
      // The list of APIs (issue 21) is a group of inputs: its legend is its label.
      const label = SETTINGS_FIELDS[field].kind === 'list' ? `[data-testid="${field}"] > legend` : `label[for="${field}"]`;
      expect(await text(page, label)).toBe(de(`field_${field}`));
      expect(await text(page, `#${field}-hint`)).toBe(de(`options_hint_${field}`));
    }
    expect(await page.$(button(de('options_save')))).not.toBeNull();
    // The sites' checkboxes (issue 21): "Auf <origin> anzeigen", described by the API's name.
    await page.waitForSelector('[data-testid="sites"]');
    expect(await text(page, '#sites-title')).toBe(de('options_sites_title'));
    expect(await text(page, 'label[for="site-1"]')).toBe(de('options_site_show', new URL(e2eApiUrl).origin));
    expect(await text(page, '#site-1-api')).toBe(de('options_site_api', 'API'));
    await page.bringToFront();
    await (await page.waitForSelector(button(de('options_check')), { visible: true }))!.click();
    await page.waitForSelector('[data-testid="check-discovery"]');
    expect(await text(page, '[data-testid="check-discovery"] .line-text')).toBe(
      de('check_found', `${e2eAuthority}/.well-known/openid-configuration`),
    );
    expect(await text(page, '[data-testid="check-discovery"] .verdict')).toBe(de('check_verdict_ok'));
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
    // The popup in German: its language and title, the signed-in view, the expiry in German words.
    expect(await popup.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['de', de('popup_title')]);
    expect(await text(popup, 'h1')).toBe(de('popup_title'));
    expect(await text(popup, '#signed-in-as')).toBe(de('popup_signed_in_as'));
    // The one API of WXT_API_URL is named "API": "API aufrufen".
    for (const label of [
      de('popup_call_api', 'API'),
      ...(['popup_sign_out', 'popup_edit_profile', 'popup_use_another_account'] as const).map((key) => de(key)),
    ]) {
      expect(await popup.$(button(label))).not.toBeNull();
    }
    const expiry = await popup.$eval('[data-testid="expires-at"]', (el) => [
      el.parentElement?.textContent ?? '',
      el.textContent ?? '',
    ]);
    expect(expiry[0]).toBe(de('popup_expires', expiry[1]!));
    expect(expiry[1]).toMatch(/^in \d+ (Minuten|Stunde)$/);
    // "Call API" and "Sign out" by their German labels.
    await (await popup.waitForSelector(button(de('popup_call_api', 'API')), { visible: true }))!.click();
    await popup.waitForSelector('[data-testid="api-result"]', { timeout: 20_000 });
    expect(await text(popup, 'h2')).toBe(de('popup_api_response', 'API', '200'));
    await (await popup.waitForSelector(button(de('popup_sign_out')), { visible: true }))!.click();
    await popup.waitForSelector('[data-status="signed-out"]', { timeout: 20_000 });
    expect(await text(popup, '[data-status="signed-out"] section p')).toBe(de('popup_signed_out'));
    expect(await text(popup, '[data-status="signed-out"] button.primary')).toBe(de('popup_sign_in'));
    expect(await text(popup, 'footer a')).toBe(de('popup_settings'));
    await popup.close();
  });
});
