// Issue 19, items 1 and 2: a redirect URI the provider does not know, named in plain words at
// sign-in, and found by Check without the user, against the real local provider.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuth, type LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { MAX_RESPONSE_BYTES, REQUEST_TIMEOUT_MS } from '../../packages/mv3-signin/src/core/http';
import { gatherCheckFacts } from '../../packages/mv3-signin/src/check/facts';
import { describeCheck } from '../../lib/check-report';
import type { SettingsValues } from '../../packages/mv3-signin/src/settings/fields';
import { readDiscovery } from '../../packages/mv3-signin/src/check/discovery-read';
import { sendsNoCors } from '../../packages/mv3-signin/src/service/host-access';
import { checkRedirectRegistered } from '../../packages/mv3-signin/src/check/redirect-check';
import { noticeItem, tokensItem, transactionItem } from '../../packages/mv3-signin/src/auth/store';
import { API_SCOPE, CLIENT_ID, REDIRECT_URI } from '../../server/local';
import { createBrowserSession } from '../support/idp-driver';
import { configFor, harness, JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

const idp = useTestIdp();

/** Another extension's redirect URI (a build without the manifest key): the provider knows it not. */
const UNKNOWN_REDIRECT_URI = 'https://aaaabbbbccccddddeeeeffffgggghhhh.chromiumapp.org/';

/**
 * launchWebAuthFlow as Chrome runs it when the provider's page answers an HTTP error instead of
 * a page or a redirect: it rejects with its own words, and the status is not told.
 */
const chromeFlow: LaunchWebAuthFlow = async ({ url }) => {
  const page = await createBrowserSession().load(url);
  if (page.status >= 400) throw new Error('Authorization page could not be loaded.');
  throw new Error(`the test expected an error page, got ${page.status}`);
};

describe('sign-in with a redirect URI the provider does not know (issue 19, item 1)', () => {
  it('fails with redirect_uri_not_registered naming the URI and client id; nothing stored; the earlier session untouched', async () => {
    // An earlier session, through the registered redirect URI.
    await harness(idp).auth.signIn();
    const before = await tokensItem.getValue();
    expect(before?.accessToken).toMatch(JWT_PATTERN);

    const auth = createAuth({ config: configFor(idp), redirectUri: UNKNOWN_REDIRECT_URI, launchWebAuthFlow: chromeFlow });
    const failed = auth.signIn();
    await expect(failed).rejects.toMatchObject({ code: 'redirect_uri_not_registered' });
    const { message } = (await failed.catch((err: unknown) => err)) as Error;
    expect(message).toContain(UNKNOWN_REDIRECT_URI);
    expect(message).toContain(CLIENT_ID);
    // The local provider is B2C-shaped: Azure's words.
    expect(message).toContain('Single-page application');

    expect(await tokensItem.getValue()).toEqual(before);
    expect(await transactionItem.getValue()).toBeNull();
    expect(await noticeItem.getValue()).toMatchObject({ code: 'redirect_uri_not_registered' });
    // Only the earlier sign-in's code was redeemed.
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(1);
  });

  // Firefox shows the provider's error page in its window, and the user closes it.
  const closedWindow: LaunchWebAuthFlow = () => Promise.reject(new Error('User cancelled or denied access.'));

  it('a window closed on the provider’s refusal names the redirect URI too (Firefox)', async () => {
    fakeBrowser.reset();
    const auth = createAuth({ config: configFor(idp), redirectUri: UNKNOWN_REDIRECT_URI, launchWebAuthFlow: closedWindow });
    const failed = auth.signIn();
    await expect(failed).rejects.toMatchObject({ code: 'redirect_uri_not_registered' });
    expect(((await failed.catch((err: unknown) => err)) as Error).message).toContain(UNKNOWN_REDIRECT_URI);
  });

  it('a window closed with the redirect URI registered is still the user’s cancel', async () => {
    fakeBrowser.reset();
    const auth = createAuth({ config: configFor(idp), redirectUri: REDIRECT_URI, launchWebAuthFlow: closedWindow });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'login_cancelled' });
  });

  it('a page that did not load for another reason keeps its old meaning', async () => {
    fakeBrowser.reset();
    const down: LaunchWebAuthFlow = () => Promise.reject(new Error('Authorization page could not be loaded.'));
    const auth = createAuth({ config: configFor(idp), redirectUri: REDIRECT_URI, launchWebAuthFlow: down });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'login_required' });
  });
});

/** The configuration of support.ts configFor, as the options page's values. */
const values = (): SettingsValues => ({
  authority: idp.authority,
  issuer: idp.issuer,
  clientId: CLIENT_ID,
  scopes: API_SCOPE,
  apiUrl: 'http://localhost:1/hello',
});

/** "Check" as the options page runs it, for an extension whose redirect URI is `redirectUri`. */
async function check(redirectUri: string) {
  const current = values();
  const facts = await gatherCheckFacts(current, {
    readDiscovery: (authority) => readDiscovery(authority),
    sendsNoCors: (url) => sendsNoCors(url),
    checkRedirect: (endpoint, clientId) =>
      checkRedirectRegistered({ authorizationEndpoint: new URL(endpoint), clientId }, redirectUri),
    timeoutMs: REQUEST_TIMEOUT_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  });
  return describeCheck(current, facts, redirectUri);
}

describe('Check asks whether the redirect URI is registered (issue 19, item 2)', () => {
  it('registered: the provider sends the browser back (login_required); ok; nothing stored or redeemed', async () => {
    fakeBrowser.reset();
    const report = await check(REDIRECT_URI);
    expect(report.redirect.uri).toBe(REDIRECT_URI);
    expect(report.redirectRegistered).toEqual({
      message: 'The provider accepts this redirect URI: it sends the browser back to it.',
      severity: 'ok',
    });
    expect(await storageDump()).toBe('[{},{}]');
    expect(idp.controls.stats().authorizeRequests).toBe(1);
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(0);
  });

  it('not registered: the provider answers an error; a problem naming the client id; nothing stored', async () => {
    fakeBrowser.reset();
    const report = await check(UNKNOWN_REDIRECT_URI);
    expect(report.redirect.uri).toBe(UNKNOWN_REDIRECT_URI);
    expect(report.redirectRegistered).toEqual({
      message: `The provider refuses this redirect URI for client id ${CLIENT_ID}: sign-in cannot work until it is registered.`,
      severity: 'problem',
    });
    expect(await storageDump()).toBe('[{},{}]');
  });
});
