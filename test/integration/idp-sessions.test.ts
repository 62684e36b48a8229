// Sessions at the local provider (server/idp): prompt=none, and ending them at the end-session endpoint.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { PAGE_CSP } from '../../server/idp/html.ts';
import { REDIRECT_URI } from '../../server/local.ts';
import { createBrowserSession, type BrowserSession } from '../support/idp-driver.ts';
import { BOB as bob, as, client, exchange, refresh, signIn, startFlow, tokens, useIdpClient } from '../support/idp-client';

const idp = useIdpClient();

describe('sessions', () => {
  it('prompt=none without a session answers interaction_required (AADB2C90077)', async () => {
    const flow = await startFlow({ prompt: 'none' });
    const redirect = await createBrowserSession().signIn(flow.url);
    expect(redirect.searchParams.get('error')).toBe('interaction_required');
    expect(redirect.searchParams.get('error_description')).toMatch(/^AADB2C90077: /);
  });

  it('prompt=none with a session returns a code (and a refresh token) without a form', async () => {
    const { browser } = await signIn(bob);
    const flow = await startFlow({ prompt: 'none' });
    const params = oauth.validateAuthResponse(as, client, await browser.signIn(flow.url), flow.state);
    const result = await oauth.processAuthorizationCodeResponse(as, client, await exchange(flow, params), {
      expectedNonce: flow.nonce,
    });
    expect(oauth.getValidatedIdTokenClaims(result)!.sub).toBe(bob.oid);
    expect(result.refresh_token).toEqual(expect.any(String));
  });

  it('end-session redirects straight back with state and destroys the session', async () => {
    const { browser, result } = await tokens();
    const logout = new URL(as.end_session_endpoint!);
    logout.search = new URLSearchParams({
      id_token_hint: result.id_token!,
      post_logout_redirect_uri: REDIRECT_URI,
      state: 'bye',
    }).toString();
    const back = await browser.navigate(logout);
    expect(back.href).toBe(`${REDIRECT_URI}?state=bye`);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 1, endSessionConfirmations: 0 });
    const silent = await browser.signIn((await startFlow({ prompt: 'none' })).url);
    expect(silent.searchParams.get('error')).toBe('interaction_required');
    await expect(browser.signIn((await startFlow()).url)).rejects.toThrow(/form appeared/);
    // As in B2C, signing out does not revoke refresh tokens.
    expect((await refresh(result.refresh_token!)).status).toBe(200);
  });

  it('end-session without id_token_hint still returns to a registered URI', async () => {
    const { browser } = await signIn();
    const logout = new URL(as.end_session_endpoint!);
    logout.search = new URLSearchParams({ post_logout_redirect_uri: REDIRECT_URI }).toString();
    expect((await browser.navigate(logout)).href).toBe(REDIRECT_URI);
  });
});

// Issue 18: end-session may ask first.
describe("endSession 'confirm' (issue 18)", () => {
  function endSessionUrl(params: Record<string, string>): URL {
    const url = new URL(as.end_session_endpoint!);
    url.search = new URLSearchParams(params).toString();
    return url;
  }
  async function sessionAlive(browser: BrowserSession): Promise<boolean> {
    const silent = await browser.signIn((await startFlow({ prompt: 'none' })).url);
    return silent.searchParams.has('code');
  }

  it('shows a "Log out" page and keeps the session; posting its form ends it and returns with state', async () => {
    idp.controls.set({ endSession: 'confirm' });
    const { browser } = await signIn();
    const logout = endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI, state: 'bye<"&>' });
    const { status, headers, html } = await browser.load(logout);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toMatch(/<form id="logoutForm" method="post" action="[^"]+\/oauth2\/v2\.0\/logout\/confirm">/);
    expect(html).toMatch(/<input type="hidden" name="xsrf" value="[0-9a-f]{48}">/);
    expect(html).toContain('<button id="logout" type="submit" autofocus>Log out</button>');
    expect(html).not.toContain('bye<');
    expect(html).not.toMatch(/<script/i);
    expect(await sessionAlive(browser)).toBe(true);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 1, endSessionConfirmations: 0 });

    const back = await browser.logOut(logout);
    expect(back.href).toBe(`${REDIRECT_URI}?state=${encodeURIComponent('bye<"&>')}`);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 2, endSessionConfirmations: 1 });
    expect(await sessionAlive(browser)).toBe(false);
  });

  it('ends nothing on a POST without the xsrf value bound to the page', async () => {
    idp.controls.set({ endSession: 'confirm' });
    const { browser } = await signIn();
    const page = await browser.load(endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI }));
    const action = /<form id="logoutForm" method="post" action="([^"]+)">/.exec(page.html)![1]!.replaceAll('&amp;', '&');
    for (const xsrf of ['', '0'.repeat(48)]) {
      const forged = await browser.load(new URL(action, as.end_session_endpoint), { xsrf, logout: 'yes' });
      expect(forged.status).toBe(400);
    }
    // Nor does another browser's POST with the right value: the value is bound to this browser's session.
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1]!;
    expect((await createBrowserSession().load(new URL(action, as.end_session_endpoint), { xsrf, logout: 'yes' })).status).toBe(
      400,
    );
    expect(await sessionAlive(browser)).toBe(true);
    expect(idp.controls.stats().endSessionConfirmations).toBe(0);
  });

  it('redirects at once when there is no signed-in user to ask', async () => {
    idp.controls.set({ endSession: 'confirm' });
    const back = await createBrowserSession().navigate(endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI, state: 's' }));
    expect(back.href).toBe(`${REDIRECT_URI}?state=s`);
  });

  it("'redirect' (the default) shows no page: the driver's navigate would fail on one", async () => {
    const { browser } = await signIn();
    const back = await browser.navigate(endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI, state: 'r' }));
    expect(back.href).toBe(`${REDIRECT_URI}?state=r`);
    expect(await sessionAlive(browser)).toBe(false);
  });
});
