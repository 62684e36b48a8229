// The local provider's (server/idp) user flows: sign-up, password reset and profile edit, which share one issuer,
// one session and one user store with sign-in.
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { PAGE_CSP } from '../../server/idp/html.ts';
import { CANCELLED } from '../../server/idp/interactions.ts';
import {
  DEMO_USERS,
  PASSWORD_RESET_POLICY,
  POLICY,
  PROFILE_EDIT_POLICY,
  REDIRECT_URI,
  authorityFor,
} from '../../server/local.ts';
import { createBrowserSession } from '../support/idp-driver.ts';
import {
  ALICE as alice,
  BOB as bob,
  as,
  client,
  complete,
  formAction,
  jwks,
  rawBrowser,
  refresh,
  secrets,
  servers,
  signIn,
  startFlow,
  tokens,
  useIdpClient,
  type Flow,
} from '../support/idp-client';

const idp = useIdpClient();

describe('user flows (one tenant: one issuer, one session, one user store)', () => {
  const carol = { email: 'carol@example.com', password: 'carol-demo-pass', name: 'Carol Danvers' };
  const reset = () => startFlow({}, servers.resetPassword);
  const edit = () => startFlow({}, servers.editProfile);

  it.each([
    ['signIn', POLICY],
    ['resetPassword', PASSWORD_RESET_POLICY],
    ['editProfile', PROFILE_EDIT_POLICY],
  ] as const)('%s serves discovery under its own policy with the tenant issuer and keys', async (kind, policy) => {
    const prefix = `${idp.origin}/b2cdemo.onmicrosoft.com/${policy}`;
    expect(idp.authorities[kind]).toBe(`${prefix}/v2.0`);
    expect(idp.authorities[kind]).toBe(authorityFor(idp.port, policy));
    const metadata = (await (await fetch(`${prefix}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${prefix}/oauth2/v2.0/authorize`,
      token_endpoint: `${prefix}/oauth2/v2.0/token`,
      end_session_endpoint: `${prefix}/oauth2/v2.0/logout`,
      jwks_uri: `${prefix}/discovery/v2.0/keys`,
    });
    expect(await (await fetch(String(metadata.jwks_uri))).json()).toEqual(jwks);
    // B2C matches policy names case-insensitively.
    const lower = `${idp.origin}/b2cdemo.onmicrosoft.com/${policy.toLowerCase()}/v2.0/.well-known/openid-configuration`;
    expect(((await (await fetch(lower)).json()) as { token_endpoint: string }).token_endpoint).toBe(metadata.token_endpoint);
  });

  it('tfp names the flow that issued the ID and access tokens', async () => {
    const browser = createBrowserSession();
    const signInFlow = await startFlow();
    const signedIn = await complete(signInFlow, await browser.signIn(signInFlow.url, alice));
    expect([signedIn.claims.tfp, signedIn.access.tfp]).toEqual([POLICY, POLICY]);
    const resetFlow = await reset();
    const afterReset = await complete(
      resetFlow,
      await browser.resetPassword(resetFlow.url, { email: alice.email, newPassword: 'alice-new-pass' }),
    );
    expect([afterReset.claims.tfp, afterReset.access.tfp]).toEqual([PASSWORD_RESET_POLICY, PASSWORD_RESET_POLICY]);
    const editFlow = await edit();
    const afterEdit = await complete(editFlow, await browser.editProfile(editFlow.url, { name: 'Alice' }));
    expect([afterEdit.claims.tfp, afterEdit.access.tfp]).toEqual([PROFILE_EDIT_POLICY, PROFILE_EDIT_POLICY]);
    for (const { claims } of [signedIn, afterReset, afterEdit]) expect(claims).toMatchObject({ sub: alice.oid, iss: idp.issuer });
  });

  it('a refresh token of one flow is good at another flow’s token endpoint, whose policy goes in tfp', async () => {
    const { result } = await tokens();
    const refreshed = await oauth.processRefreshTokenResponse(
      servers.resetPassword,
      client,
      await refresh(result.refresh_token!, { server: servers.resetPassword }),
    );
    secrets.add(refreshed.refresh_token!);
    expect(decodeJwt(refreshed.id_token!)).toMatchObject({ sub: alice.oid, tfp: PASSWORD_RESET_POLICY });
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ sub: alice.oid, tfp: PASSWORD_RESET_POLICY });
    const back = await oauth.processRefreshTokenResponse(as, client, await refresh(refreshed.refresh_token!));
    expect(decodeJwt(back.id_token!).tfp).toBe(POLICY);
  });

  it('sign-up (on the sign-in page) creates a user who is signed in and can sign in again', async () => {
    const flow = await startFlow();
    const { claims, result } = await complete(flow, await createBrowserSession().signUp(flow.url, carol));
    expect(claims).toMatchObject({ name: carol.name, emails: [carol.email], tfp: POLICY });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(DEMO_USERS.map((user) => user.oid)).not.toContain(claims.sub);
    expect(claims.oid).toBe(claims.sub);
    expect(result.refresh_token).toEqual(expect.any(String));
    const again = await startFlow();
    const signedIn = await complete(again, await createBrowserSession().signIn(again.url, carol));
    expect(signedIn.claims).toMatchObject({ sub: claims.sub, name: carol.name });
  });

  it('sign-up rejects a taken email and a short password', async () => {
    await expect(
      createBrowserSession().signUp((await startFlow()).url, { ...carol, email: alice.email.toUpperCase() }),
    ).rejects.toThrow(/A user with the specified ID already exists\. Please choose a different one\./);
    await expect(createBrowserSession().signUp((await startFlow()).url, { ...carol, password: 'short' })).rejects.toThrow(
      /between 8 and 64 characters/,
    );
  });

  it('the sign-up form re-renders, escaped, on different passwords and on empty fields', async () => {
    const raw = rawBrowser();
    const { page, html } = await raw.open((await startFlow()).url);
    expect(html).toMatch(/<a id="createAccount" href="[^"]+">Sign up now<\/a>/);
    const signUpPage = new URL(/id="createAccount" href="([^"]+)"/.exec(html)![1]!, page);
    const form = await (await raw.go(signUpPage)).text();
    for (const id of ['email', 'newPassword', 'reenterPassword', 'displayName'])
      expect(form).toMatch(new RegExp(`<input[^>]+id="${id}"`));
    expect(form).toMatch(/<form id="attributeVerification"/);
    expect(form).toMatch(/<button id="continue"[^>]*>Create<\/button>/);
    expect(form).toMatch(/<button id="cancel"/);
    const hostile = '"><script>alert(1)</script>';
    const fields = { email: carol.email, newPassword: carol.password, reenterPassword: 'other-pass-123', displayName: hostile };
    const mismatch = await raw.post(formAction(form, 'attributeVerification'), page, fields);
    const mismatchHtml = await mismatch.text();
    expect(mismatchHtml).toMatch(/<div class="error pageLevel" role="alert"><p>The password entry fields do not match/);
    // Issue 19, item 8: the focus goes to the field that was wrong, the first one on a fresh page.
    const autofocused = (text: string) => [...text.matchAll(/<input[^>]*\bid="(\w+)"[^>]*\sautofocus\b/g)].map(([, id]) => id);
    expect(autofocused(form)).toEqual(['email']);
    expect(autofocused(mismatchHtml)).toEqual(['newPassword']);
    expect(mismatchHtml).not.toContain('<script>alert(1)</script>');
    expect(mismatchHtml).toContain('value="&quot;&gt;&lt;script&gt;');
    expect(mismatch.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const empty = await raw.post(formAction(form, 'attributeVerification'), page, { ...fields, displayName: ' ' });
    expect(await empty.text()).toContain('A required field is missing.');
    await expect(createBrowserSession().signIn((await startFlow()).url, carol)).rejects.toThrow(/find your account/);
  });

  it('password reset changes the password: the old one is rejected, the new one works', async () => {
    const flow = await reset();
    const redirect = await createBrowserSession().resetPassword(flow.url, { email: alice.email, newPassword: 'alice-new-pass' });
    const { claims } = await complete(flow, redirect);
    expect(claims).toMatchObject({ sub: alice.oid, tfp: PASSWORD_RESET_POLICY });
    await expect(createBrowserSession().signIn((await startFlow()).url, alice)).rejects.toThrow(/Your password is incorrect/);
    const user = { email: alice.email, password: 'alice-new-pass' };
    const again = await startFlow();
    expect((await complete(again, await createBrowserSession().signIn(again.url, user))).claims.sub).toBe(alice.oid);
  });

  it('password reset for an unknown email re-renders the page with an error', async () => {
    const raw = rawBrowser();
    const { page, html } = await raw.open((await reset()).url);
    for (const id of ['email', 'newPassword', 'reenterPassword']) expect(html).toMatch(new RegExp(`<input[^>]+id="${id}"`));
    expect(html).toMatch(/<button id="continue"[^>]*>Continue<\/button>/);
    expect(html).not.toContain('id="displayName"');
    const fields = { email: 'nobody@example.com', newPassword: 'whatever-123', reenterPassword: 'whatever-123' };
    const rejected = await raw.post(formAction(html, 'attributeVerification'), page, fields);
    expect(rejected.status).toBe(200);
    expect(await rejected.text()).toContain('We can&#39;t seem to find your account.');
    await expect(
      createBrowserSession().resetPassword((await reset()).url, { email: bob.email, newPassword: 'short' }),
    ).rejects.toThrow(/between 8 and 64/);
  });

  it('profile edit changes the name in later tokens, including refreshed ones', async () => {
    const { result, browser } = await tokens();
    const flow = await edit();
    const edited = await complete(flow, await browser.editProfile(flow.url, { name: 'Alice Pleasance' }));
    expect(edited.claims).toMatchObject({ sub: alice.oid, name: 'Alice Pleasance', tfp: PROFILE_EDIT_POLICY });
    const body = (await (await refresh(result.refresh_token!)).json()) as { id_token: string; access_token: string };
    expect(decodeJwt(body.id_token)).toMatchObject({ name: 'Alice Pleasance', tfp: POLICY });
    expect(decodeJwt(body.access_token)).toMatchObject({ name: 'Alice Pleasance' });
    expect(oauth.getValidatedIdTokenClaims((await tokens()).result)!.name).toBe('Alice Pleasance');
  });

  it('profile edit without a session asks for credentials first, then shows the edit form', async () => {
    await expect(createBrowserSession().editProfile((await edit()).url, { name: 'X' })).rejects.toThrow(
      /asked to sign in first.*no credentials/,
    );
    await expect(
      createBrowserSession().editProfile((await edit()).url, { name: 'X' }, { email: bob.email, password: 'wrong' }),
    ).rejects.toThrow(/Your password is incorrect/);
    const raw = rawBrowser();
    const { page, html } = await raw.open((await edit()).url);
    expect(html).not.toContain('id="createAccount"');
    const signedIn = await raw.post(formAction(html, 'localAccountForm'), page, {
      signInName: bob.email,
      password: bob.password,
    });
    const form = await (await raw.go(new URL(signedIn.headers.get('location')!, page))).text();
    expect(form).toMatch(/<form id="attributeVerification"/);
    expect(form).toMatch(/<input[^>]+id="displayName"[^>]+value="Bob Marley"/);
    expect(form).toMatch(/<button id="continue"[^>]*>Continue<\/button>/);
    const emptied = await raw.post(formAction(form, 'attributeVerification'), page, { displayName: '' });
    expect(await emptied.text()).toMatch(/class="error pageLevel"[\s\S]*A required field is missing/);
    const flow = await edit();
    const { claims } = await complete(flow, await createBrowserSession().editProfile(flow.url, { name: 'Robert' }, bob));
    expect(claims).toMatchObject({ sub: bob.oid, name: 'Robert', tfp: PROFILE_EDIT_POLICY });
  });

  it('reset and edit show their page even with a live session; prompt=none there is interaction_required', async () => {
    const { browser } = await signIn();
    await expect(browser.signIn((await reset()).url)).rejects.toThrow(/password reset page appeared/);
    await expect(browser.signIn((await edit()).url)).rejects.toThrow(/profile edit page appeared/);
    for (const server of [servers.resetPassword, servers.editProfile]) {
      const redirect = await browser.signIn((await startFlow({ prompt: 'none' }, server)).url);
      expect(redirect.searchParams.get('error')).toBe('interaction_required');
    }
    // The session itself is untouched.
    const silent = await startFlow({ prompt: 'none' });
    expect((await complete(silent, await browser.signIn(silent.url))).claims.sub).toBe(alice.oid);
  });

  it('Cancel on the sign-up, reset and edit pages ends the flow with AADB2C90091 and the state', async () => {
    const expectCancelled = (redirect: URL, flow: Flow) => {
      expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
      expect(redirect.searchParams.get('error')).toBe('access_denied');
      expect(redirect.searchParams.get('error_description')).toBe(CANCELLED);
      expect(redirect.searchParams.get('state')).toBe(flow.state);
    };
    for (const flow of [await reset(), await edit()]) expectCancelled(await createBrowserSession().cancel(flow.url), flow);
    const { browser } = await signIn();
    const editWithSession = await edit();
    expectCancelled(await browser.cancel(editWithSession.url), editWithSession);
    const raw = rawBrowser();
    const flow = await startFlow();
    const { page, html } = await raw.open(flow.url);
    const signUpPage = new URL(/id="createAccount" href="([^"]+)"/.exec(html)![1]!, page);
    const cancelled = await raw.post(formAction(await (await raw.go(signUpPage)).text(), 'cancelForm'), page, {});
    let location = new URL(cancelled.headers.get('location')!, page);
    while (location.origin === idp.origin) location = new URL((await raw.go(location)).headers.get('location')!, location);
    expectCancelled(location, flow);
  });

  it('prompt=login shows the sign-in form despite a session, and signing in as Bob replaces Alice', async () => {
    const { result, browser } = await tokens(alice);
    await expect(browser.signIn((await startFlow({ prompt: 'login' })).url)).rejects.toThrow(/form appeared/);
    const flow = await startFlow({ prompt: 'login' });
    expect((await complete(flow, await browser.signIn(flow.url, bob))).claims).toMatchObject({ sub: bob.oid, name: bob.name });
    const silent = await startFlow({ prompt: 'none' });
    expect((await complete(silent, await browser.signIn(silent.url))).claims.sub).toBe(bob.oid);
    // The switch ends Alice's session, not her refresh token (offline_access grants outlive a sign-out).
    expect(decodeJwt(((await (await refresh(result.refresh_token!)).json()) as { id_token: string }).id_token).sub).toBe(
      alice.oid,
    );
  });

  it('controls.reset() puts the users back as seeded', async () => {
    await createBrowserSession().signUp((await startFlow()).url, carol);
    await createBrowserSession().resetPassword((await reset()).url, { email: alice.email, newPassword: 'alice-new-pass' });
    await createBrowserSession().editProfile((await edit()).url, { name: 'Robert' }, bob);
    idp.controls.reset();
    await expect(createBrowserSession().signIn((await startFlow()).url, carol)).rejects.toThrow(/find your account/);
    await expect(
      createBrowserSession().signIn((await startFlow()).url, { email: alice.email, password: 'alice-new-pass' }),
    ).rejects.toThrow(/incorrect/);
    expect(oauth.getValidatedIdTokenClaims((await tokens(alice)).result)!.sub).toBe(alice.oid);
    expect(oauth.getValidatedIdTokenClaims((await tokens(bob)).result)!.name).toBe(bob.name);
  });
});
