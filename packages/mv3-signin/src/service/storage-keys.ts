import {
  apisItem,
  expiresAtItem,
  generationItem,
  hadSessionItem,
  jwksItem,
  metadataItem,
  noticeItem,
  profileItem,
  refreshFailuresItem,
  tokensItem,
  transactionItem,
} from '../auth/store.js';
import { savedSettingsItem, settingsOriginsItem } from '../settings/sources.js';
import { sitesItem } from './sites.js';

/**
 * @internal Where the package keeps each item: its key in storage.session or storage.local, read
 * from the items themselves (auth/store.ts, settings/sources.ts, service/sites.ts), so the keys are written once.
 * For the project's own tooling and tests, which read or change stored items from a browser
 * they drive; an extension uses the client (`subscribe`, `getSettings`) and never these keys.
 * Not part of the published types, and no key is a promise to other users of the package.
 */
export const STORAGE_KEYS = {
  session: {
    tokens: tokensItem.key,
    profile: profileItem.key,
    expiresAt: expiresAtItem.key,
    apis: apisItem.key,
    transaction: transactionItem.key,
    notice: noticeItem.key,
    refreshFailures: refreshFailuresItem.key,
    generation: generationItem.key,
    metadata: metadataItem.key,
    jwks: jwksItem.key,
  },
  local: {
    hadSession: hadSessionItem.key,
    savedSettings: savedSettingsItem.key,
    settingsOrigins: settingsOriginsItem.key,
    sites: sitesItem.key,
  },
} as const;
