import { STORAGE_KEYS } from 'mv3-signin/settings';
import { describe, expect, it } from 'vitest';
import * as store from '../../packages/mv3-signin/src/auth/store';
import * as sources from '../../packages/mv3-signin/src/settings/sources';
import * as sites from '../../packages/mv3-signin/src/service/sites';

// Every stored item the package defines (auth/store.ts, settings/sources.ts, service/sites.ts).
const ITEMS = ([...Object.values(store), ...Object.values(sources), ...Object.values(sites)] as unknown[]).filter(
  (value): value is { area: string; key: string } =>
    typeof value === 'object' && value !== null && 'area' in value && 'key' in value,
);

describe('STORAGE_KEYS', () => {
  it('names every stored item once, in the area it lives in', () => {
    const listed = Object.entries(STORAGE_KEYS).flatMap(([area, keys]) => Object.values(keys).map((key) => `${area}:${key}`));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(ITEMS.map((item) => `${item.area}:${item.key}`).sort());
  });
});
