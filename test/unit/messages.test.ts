import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkableUrl } from '../../packages/mv3-signin/src/check/discovery-read';
import { createHandlers } from '../../packages/mv3-signin/src/service/handlers';
import { SignInError, failure, userMessage } from '../../packages/mv3-signin/src/core/errors';
import {
  handleMessages,
  isOwnPage as isTrustedSender,
  parseMessage,
  type Handlers,
} from '../../packages/mv3-signin/src/messaging/handler';
import { VALUE_MESSAGES } from '../../packages/mv3-signin/src/messaging/protocol';
import { useExtensionApi, type ExtensionApi, type MessageSender } from '../../packages/mv3-signin/src/core/browser';
import { createSignInClient } from 'mv3-signin/client';

// The client's one request, as a page sends it.
const sendMessage = (type: 'getState') => createSignInClient()[type]();

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;

describe('isTrustedSender', () => {
  it('accepts the popup (no tab) and the popup opened as a tab', () => {
    expect(isTrustedSender({ id: ID, url: `${ORIGIN}/popup.html` }, ID, ORIGIN)).toBe(true);
    expect(isTrustedSender({ id: ID, url: `${ORIGIN}/popup.html`, tab: { url: `${ORIGIN}/popup.html` } }, ID, ORIGIN)).toBe(true);
  });

  it('rejects content scripts, other extensions and senders without a url', () => {
    expect(isTrustedSender({ id: ID, url: 'https://evil.example/', tab: { url: 'https://evil.example/' } }, ID, ORIGIN)).toBe(
      false,
    );
    expect(
      isTrustedSender(
        { id: 'otherextensionidotherextensionid', url: `chrome-extension://otherextensionidotherextensionid/x.html` },
        ID,
        ORIGIN,
      ),
    ).toBe(false);
    expect(isTrustedSender({ id: ID }, ID, ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: `${ORIGIN}/popup.html` }, ID, ORIGIN)).toBe(false);
  });

  it('rejects one of our pages framed in a web page tab', () => {
    expect(isTrustedSender({ id: ID, url: `${ORIGIN}/popup.html`, tab: { url: 'https://evil.example/' } }, ID, ORIGIN)).toBe(
      false,
    );
  });
});

describe('parseMessage', () => {
  // The background's own handlers: the accepted names and values are theirs (nothing is called here).
  const handlers = createHandlers({
    service: {} as never,
    sites: {} as never,
    configured: {} as never,
    redirectUri: `https://${ID}.chromiumapp.org/`,
    launchWebAuthFlow: () => Promise.reject(new Error('not called')),
    apply: () => Promise.reject(new Error('not called')),
    savable: true,
  });
  const parse = (message: unknown) => parseMessage(message, handlers);

  it('accepts every handler name, and a value exactly for a named API’s call, Check, Save, fetch and the sites', () => {
    const withValue = Object.keys(handlers).filter((name) => parse({ type: name, value: 'x' }));
    const without = Object.keys(handlers).filter((name) => parse({ type: name }));
    expect(withValue.sort()).toEqual(['allowSite', 'apiFetch', 'callNamedApi', 'checkSettings', 'disallowSite', 'saveSettings']);
    expect([...without, ...withValue].sort()).toEqual(Object.keys(handlers).sort());
  });

  it('accepts exactly { type: <known name> }', () => {
    expect(parse({ type: 'signIn' })).toEqual({ name: 'signIn' });
    expect(parse({ type: 'callApi' })).toEqual({ name: 'callApi' });
  });

  it('accepts { type, value } only for the names that take a value (Check, Save), value unchecked yet', () => {
    expect(parse({ type: 'checkSettings', value: { authority: 'https://contoso.b2clogin.com/t/p/v2.0' } })).toEqual({
      name: 'checkSettings',
      value: { authority: 'https://contoso.b2clogin.com/t/p/v2.0' },
    });
    expect(parse({ type: 'saveSettings', value: 42 })).toEqual({ name: 'saveSettings', value: 42 });
    expect(parse({ type: 'callNamedApi', value: 'Orders API' })).toEqual({ name: 'callNamedApi', value: 'Orders API' });
    expect(parse({ type: 'checkSettings' })).toBeUndefined();
    expect(parse({ type: 'callNamedApi' })).toBeUndefined();
    expect(parse({ type: 'signIn', value: {} })).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'signIn'],
    ['an array', ['signIn']],
    ['an unknown type', { type: 'getTokens' }],
    ['a prototype key', { type: 'constructor' }],
    ['extra keys', { type: 'signIn', url: 'https://evil.example' }],
    ['extra keys beside a value', { type: 'saveSettings', value: {}, url: 'https://evil.example' }],
    ['a non-string type', { type: 1 }],
    ['a huge payload', { type: 'x'.repeat(1_000_000) }],
  ])('rejects %s', (_name, message) => {
    expect(parse(message)).toBeUndefined();
  });
});

