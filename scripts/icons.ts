/**
 * `npm run icons`: renders docs/icon.svg to public/icon/{16,32,48,128}.png with headless Chromium,
 * each size drawn from the vector (not scaled from one bitmap), with a transparent background.
 * The PNGs are committed; run this after changing the SVG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchChromium } from '../tooling/launch';

export const ICON_SIZES = [16, 32, 48, 128] as const;

const ROOT = resolve(import.meta.dirname, '..');
const svg = await readFile(resolve(ROOT, 'docs/icon.svg'), 'utf8');
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  for (const size of ICON_SIZES) {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const file = resolve(ROOT, `public/icon/${size}.png`);
    await writeFile(file, png);
    console.log(`${file} (${png.length} bytes)`);
  }
} finally {
  await browser.close();
}
