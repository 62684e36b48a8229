import { checkDisplayName, checkNewPassword, PAGE_ERRORS } from './form-checks.ts';
import { finish, knownUser, readForm, remember, show, type Step } from './interaction-kit.ts';
import { renderLoginPage } from './login-page.ts';
import { renderPasswordResetPage, renderProfileEditPage } from './self-asserted-pages.ts';
import { checkCredentials } from './sign-in-steps.ts';

/** The password reset flow's page, shown even with a session (provider-config.ts forces the login prompt). */
export const showPasswordReset: Step = (interaction) => show(interaction, renderPasswordResetPage({ base: interaction.base }));

/** Sets the posted password and signs the user in, or shows the form again with the first error. */
export const submitPasswordReset: Step = async (interaction) => {
  const form = await readForm(interaction);
  const email = form.get('email') ?? '';
  const password = form.get('newPassword') ?? '';
  const user = interaction.accounts.byEmail(email);
  const error = checkPasswordReset(email, user, password, form.get('reenterPassword') ?? '');
  if (error || !user) return show(interaction, renderPasswordResetPage({ base: interaction.base, email, error }));
  interaction.accounts.setPassword(user.oid, password);
  return finish(interaction, { login: { accountId: user.oid } });
};

/** The profile edit flow's page: the edit form for the signed-in user, else the sign-in form first. */
export const showProfileEdit: Step = (interaction) => {
  const user = knownUser(interaction);
  const { base } = interaction;
  if (!user) return show(interaction, renderLoginPage({ base, accountLinks: false }));
  return show(interaction, renderProfileEditPage({ base, email: user.email, name: user.name }));
};

/**
 * The profile edit flow's sign-in step: on success the login is stored in the interaction and the edit form shown.
 * A browser that skipped the form and went straight to the resume URL would complete the flow with that login;
 * that skips the edit, not the sign-in, so it grants nothing the user did not prove.
 */
export const submitProfileEditSignIn: Step = async (interaction) => {
  const checked = await checkCredentials(interaction);
  if ('error' in checked) {
    return show(interaction, renderLoginPage({ base: interaction.base, ...checked, accountLinks: false }));
  }
  return remember(interaction, { login: { accountId: checked.user.oid } });
};

/** Saves the posted display name and completes the flow for that user, or shows the form again. */
export const submitProfileEdit: Step = async (interaction) => {
  const user = knownUser(interaction);
  if (!user) return showProfileEdit(interaction);
  const name = (await readForm(interaction)).get('displayName') ?? '';
  const error = checkDisplayName(name);
  if (error) return show(interaction, renderProfileEditPage({ base: interaction.base, email: user.email, name, error }));
  interaction.accounts.setName(user.oid, name.trim());
  return finish(interaction, { login: { accountId: user.oid } });
};

function checkPasswordReset(email: string, user: unknown, password: string, reentered: string): string | undefined {
  if (!email.trim()) return PAGE_ERRORS.required;
  if (!user) return PAGE_ERRORS.unknownAccount;
  return checkNewPassword(password, reentered);
}