describe('handleMessages: who is answered what', () => {
  const names = Object.keys(
    createHandlers({ service: {} as never, sites: {} as never, configured: {} as never } as never),
  ) as (keyof Handlers)[];
  const VALUE: Record<string, unknown> = { apiFetch: { api: 'API', path: '/' } };

  /** Every handler answers its own name; the content scripts' apiFetch answers "script". */
  function listen() {
    fakeBrowser.reset();
    useExtensionApi(fakeBrowser as unknown as ExtensionApi);
    const handlers = Object.fromEntries(names.map((name) => [name, async () => name])) as unknown as Handlers;
    handleMessages(handlers, (sender) => sender.url === 'chrome-extension://test-extension-id/popup.html', {
      apiFetch: async () => ({ script: true }) as never,
    });
    useExtensionApi(undefined);
  }

  /** What a sender is answered for every message: the reply's value, or "none" when the listener leaves it. */
  async function answers(sender: MessageSender): Promise<Record<string, unknown>> {
    const seen: Record<string, unknown> = {};
    for (const name of names) {
      const message = Object.hasOwn(VALUE_MESSAGES, name) ? { type: name, value: VALUE[name] ?? 'x' } : { type: name };
      let reply: unknown = 'none';
      const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
      const [handled] = await trigger(message, sender, (response: unknown) => (reply = response));
      if (handled === true) await vi.waitFor(() => expect(reply).not.toBe('none'));
      seen[name] = reply === 'none' ? 'none' : (reply as { value: unknown }).value;
    }
    return seen;
  }

  it('answers a trusted page every message with its handler', async () => {
    listen();
    const seen = await answers({ id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' });
    expect(seen).toEqual(Object.fromEntries(names.map((name) => [name, name])));
  });

  it('answers this extension’s other senders (its content scripts) apiFetch only, with the content scripts’ handler', async () => {
    listen();
    const seen = await answers({ id: 'test-extension-id', url: 'https://shop.example/', frameId: 0, tab: { id: 1 } });
    expect(seen).toEqual(Object.fromEntries(names.map((name) => [name, name === 'apiFetch' ? { script: true } : 'none'])));
  });

  it('answers another extension nothing at all', async () => {
    listen();
    const seen = await answers({
      id: 'otherextensionidotherextensionid',
      url: 'https://shop.example/',
      frameId: 0,
      tab: { id: 1 },
    });
    expect(seen).toEqual(Object.fromEntries(names.map((name) => [name, 'none'])));
  });
});

describe('Save under settings that read no saved values', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('is refused with settings_fixed, and nothing is stored: the page is never told "Saved" for values nothing reads', async () => {
    const handlers = createHandlers({
      service: {} as never,
      sites: {} as never,
      configured: { state: () => Promise.reject(new Error('not read')) } as never,
      redirectUri: `https://${ID}.chromiumapp.org/`,
      launchWebAuthFlow: () => Promise.reject(new Error('not called')),
      apply: () => Promise.reject(new Error('not called')),
      savable: false,
    });
    const saving = handlers.saveSettings({ authority: 'https://contoso.b2clogin.com/t/p/v2.0', clientId: 'x' }, {});
    await expect(saving).rejects.toMatchObject({ code: 'settings_fixed', message: userMessage('settings_fixed') });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});

describe('checkableUrl: what the background fetches for "Check"', () => {
  it('takes https, and http only on loopback', () => {
    expect(checkableUrl('https://contoso.b2clogin.com/t/p/v2.0')?.host).toBe('contoso.b2clogin.com');
    expect(checkableUrl('http://localhost:5280/t/p/v2.0')?.port).toBe('5280');
  });

  it.each([
    ['http on another host', 'http://evil.example/'],
    ['a file URL', 'file:///etc/passwd'],
    ['credentials', 'https://user:pw@contoso.example/'],
    ['not a URL', 'contoso'],
    ['not a string', { href: 'https://contoso.example/' }],
  ])('refuses %s: no page can use the background as a proxy', (_name, value) => {
    expect(checkableUrl(value)).toBeUndefined();
  });
});

describe('Failure: the one { code, message }', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('is made of a code (the table’s words) or of an SignInError (its words, detail included)', () => {
    expect(failure('settings_changed')).toEqual({ code: 'settings_changed', message: userMessage('settings_changed') });
    const error = new SignInError('login_failed', '(Denied)');
    expect(failure(error)).toEqual({ code: 'login_failed', message: `${userMessage('login_failed')} (Denied)` });
  });

  it('"did not answer" is in the table under its own code, and sendMessage throws it when nothing answers', async () => {
    expect(userMessage('no_answer')).toBe('The extension did not answer. Please try again.');
    const error = await sendMessage('getState').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ code: 'no_answer', message: 'The extension did not answer. Please try again.' });
  });

  it('sendMessage throws the background’s failure as it came', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve({ ok: false, error: failure('bad_request') }));
    (globalThis as { browser?: unknown }).browser = fakeBrowser;
    await expect(sendMessage('getState')).rejects.toMatchObject(failure('bad_request'));
  });
});
