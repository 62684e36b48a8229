import { TargetType, type Browser, type Page, type Target } from 'puppeteer';

/** The popup as a user sees it: buttons by their visible text, the alert, the user's name. */
export interface PopupPage {
  readonly page: Page;
  /** Clicks the button `text`: "Call <name>" calls the API of that name ("Call API" with the one-API shorthand). */
  click(
    text: 'Sign in' | 'Sign out' | `Call ${string}` | 'Edit profile' | 'Use another account' | 'Check' | 'Save',
  ): Promise<void>;
  hasButton(text: string): Promise<boolean>;
  waitForButton(text: string, timeout?: number): Promise<void>;
  userName(timeout?: number): Promise<string>;
  /** Waits until the popup shows `name` as the signed-in user. */
  waitForUserName(name: string, timeout?: number): Promise<void>;
  alert(timeout?: number): Promise<{ text: string; code: string | null; html: string }>;
  noAlert(): Promise<boolean>;
  apiResult(timeout?: number): Promise<string>;
  /**
   * The answer of the API named `api` once the popup shows it (under the English heading "<api> response
   * (<status>)"): an answer of another API's earlier call is not taken for it.
   *
   * @throws Error naming the alert's code when the popup shows an alert instead.
   */
  apiResultOf(api: string, timeout?: number): Promise<{ readonly heading: string; readonly text: string }>;
  status(): Promise<string | null>;
  /** What has the keyboard focus: its text, test id, and whether a focus ring shows on it. */
  focused(): Promise<FocusedElement>;
  /**
   * Presses Tab (the keyboard only) until the element with `text` has the focus, at most `max`
   * times; returns how many presses it took.
   */
  tabTo(text: string, max?: number): Promise<number>;
}

export interface FocusedElement {
  readonly text: string;
  readonly testId: string | null;
  /** It matches :focus-visible and has an outline. */
  readonly ringShown: boolean;
}

const button = (text: string) => `::-p-xpath(//button[normalize-space(.)="${text}"])`;

export function popupPage(page: Page): PopupPage {
  const focused = () =>
    page.evaluate((): FocusedElement => {
      const el = document.activeElement;
      if (!el || el === document.body) return { text: '', testId: null, ringShown: false };
      const style = getComputedStyle(el);
      return {
        text: el.textContent?.trim() ?? '',
        testId: el.getAttribute('data-testid'),
        ringShown: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
  return {
    page,
    async click(text) {
      // A background tab does not render, and Puppeteer's click waits for the element to be visible.
      await page.bringToFront();
      const handle = await page.waitForSelector(`${button(text)}`, { visible: true, timeout: 10_000 });
      await handle!.click();
    },
    async hasButton(text) {
      return (await page.$(button(text))) !== null;
    },
    async waitForButton(text, timeout = 20_000) {
      await page.waitForSelector(button(text), { visible: true, timeout });
    },
    async userName(timeout = 20_000) {
      const handle = await page.waitForSelector('[data-testid="user-name"]', { timeout });
      return (await handle!.evaluate((el) => el.textContent)) ?? '';
    },
    async waitForUserName(name, timeout = 20_000) {
      await page.waitForFunction(
        (expected) => document.querySelector('[data-testid="user-name"]')?.textContent === expected,
        { timeout },
        name,
      );
    },
    async alert(timeout = 20_000) {
      const handle = await page.waitForSelector('[role="alert"]', { timeout });
      return handle!.evaluate((el) => ({ text: el.textContent ?? '', code: el.getAttribute('data-code'), html: el.innerHTML }));
    },
    async noAlert() {
      return (await page.$('[role="alert"]')) === null;
    },
    async apiResult(timeout = 20_000) {
      const handle = await page.waitForSelector('[data-testid="api-result"]', { timeout });
      return (await handle!.evaluate((el) => el.textContent)) ?? '';
    },
    async apiResultOf(api, timeout = 20_000) {
      const handle = await page.waitForFunction(
        (name) => {
          const alert = document.querySelector('[role="alert"]');
          if (alert) return { alert: alert.getAttribute('data-code') ?? '' };
          // Each API's answer is a section of its own, its heading naming the API.
          for (const result of Array.from(document.querySelectorAll('[data-testid="api-result"]'))) {
            const heading = result.closest('section')?.querySelector('h2')?.textContent ?? '';
            if (heading.startsWith(`${name} response`)) return { heading, text: result.textContent ?? '' };
          }
          return false;
        },
        { timeout },
        api,
      );
      const shown = (await handle.jsonValue()) as { alert: string } | { heading: string; text: string };
      if ('alert' in shown) throw new Error(`The popup shows an alert (${shown.alert}) instead of ${api}'s answer`);
      return shown;
    },
    status: () => page.$eval('[data-testid="popup"]', (el) => el.getAttribute('data-status')),
    focused,
    async tabTo(text, max = 10) {
      for (let presses = 1; presses <= max; presses++) {
        await page.keyboard.press('Tab');
        if ((await focused()).text === text) return presses;
      }
      throw new Error(`Tab did not reach "${text}" in ${max} presses (at "${(await focused()).text}")`);
    },
  };
}

/** Waits for the window launchWebAuthFlow opens on the provider's origin. Start waiting before the click. */
export async function waitForAuthWindow(browser: Browser, providerOrigin: string, timeout = 20_000): Promise<Page> {
  const target: Target = await browser.waitForTarget((t) => t.type() === TargetType.PAGE && t.url().startsWith(providerOrigin), {
    timeout,
  });
  const page = await target.page();
  if (!page) throw new Error('The sign-in window has no page');
  return page;
}

/** Types `value` into the field `selector` of a provider page, replacing what is there. */
async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector, { visible: true });
  await page.$eval(selector, (el) => {
    (el as HTMLInputElement).value = '';
  });
  await page.type(selector, value);
}

/** B2C's password-reset page: the email, the new password twice, Continue. */
export async function submitPasswordReset(authPage: Page, email: string, newPassword: string): Promise<void> {
  await fill(authPage, '#email', email);
  await fill(authPage, '#newPassword', newPassword);
  await fill(authPage, '#reenterPassword', newPassword);
  await authPage.click('#continue');
}

/** B2C's profile-edit page: the display name, Continue. */
export async function submitProfileEdit(authPage: Page, name: string): Promise<void> {
  await fill(authPage, '#displayName', name);
  await authPage.click('#continue');
}

/** "Sign up now" on the sign-in page, then the sign-up form. */
export async function submitSignUp(authPage: Page, user: { email: string; password: string; name: string }): Promise<void> {
  await authPage.waitForSelector('#createAccount', { visible: true });
  await Promise.all([authPage.waitForNavigation(), authPage.click('#createAccount')]);
  await fill(authPage, '#email', user.email);
  await fill(authPage, '#newPassword', user.password);
  await fill(authPage, '#reenterPassword', user.password);
  await fill(authPage, '#displayName', user.name);
  await authPage.click('#continue');
}

/** Fills the provider's login form (B2C's field ids) and submits it. */
export async function submitLogin(authPage: Page, email: string, password: string): Promise<void> {
  await authPage.waitForSelector('#signInName', { visible: true });
  await authPage.type('#signInName', email);
  await authPage.type('#password', password);
  await authPage.click('#next');
}
