import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every relative link and image in the Markdown pages leads to a file that exists, and a `#anchor` into a
// Markdown page to one of its headings. http(s) and mailto links are not fetched: the test stays offline.

const ROOT = resolve(import.meta.dirname, '../..');
const PAGES = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The page's text without fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replaceAll(/^(```|~~~)[^]*?^\1/gm, '');
}

/** The page's text without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return withoutFences(markdown).replaceAll(/`[^`\n]*`/g, '');
}

/** Every `[text](target)` and `![alt](target)` target, and every HTML `src`/`href`, in `markdown`. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const markdownLinks = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    ([, target]) => target ?? '',
  );
  const htmlLinks = [...text.matchAll(/\s(?:src|href)="([^"]+)"/g)].map(([, target]) => target ?? '');
  return [...markdownLinks, ...htmlLinks];
}

/** GitHub's anchors for the headings of `markdown`: lower case, punctuation dropped, spaces to hyphens, `-1` for repeats. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading = ''] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .toLowerCase()
      .replaceAll(/[^\p{L}\p{N}\s_-]/gu, '')
      .replaceAll(' ', '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n += 1) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** The links of `page` (relative to the repository) that lead nowhere, each as `target: why`. */
function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const target of linkTargets(readFileSync(join(ROOT, page), 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, chrome://: not fetched
    const [path = '', anchor] = target.split('#', 2);
    const file = path === '' ? join(ROOT, page) : resolve(ROOT, dirname(page), decodeURIComponent(path));
    if (!file.startsWith(ROOT) || !existsSync(file)) {
      broken.push(`${target}: no file ${relative(ROOT, file)}`);
    } else if (anchor !== undefined && file.endsWith('.md') && statSync(file).isFile()) {
      if (!headingAnchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
    }
  }
  return broken;
}

describe('links in the docs', () => {
  it('finds the pages', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'SECURITY.md', 'docs/idp.md']));
  });

  it.each(PAGES)('%s: every relative link and image resolves', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });
});

describe('the link reader itself', () => {
  it('reads links and images, not code, and knows GitHub anchors', () => {
    const markdown =
      '# Quick start\n\n## Tests, benchmarks and CI\n\n## Configuration (read by `main.ts`)\n\nSee [a](docs/a.md#x) and ![b](docs/b.png "t").\n\n```\n[no](c.md)\n```\n`[no](d.md)`';
    expect(linkTargets(markdown)).toEqual(['docs/a.md#x', 'docs/b.png']);
    expect([...headingAnchors(markdown)]).toEqual(['quick-start', 'tests-benchmarks-and-ci', 'configuration-read-by-maints']);
  });
});
