// The local provider's (server/idp) sign-in page: its form, errors, focus and styling, and its Cancel and
// "Forgot your password?" exits.
import { describe, expect, it } from 'vitest';
import { REDIRECT_URI } from '../../server/local.ts';
import { createBrowserSession } from '../support/idp-driver.ts';
import { ALICE as alice, formAction, rawBrowser, startFlow, useIdpClient } from '../support/idp-client';

useIdpClient();

describe('sign-in page', () => {
  it('re-renders the form with an escaped error on a wrong password', async () => {
    const raw = rawBrowser();
    const { page, html: form } = await raw.open((await startFlow()).url);
    expect(form).toMatch(/<input[^>]+id="signInName"/);
    expect(form).toMatch(/<input[^>]+id="password"/);
    expect(form).toMatch(/<button id="next"[^>]*>Sign in<\/button>/);
    expect(form).toMatch(/<a id="forgotPassword" href="[^"]+">Forgot your password\?<\/a>/);
    expect(form).toMatch(/<a id="createAccount" href="[^"]+">Sign up now<\/a>/);
    const hostile = '"><script>alert(1)</script>@example.com';
    const rejected = await raw.post(formAction(form, 'localAccountForm'), page, { signInName: hostile, password: 'nope' });
    expect(rejected.status).toBe(200);
    const html = await rejected.text();
    expect(html).toContain('We can&#39;t seem to find your account.');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    await expect(
      createBrowserSession().signIn((await startFlow()).url, { email: alice.email, password: 'wrong' }),
    ).rejects.toThrow(/Your password is incorrect/);
  });

  it('after a wrong password the focus goes to the password, after an unknown email to the email', async () => {
    const autofocused = (html: string) =>
      [...html.matchAll(/<input[^>]*\bid="(\w+)"[^>]*>/g)].filter(([tag]) => /\sautofocus\b/.test(tag)).map(([, id]) => id);
    const raw = rawBrowser();
    const { page, html: form } = await raw.open((await startFlow()).url);
    expect(autofocused(form)).toEqual(['signInName']);
    const action = formAction(form, 'localAccountForm');
    const wrongPassword = await (await raw.post(action, page, { signInName: alice.email, password: 'wrong' })).text();
    expect(wrongPassword).toContain('Your password is incorrect.');
    expect(autofocused(wrongPassword)).toEqual(['password']);
    const unknown = await (await raw.post(action, page, { signInName: 'nobody@example.com', password: 'x' })).text();
    expect(unknown).toContain('We can&#39;t seem to find your account.');
    expect(autofocused(unknown)).toEqual(['signInName']);
  });

  it("sets the buttons' and fields' text in the labels' font, not the browser's smaller default", async () => {
    const { html } = await rawBrowser().open((await startFlow()).url);
    const css = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
    const rules = [...css.replaceAll(/\/\*[^]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)].map(
      ([, selectors = '', body = '']) => ({
        selectors: selectors.split(',').map((selector) => selector.trim()),
        body,
      }),
    );
    const fontOf = (element: string) =>
      rules
        .filter(({ selectors }) => selectors.includes(element))
        .flatMap(({ body }) => [...body.matchAll(/(?:^|;)\s*font(?:-size)?\s*:\s*([^;]+)/g)].map(([, value]) => value?.trim()));
    // Labels take the body's size; buttons and inputs must not fall back to the user agent's 13.33px.
    expect(fontOf('label')).toEqual([]);
    for (const control of ['button', 'input']) expect(fontOf(control)).toContain('inherit');
  });

  it('Cancel ends the flow with AADB2C90091', async () => {
    const flow = await startFlow();
    const redirect = await createBrowserSession().cancel(flow.url);
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toMatch(/^AADB2C90091: /);
    expect(redirect.searchParams.get('state')).toBe(flow.state);
  });

  it('Forgot your password ends the flow with AADB2C90118', async () => {
    const redirect = await createBrowserSession().forgotPassword((await startFlow()).url);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toMatch(/^AADB2C90118: /);
  });
});
