/** The build-time variables lib/config.ts reads; every one is validated there. */
interface ImportMetaEnv {
  readonly WXT_AUTHORITY?: string;
  readonly WXT_ISSUER?: string;
  readonly WXT_CLIENT_ID?: string;
  readonly WXT_SCOPES?: string;
  readonly WXT_API_URL?: string;
  readonly WXT_PASSWORD_RESET_AUTHORITY?: string;
  readonly WXT_PROFILE_EDIT_AUTHORITY?: string;
}
