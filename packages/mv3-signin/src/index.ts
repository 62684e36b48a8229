/**
 * What every part of an extension shares: the error class and its codes, the state a page sees,
 * and the words' keys.
 *
 * @module
 */
export { SignInError, providerText, type ErrorCode, type Failure } from './core/errors.js';
export type { Words, WordKey, DetailKey, SettingsProblem } from './core/words.js';
export type { AuthState, Journey } from './auth/state.js';
export type { ApiResponse, ApiResult } from './service/api.js';
export type { SiteAccess } from './service/sites.js';
export type { ExtensionApi, MessageSender, StorageArea } from './core/browser.js';
export type { Limits } from './core/http.js';
