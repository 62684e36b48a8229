/**
 * A tiny HTTP "browser" for the local provider (server/idp): real fetch over loopback, a cookie jar, and just
 * enough HTML form handling to walk B2C's sign-in page. It stands in for `identity.launchWebAuthFlow` in
 * integration tests: it returns the URL that would be handed back to the extension, without fetching it.
 */

/** One browser profile: its own cookie jar. */
export interface BrowserSession {
  /**
   * Navigates to an authorize URL, fills #signInName/#password and submits when the login form appears, follows
   * redirects, and returns the URL that redirects to the redirect URI (not fetched). Without a user, it must not
   * need a form (prompt=none) — throws a clear Error if a form appears. Also throws when the provider rejects the
   * credentials or shows an error page.
   */
  signIn(authorizeUrl: string | URL, user?: { email: string; password: string }): Promise<URL>;
  /** Follows a URL (e.g. an end-session URL) through redirects until it leaves the provider's origin; returns that URL. */
  navigate(url: string | URL): Promise<URL>;
  /** Like signIn, but clicks Cancel on the sign-in page. */
  cancel(authorizeUrl: string | URL): Promise<URL>;
  /** Like signIn, but follows the "Forgot your password?" link. */
  forgotPassword(authorizeUrl: string | URL): Promise<URL>;
}

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly host: string;
  readonly path: string;
}

type LoginAction =
  { kind: 'submit'; email: string; password: string } | { kind: 'cancel' } | { kind: 'forgot' } | { kind: 'none' };

const MAX_STEPS = 20;

/** Returns a new session with an empty cookie jar. */
export function createBrowserSession(): BrowserSession {
  const jar = new Map<string, Cookie>();
  const walk = (start: string | URL, action: LoginAction) => walkFlow(jar, new URL(start), action);
  return {
    signIn: (url, user) => walk(url, user ? { kind: 'submit', ...user } : { kind: 'none' }),
    navigate: (url) => walk(url, { kind: 'none' }),
    cancel: (url) => walk(url, { kind: 'cancel' }),
    forgotPassword: (url) => walk(url, { kind: 'forgot' }),
  };
}

async function walkFlow(jar: Map<string, Cookie>, start: URL, action: LoginAction): Promise<URL> {
  const origin = start.origin;
  let request: { url: URL; method: 'GET' | 'POST'; form?: URLSearchParams } = { url: start, method: 'GET' };
  let loginHandled = false;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await send(jar, request.url, request.method, request.form);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.origin !== origin) return next;
      request = { url: next, method: 'GET' };
      continue;
    }
    const html = await response.text();
    if (!isLoginPage(html)) throw new Error(`unexpected page at ${request.url.pathname} (${response.status}): ${pageText(html)}`);
    if (loginHandled) throw new Error(`sign-in was rejected: ${pageText(errorOf(html) ?? html)}`);
    loginHandled = true;
    request = nextFromLoginPage(html, request.url, action);
  }
  throw new Error(`more than ${MAX_STEPS} redirects from ${start.pathname}`);
}

function nextFromLoginPage(
  html: string,
  pageUrl: URL,
  action: LoginAction,
): { url: URL; method: 'GET' | 'POST'; form?: URLSearchParams } {
  switch (action.kind) {
    case 'submit': {
      const form = new URLSearchParams({ signInName: action.email, password: action.password });
      return { url: new URL(attribute(html, 'form', 'localAccountForm', 'action'), pageUrl), method: 'POST', form };
    }
    case 'cancel':
      return {
        url: new URL(attribute(html, 'form', 'cancelForm', 'action'), pageUrl),
        method: 'POST',
        form: new URLSearchParams(),
      };
    case 'forgot':
      return { url: new URL(attribute(html, 'a', 'forgotPassword', 'href'), pageUrl), method: 'GET' };
    default:
      throw new Error(`the sign-in form appeared at ${pageUrl.pathname} but no user was given (prompt=none expected no form)`);
  }
}

async function send(jar: Map<string, Cookie>, url: URL, method: 'GET' | 'POST', form?: URLSearchParams): Promise<Response> {
  const headers = new Headers();
  const cookie = cookieHeader(jar, url);
  if (cookie) headers.set('cookie', cookie);
  if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
  const response = await fetch(url, { method, headers, body: form?.toString(), redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) storeCookie(jar, url, line);
  return response;
}

function storeCookie(jar: Map<string, Cookie>, url: URL, line: string): void {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  const attr = new Map(
    attributes.map((a) => {
      const i = a.indexOf('=');
      return [(i < 0 ? a : a.slice(0, i)).trim().toLowerCase(), i < 0 ? '' : a.slice(i + 1).trim()] as const;
    }),
  );
  const path = attr.get('path') || '/';
  const key = `${url.hostname} ${path} ${name}`;
  const expires = attr.get('expires');
  const expired = attr.get('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now()) || value === '';
  if (expired) jar.delete(key);
  else jar.set(key, { name, value, host: url.hostname, path });
}

function cookieHeader(jar: Map<string, Cookie>, url: URL): string {
  return [...jar.values()]
    .filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

function isLoginPage(html: string): boolean {
  return /id="signInName"/.test(html) && /id="password"/.test(html);
}

function attribute(html: string, tag: string, id: string, name: string): string {
  const element = new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  const value = element && new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1];
  if (value === undefined) throw new Error(`the sign-in page has no <${tag} id="${id}" ${name}>`);
  return decodeEntities(value);
}

function errorOf(html: string): string | undefined {
  return /<div class="error[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1];
}

function pageText(html: string): string {
  return decodeEntities(html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
