import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Page } from 'puppeteer';

/** The colour schemes every page is checked in. */
export const SCHEMES = ['light', 'dark'] as const;

/** axe's violations on `page` in each colour scheme, as "scheme rule: targets" lines (none expected); light afterwards. */
export async function axeViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    for (const v of (await new AxePuppeteer(page).analyze()).violations) {
      found.push(`${scheme} ${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    }
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  return found;
}
