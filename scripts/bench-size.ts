/**
 * `npm run bench:size`: the gzip -9 size of the JavaScript each entrypoint loads, following its
 * static imports, in the production build (.output/chrome-mv3; run `npm run build` first).
 * Budgets: background 20 KB, popup 12 KB. Exits non-zero when one is over.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const OUT = resolve(import.meta.dirname, '..', process.argv[2] ?? '.output/chrome-mv3');
const BUDGETS = { background: 20 * 1024, popup: 12 * 1024 } as const;

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

function popupEntry(): string {
  const html = readFileSync(join(OUT, 'popup.html'), 'utf8');
  const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('popup.html loads no script');
  return join(OUT, src.replace(/^\//, ''));
}

let over = false;
for (const [name, entry] of [
  ['background', join(OUT, 'background.js')],
  ['popup', popupEntry()],
] as const) {
  const files = closure(entry);
  const total = files.reduce((sum, file) => sum + gzipSize(file), 0);
  const budget = BUDGETS[name];
  over ||= total > budget;
  console.log(
    `${name.padEnd(10)} ${(total / 1024).toFixed(2).padStart(6)} KB gzip -9 (budget ${budget / 1024} KB) ${total > budget ? 'OVER' : 'ok'}  [${files.map((f) => f.slice(OUT.length + 1)).join(', ')}]`,
  );
}
process.exit(over ? 1 : 0);
