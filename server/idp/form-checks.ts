/** The page-level errors B2C's pages show, word for word where B2C has one. */
export const PAGE_ERRORS = Object.freeze({
  wrongPassword: 'Your password is incorrect.',
  unknownAccount: "We can't seem to find your account.",
  required: 'A required field is missing. Please fill out all required fields and try again.',
  invalidEmail: 'Please enter a valid email address.',
  passwordLength: 'The password must be between 8 and 64 characters.',
  passwordMismatch: 'The password entry fields do not match. Please enter the same password in both fields and try again.',
  userExists: 'A user with the specified ID already exists. Please choose a different one.',
});

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 64;

/** Returns the first error of the sign-up form (before the duplicate-email check), or undefined. */
export function checkSignUp(fields: { email: string; password: string; reentered: string; name: string }): string | undefined {
  if (!fields.name.trim()) return PAGE_ERRORS.required;
  return checkEmail(fields.email) ?? checkNewPassword(fields.password, fields.reentered);
}

/** Returns the error for an empty or malformed email, or undefined. */
export function checkEmail(email: string): string | undefined {
  if (!email.trim()) return PAGE_ERRORS.required;
  return /^[^\s@]+@[^\s@]+$/.test(email.trim()) ? undefined : PAGE_ERRORS.invalidEmail;
}

/** Returns the error for a missing, too short or too long new password, or one not entered twice alike. */
export function checkNewPassword(password: string, reentered: string): string | undefined {
  if (!password || !reentered) return PAGE_ERRORS.required;
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) return PAGE_ERRORS.passwordLength;
  return password === reentered ? undefined : PAGE_ERRORS.passwordMismatch;
}

/** Returns the error for an empty display name, or undefined. */
export function checkDisplayName(name: string): string | undefined {
  return name.trim() ? undefined : PAGE_ERRORS.required;
}
