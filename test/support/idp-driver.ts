/**
 * A tiny HTTP "browser" for the local provider (server/idp): real fetch over loopback, a cookie jar, and just
 * enough HTML form handling to walk B2C's pages (sign-in, sign-up, password reset, profile edit). It stands in for
 * `identity.launchWebAuthFlow` in integration tests: it returns the URL that would be handed back to the extension,
 * without fetching it.
 */

/** A local account's sign-in credentials. */
export interface Credentials {
  email: string;
  password: string;
}

/** One browser profile: its own cookie jar. */
export interface BrowserSession {
  /**
   * Navigates to an authorize URL, fills #signInName/#password and submits when the login form appears, follows
   * redirects, and returns the URL that redirects to the redirect URI (not fetched). Without a user, it must not
   * need a form (prompt=none) — throws a clear Error if a form appears. Also throws when the provider rejects the
   * credentials or shows an error page.
   */
  signIn(authorizeUrl: string | URL, user?: Credentials): Promise<URL>;
  /** Follows a URL (e.g. an end-session URL) through redirects until it leaves the provider's origin; returns that URL. */
  navigate(url: string | URL): Promise<URL>;
  /** Like signIn, but clicks Cancel on the first page (sign-in, sign-up, password reset or profile edit). */
  cancel(authorizeUrl: string | URL): Promise<URL>;
  /** Like signIn, but follows the "Forgot your password?" link. */
  forgotPassword(authorizeUrl: string | URL): Promise<URL>;
  /** On the sign-in page follows "Sign up now" (#createAccount) and submits the sign-up form. */
  signUp(authorizeUrl: string | URL, user: { email: string; password: string; name: string }): Promise<URL>;
  /** Submits the password reset page (a B2C_1_passwordreset authorize URL). */
  resetPassword(authorizeUrl: string | URL, change: { email: string; newPassword: string }): Promise<URL>;
  /**
   * Submits the profile edit page (a B2C_1_profileedit authorize URL). When the sign-in form comes first (no
   * session), signs in with `credentials`, and throws a clear Error if none were given.
   */
  editProfile(authorizeUrl: string | URL, change: { name: string }, credentials?: Credentials): Promise<URL>;
  /** Like navigate, but presses "Log out" (#logout) when the end-session endpoint asks (endSession 'confirm'). */
  logOut(endSessionUrl: string | URL): Promise<URL>;
  /** One request with this session's cookies, redirects not followed: to look at a page or an answer itself. */
  load(url: string | URL, form?: Record<string, string>): Promise<{ status: number; headers: Headers; html: string }>;
}

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly host: string;
  readonly path: string;
}

interface Request {
  url: URL;
  method: 'GET' | 'POST';
  form?: URLSearchParams;
}

/** One page the provider showed, with the two ways to act on it. */
interface Page {
  readonly url: URL;
  /** Submits the form with this id. */
  post(formId: string, fields: Record<string, string>): Request;
  /** Follows the link with this id. */
  follow(linkId: string): Request;
  /** Submits the form with this id as a button in it would: its hidden inputs only. */
  submit(formId: string): Request;
}

/** The provider's pages, told apart by their element ids (the contract in docs/idp.md). */
const PAGE_KINDS = {
  'sign-in': (html: string) => hasId(html, 'localAccountForm') && hasId(html, 'signInName') && hasId(html, 'password'),
  'sign-up': (html: string) => hasId(html, 'attributeVerification') && hasId(html, 'newPassword') && hasId(html, 'displayName'),
  'password reset': (html: string) => hasId(html, 'attributeVerification') && hasId(html, 'newPassword'),
  'profile edit': (html: string) => hasId(html, 'attributeVerification') && hasId(html, 'displayName'),
  'log out': (html: string) => hasId(html, 'logoutForm') && hasId(html, 'logout'),
} as const;
type PageKind = keyof typeof PAGE_KINDS;

/** What one walk does on each page it expects; any other page fails the walk. */
type Answers = Partial<Record<PageKind, (page: Page) => Request>>;

/** oidc-provider's self-submitting form (the sign-out step when another user signs in), which a browser's script submits. */
const AUTO_SUBMIT = /document\.forms\[0\]\.submit\(\)/;
const MAX_STEPS = 20;

