import { englishMessage } from '../../../build/locales';
import type { ErrorCode } from '../../../packages/mv3-signin/src/core/errors';

/**
 * userMessage(code) as the English extension shows it. The e2e's Node side has no browser.i18n,
 * so it reads public/_locales/en, the same text the extension shows.
 */
export function englishUserMessage(code: ErrorCode): string {
  return englishMessage(`error_${code}`);
}
