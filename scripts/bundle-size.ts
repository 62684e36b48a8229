/**
 * The gzip -9 size of the JavaScript each entrypoint loads, following its static imports, in a
 * built extension: what `npm run bench:size` and `npm run bench` print.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Budgets: background 20 KB, popup 12 KB (gzip -9). */
export const BUDGETS = { background: 20 * 1024, popup: 12 * 1024 } as const;

export interface BundleSize {
  readonly name: keyof typeof BUDGETS;
  /** gzip -9 bytes of all `files` together (each compressed alone). */
  readonly gzip: number;
  readonly budget: number;
  /** The entry and every file it statically imports, relative to the build. */
  readonly files: readonly string[];
}

function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = [...code.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => m[1]!);
  return found.map((spec) => resolve(dirname(file), spec));
}

function closure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return [...seen];
}

function gzipSize(file: string): number {
  return execFileSync('gzip', ['-9c', file], { maxBuffer: 64 * 1024 * 1024 }).length;
}

/** The script popup.html loads, as a path in `out`. */
export function popupEntry(out: string): string {
  const html = readFileSync(join(out, 'popup.html'), 'utf8');
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('popup.html loads no script');
  return join(out, src.replace(/^\//, ''));
}

/** The background's and the popup's JavaScript in the build in `out`. */
export function bundleSizes(out: string): BundleSize[] {
  return (
    [
      ['background', join(out, 'background.js')],
      ['popup', popupEntry(out)],
    ] as const
  ).map(([name, entry]) => {
    const files = closure(entry);
    return {
      name,
      gzip: files.reduce((sum, file) => sum + gzipSize(file), 0),
      budget: BUDGETS[name],
      files: files.map((file) => file.slice(out.length + 1)),
    };
  });
}

/** One line per bundle: its size, its budget and `ok` or `OVER`. */
export function formatBundleSize({ name, gzip, budget, files }: BundleSize, withFiles = true): string {
  const kb = (bytes: number) => (bytes / 1024).toFixed(2);
  return `${name.padEnd(10)} ${kb(gzip).padStart(6)} KB gzip -9 (budget ${budget / 1024} KB) ${gzip > budget ? 'OVER' : 'ok'}${withFiles ? `  [${files.join(', ')}]` : ''}`;
}
