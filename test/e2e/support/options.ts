import type { Page } from 'puppeteer';
import type { LaunchedExtension } from '../../../tooling/launch';
import { popupPage } from './popup';

/** The options page as a person uses it: fields by their ids (the labels' `for`), buttons by their text. */
export async function openOptions(ext: LaunchedExtension): Promise<Page> {
  const page = await ext.browser.newPage();
  await page.goto(`${ext.origin}/options.html`);
  await page.waitForSelector('#authority');
  return page;
}

/** Replaces what the field `id` holds with `value`, by keyboard. */
export async function fill(page: Page, id: string, value: string): Promise<void> {
  await page.$eval(`#${id}`, (el) => {
    (el as HTMLInputElement).select();
  });
  await page.keyboard.press('Backspace');
  if (value) await page.type(`#${id}`, value);
}

/** Fills each field of `values` (by id), clicks "Save" and waits until the page says it saved. */
export async function saveOptions(page: Page, values: Readonly<Record<string, string>>): Promise<void> {
  for (const [id, value] of Object.entries(values)) await fill(page, id, value);
  await popupPage(page).click('Save');
  await page.waitForSelector('[data-testid="saved"]');
}
