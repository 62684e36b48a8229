import { PAGE_ERRORS } from './form-checks.ts';
import { cancelForm, errorAlert, page } from './html.ts';
import { escapeHtml } from '../escape-html.ts';

/**
 * B2C's "self-asserted" pages (sign-up, password reset, profile edit). Each is one
 * `<form id="attributeVerification">` with a `<button id="continue">` plus the #cancelForm / #cancel button;
 * the form posts to `${base}/{signup,reset,edit}`. Every value is escaped; password fields are never prefilled.
 */
export interface SelfAssertedPageModel {
  /** The interaction's base path. */
  readonly base: string;
  readonly error?: string;
}

/** Renders the sign-up page: #email, #newPassword, #reenterPassword, #displayName and "Create". */
export function renderSignUpPage({
  base,
  error,
  email = '',
  name = '',
}: SelfAssertedPageModel & {
  readonly email?: string;
  readonly name?: string;
}): string {
  return selfAsserted('Sign up', base, 'signup', error, 'Create', [
    emailField(email),
    ...newPasswordFields(),
    displayNameField(name),
  ]);
}

/** Renders the password reset page: #email, #newPassword, #reenterPassword and "Continue". */
export function renderPasswordResetPage({
  base,
  error,
  email = '',
}: SelfAssertedPageModel & { readonly email?: string }): string {
  return selfAsserted('Reset your password', base, 'reset', error, 'Continue', [emailField(email), ...newPasswordFields()]);
}

/** Renders the profile edit page for `email`: #displayName (prefilled with `name`) and "Continue". */
export function renderProfileEditPage({
  base,
  error,
  email,
  name = '',
}: SelfAssertedPageModel & {
  readonly email: string;
  readonly name?: string;
}): string {
  return selfAsserted('Edit your profile', base, 'edit', error, 'Continue', [
    `<p>Signed in as ${escapeHtml(email)}</p>`,
    displayNameField(name),
  ]);
}

/** The field a page's error is about: the new password for the password rules, else the first field. */
function focusedField(error: string | undefined, fields: readonly string[]): string | undefined {
  const passwordError = error === PAGE_ERRORS.passwordLength || error === PAGE_ERRORS.passwordMismatch;
  if (passwordError) return 'newPassword';
  return fields.map((field) => /<input [^>]*\bid="([^"]+)"/.exec(field)?.[1]).find(Boolean);
}

/** `fields` with `autofocus` on the input whose id is `id`. */
function withAutofocus(fields: readonly string[], id: string | undefined): string[] {
  return fields.map((field) => (id ? field.replace(`id="${id}"`, `id="${id}" autofocus`) : field));
}

function selfAsserted(
  title: string,
  base: string,
  action: string,
  error: string | undefined,
  submit: string,
  fields: readonly string[],
): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<form id="attributeVerification" method="post" action="${escapeHtml(`${base}/${action}`)}" novalidate>
${errorAlert(error)}
${withAutofocus(fields, focusedField(error, fields)).join('\n')}
<button id="continue" type="submit">${escapeHtml(submit)}</button>
</form>
${cancelForm(base)}`,
  );
}

function emailField(email: string): string {
  return `<label for="email">Email Address</label>
<input type="email" id="email" name="email" autocomplete="username" value="${escapeHtml(email)}">`;
}

function newPasswordFields(): string[] {
  return [
    `<label for="newPassword">New Password</label>
<input type="password" id="newPassword" name="newPassword" autocomplete="new-password">`,
    `<label for="reenterPassword">Confirm New Password</label>
<input type="password" id="reenterPassword" name="reenterPassword" autocomplete="new-password">`,
  ];
}

function displayNameField(name: string): string {
  return `<label for="displayName">Display Name</label>
<input type="text" id="displayName" name="displayName" autocomplete="name" value="${escapeHtml(name)}">`;
}
