import type { SettingsField } from 'mv3-signin/settings';
import { t } from './i18n';

/** A field's visible label, in the browser's language (the options page's, and its errors'). */
export function fieldLabel(field: SettingsField): string {
  return t(`field_${field}`);
}
