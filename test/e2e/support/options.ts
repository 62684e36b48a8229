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

/** The label text of what has the keyboard focus (its `<label for>`), and whether a focus ring shows on it. */
export function focusedLabel(page: Page): Promise<{ label: string; ringShown: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    const style = el ? getComputedStyle(el) : undefined;
    return {
      label: el?.labels?.[0]?.textContent?.trim() ?? '',
      ringShown: Boolean(
        el?.matches(':focus-visible') && style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      ),
    };
  });
}

/** Presses Tab (the keyboard only) until the control labelled `label` has the focus, at most `max` times. */
export async function tabToLabel(page: Page, label: string, max = 40): Promise<void> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedLabel(page)).label === label) return;
  }
  throw new Error(`Tab did not reach "${label}" in ${max} presses`);
}

/** Whether the checkbox labelled `label` is checked. */
export function isChecked(page: Page, label: string): Promise<boolean> {
  return page.$$eval(
    'input[type="checkbox"]',
    (boxes, text) => {
      const box = boxes.find((el) => el.labels?.[0]?.textContent?.trim() === text);
      if (!box) throw new Error(`No checkbox labelled "${text}"`);
      return box.checked;
    },
    label,
  );
}
