import type { DemoUser } from '../local.ts';
import { checkSignUp, PAGE_ERRORS } from './form-checks.ts';
import { finish, FORGOT_PASSWORD, readForm, show, type Interaction, type Step } from './interaction-kit.ts';
import { renderLoginPage } from './login-page.ts';
import { renderSignUpPage } from './self-asserted-pages.ts';

/** The sign-up-or-sign-in flow's page: the sign-in form. */
export const showSignIn: Step = (interaction) => show(interaction, renderLoginPage({ base: interaction.base }));

/** Signs in with the posted credentials, or shows the form again with B2C's error. */
export const submitSignIn: Step = async (interaction) => {
  const checked = await checkCredentials(interaction);
  if ('error' in checked) {
    return show(interaction, renderLoginPage({ base: interaction.base, ...checked }));
  }
  return finish(interaction, { login: { accountId: checked.user.oid } });
};

/** "Forgot your password?": B2C ends the sign-in flow so the app can start the password reset flow. */
export const forgotPassword: Step = (interaction) =>
  finish(interaction, { error: 'access_denied', error_description: FORGOT_PASSWORD });

/** "Sign up now": the sign-up form, in the same interaction. */
export const showSignUp: Step = (interaction) => show(interaction, renderSignUpPage({ base: interaction.base }));

/** Creates the posted account and signs it in, or shows the form again with the first error. */
export const submitSignUp: Step = async (interaction) => {
  const form = await readForm(interaction);
  const fields = {
    email: form.get('email') ?? '',
    password: form.get('newPassword') ?? '',
    reentered: form.get('reenterPassword') ?? '',
    name: form.get('displayName') ?? '',
  };
  const error = checkSignUp(fields);
  const user = error ? undefined : interaction.accounts.add({ ...fields, name: fields.name.trim() });
  if (!user) {
    const page = { base: interaction.base, email: fields.email, name: fields.name };
    return show(interaction, renderSignUpPage({ ...page, error: error ?? PAGE_ERRORS.userExists }));
  }
  return finish(interaction, { login: { accountId: user.oid } });
};

/**
 * Reads the sign-in form: returns the user, or the error to show with the email as typed and the field that was
 * wrong (the password of a known account, else the email), to take the focus.
 */
export async function checkCredentials(
  interaction: Interaction,
): Promise<{ user: DemoUser } | { error: string; email: string; focus: 'signInName' | 'password' }> {
  const form = await readForm(interaction);
  const email = form.get('signInName') ?? '';
  const user = interaction.accounts.verify(email, form.get('password') ?? '');
  if (user) return { user };
  return interaction.accounts.byEmail(email)
    ? { email, error: PAGE_ERRORS.wrongPassword, focus: 'password' }
    : { email, error: PAGE_ERRORS.unknownAccount, focus: 'signInName' };
}
