import { createHash } from 'node:crypto';
import { escapeHtml } from '../escape-html.ts';

/** Where the demo page is: the API's own "web app" at the root of its origin (issue 21). */
export const DEMO_PAGE_PATH = '/';

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f5;color:#1b1b1b}
main{max-width:40rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.2)}
output{display:block;white-space:pre-wrap;overflow-wrap:anywhere;padding:.75rem;border:1px solid #8a8a8a;font-family:ui-monospace,monospace}`;

/**
 * No script may run and nothing may load but the one inline style (by its hash): the page is HTML and nothing else.
 * The extension's content script is not the page's (a browser runs it whatever the page's CSP says).
 */
export const DEMO_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The demo page's headers beside its CSP: no sniffing, no referrer, no framing. */
export const DEMO_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': DEMO_PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
});

/**
 * The demo page of the API named `apiName` in the extension: an `<output data-signin-api data-signin-path>` that asks the
 * extension's content script (once the user turned on "Show on <origin>") for `dataPath` of that API. Built once, from
 * the API's options alone: nothing of a request is ever in it.
 */
export function demoPageHtml(apiName: string, dataPath: string): string {
  const name = escapeHtml(apiName);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}: demo page</title>
<style>${STYLE}</style>
</head>
<body><main>
<h1>${name}</h1>
<p>This is the API's own web page. It holds no script and no token.</p>
<p>Sign in with the extension, then turn on “Show on …” for this page's address in the extension's options: the extension then shows your data from ${name} below, fetched by its background with your token, which never reaches this page.</p>
<h2>Your data</h2>
<output data-signin-api="${name}" data-signin-path="${escapeHtml(dataPath)}">The extension shows your data here once this site is allowed.</output>
</main></body>
</html>
`;
}