/** Returns a new session with an empty cookie jar. */
export function createBrowserSession(): BrowserSession {
  const jar = new Map<string, Cookie>();
  const walk = (start: string | URL, answers: Answers) => walkFlow(jar, new URL(start), answers);
  const signInWith = (user: Credentials) => (page: Page) =>
    page.post('localAccountForm', { signInName: user.email, password: user.password });
  const noForm = (page: Page): never => {
    throw new Error(`the sign-in form appeared at ${page.url.pathname} but no user was given (prompt=none expected no form)`);
  };
  const cancel = (page: Page) => page.post('cancelForm', {});
  return {
    signIn: (url, user) => walk(url, { 'sign-in': user ? signInWith(user) : noForm }),
    navigate: (url) => walk(url, { 'sign-in': noForm }),
    cancel: (url) => walk(url, { 'sign-in': cancel, 'sign-up': cancel, 'password reset': cancel, 'profile edit': cancel }),
    forgotPassword: (url) => walk(url, { 'sign-in': (page) => page.follow('forgotPassword') }),
    signUp: (url, { email, password, name }) =>
      walk(url, {
        'sign-in': (page) => page.follow('createAccount'),
        'sign-up': (page) =>
          page.post('attributeVerification', { email, newPassword: password, reenterPassword: password, displayName: name }),
      }),
    resetPassword: (url, { email, newPassword }) =>
      walk(url, {
        'password reset': (page) => page.post('attributeVerification', { email, newPassword, reenterPassword: newPassword }),
      }),
    editProfile: (url, { name }, credentials) =>
      walk(url, {
        'sign-in': credentials
          ? signInWith(credentials)
          : (page) => {
              throw new Error(
                `the profile edit flow asked to sign in first at ${page.url.pathname}, but no credentials were given`,
              );
            },
        'profile edit': (page) => page.post('attributeVerification', { displayName: name }),
      }),
    logOut: (url) => walk(url, { 'sign-in': noForm, 'log out': (page) => page.submit('logoutForm') }),
    load: async (url, form) => {
      const response = await send(jar, new URL(url), form ? 'POST' : 'GET', form && new URLSearchParams(form));
      return { status: response.status, headers: response.headers, html: await response.text() };
    },
  };
}

async function walkFlow(jar: Map<string, Cookie>, start: URL, answers: Answers): Promise<URL> {
  const origin = start.origin;
  let request: Request = { url: start, method: 'GET' };
  const answered = new Set<PageKind>();
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
    if (AUTO_SUBMIT.test(html)) {
      request = autoSubmit(html, request.url);
      continue;
    }
    const kind = (Object.keys(PAGE_KINDS) as PageKind[]).find((candidate) => PAGE_KINDS[candidate](html));
    if (!kind) throw new Error(`unexpected page at ${request.url.pathname} (${response.status}): ${pageText(html)}`);
    // A form page coming back after we answered it is the provider rejecting what we sent.
    if (answered.has(kind)) throw new Error(`${kind} was rejected: ${pageText(errorOf(html) ?? html)}`);
    answered.add(kind);
    const answer = answers[kind];
    if (!answer) throw new Error(`the ${kind} page appeared at ${request.url.pathname}, which this walk does not expect`);
    request = answer(pageAt(html, request.url));
  }
  throw new Error(`more than ${MAX_STEPS} redirects from ${start.pathname}`);
}

function pageAt(html: string, url: URL): Page {
  return {
    url,
    post: (formId, fields) => ({
      url: new URL(attribute(html, 'form', formId, 'action'), url),
      method: 'POST',
      form: new URLSearchParams(fields),
    }),
    follow: (linkId) => ({ url: new URL(attribute(html, 'a', linkId, 'href'), url), method: 'GET' }),
    submit: (formId) => {
      const form = new RegExp(`<form\\b[^>]*\\bid="${formId}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
      return { url: new URL(attribute(html, 'form', formId, 'action'), url), method: 'POST', form: hiddenInputs(form) };
    },
  };
}

function hiddenInputs(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const [, name = '', value = ''] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    form.append(decodeEntities(name), decodeEntities(value));
  }
  return form;
}

/** Submits the page's only form with its hidden inputs, as its script would. */
function autoSubmit(html: string, pageUrl: URL): Request {
  const action = /<form\b[^>]*\baction="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`the self-submitting page at ${pageUrl.pathname} has no form action`);
  return { url: new URL(decodeEntities(action), pageUrl), method: 'POST', form: hiddenInputs(html) };
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

function hasId(html: string, id: string): boolean {
  return html.includes(`id="${id}"`);
}

function attribute(html: string, tag: string, id: string, name: string): string {
  const element = new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  const value = element && new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1];
  if (value === undefined) throw new Error(`the page has no <${tag} id="${id}" ${name}>`);
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
