/**
 * Settings: the field table, the one validator, and the sources (build, options page, policy)
 * merged field by field with policy winning.
 *
 * @module
 */
export {
  SETTINGS_FIELDS,
  FIELD_NAMES,
  FLOW_FIELDS,
  IDENTITY_FIELDS,
  URL_FIELDS,
  isSettingsValues,
  maxValueLength,
  validateSettings,
  type FieldRole,
  type FieldSpec,
  type FlowField,
  type SettingsField,
  type SettingsValues,
  type ValuesProblem,
} from './settings/fields.js';
export { parseSettings, SettingsError, describeProblem, type Settings, type UserFlow } from './settings/config.js';
export { entryLabel, type ApiEntry, type ApiKey } from './settings/problems.js';
export {
  parseApiList,
  splitScopes,
  MAX_APIS,
  MAX_API_NAME_LENGTH,
  SHORTHAND_API_NAME,
  type ApiSettings,
} from './settings/apis.js';
export {
  layeredSettings,
  fixedSettings,
  mergeSettings,
  savedSettingsItem,
  type SettingsLayers,
  type SettingsSource,
  type SettingsState,
} from './settings/sources.js';
export { isMicrosoftAuthority, requestedScopes, B2C_POLICY_SEGMENT } from './settings/b2c.js';
export { isLoopbackHost, isSecureOrLoopback, hostPermissionFor, parseUrl, httpOrigin } from './core/url.js';
export type { SettingsView } from './messaging/protocol.js';
export type { SaveResult } from './service/save.js';
/** @internal The stored items' keys, for the project's tooling and tests (service/storage-keys.ts). */
export { STORAGE_KEYS } from './service/storage-keys.js';
