import { escapeHtml } from '../escape-html.ts';

/** No scripts, no framing, no third-party fetches: the pages are plain forms. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/** Returns a complete HTML document around `body` (already escaped). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:Segoe UI,Arial,sans-serif;background:#f2f2f2;margin:0}
main{max-width:360px;margin:48px auto;background:#fff;padding:32px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
label{display:block;margin-top:16px}input{width:100%;box-sizing:border-box;padding:8px;margin-top:4px}
/* Form controls default to a smaller font (13.33px) than the text around them: match the labels. */
input,button{font:inherit}
button{margin-top:24px;padding:10px 16px;width:100%;cursor:pointer}#next,#continue,#logout{background:#0078d4;color:#fff;border:0}
.error{color:#a4262c;margin:8px 0}
</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

/**
 * `html` (a page()) that names the client's ui_locales in `<html data-ui-locales>`. Its texts stay
 * English, and so does its `lang`: the local provider only shows what it was asked for.
 */
export function withUiLocales(html: string, uiLocales: string): string {
  return html.replace('<html lang="en">', `<html lang="en" data-ui-locales="${escapeHtml(uiLocales)}">`);
}

/** Returns B2C's page-level error box for `error`, or nothing without one. */
export function errorAlert(error: string | undefined): string {
  return error === undefined ? '' : `<div class="error pageLevel" role="alert"><p>${escapeHtml(error)}</p></div>`;
}

/** Returns the Cancel button, a form of its own that posts to `${base}/cancel`. */
export function cancelForm(base: string): string {
  return `<form id="cancelForm" method="post" action="${escapeHtml(`${base}/cancel`)}">
<button id="cancel" type="submit">Cancel</button>
</form>`;
}
