import { extensionApi, type StorageArea } from './browser.js';

type Area = 'local' | 'session';

let stores: Partial<Record<Area, StorageArea>> = {};

/** @internal The stores in use from now on (createSignIn's `storage`); the extension's for an area not given. */
export function useStorage(given: Partial<Record<Area, StorageArea>> | undefined): void {
  stores = given ?? {};
}

/** @internal Where `area`'s items are kept: the store given to createSignIn, else the extension's. */
export function storageArea(area: Area): StorageArea {
  return stores[area] ?? extensionApi().storage[area];
}

/** One typed value in extension storage. */
export interface StorageItem<T> {
  readonly area: Area;
  readonly key: string;
  getValue(): Promise<T | null>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
}

/**
 * Defines an item as `area:key`. A dozen lines in place of a storage library, for the bundle
 * budgets (npm run bench:size).
 */
/*#__NO_SIDE_EFFECTS__*/
export function defineItem<T>(spec: `${Area}:${string}`): StorageItem<T> {
  const [area, key] = spec.split(':', 2) as [Area, string];
  const store = () => storageArea(area);
  return {
    area,
    key,
    async getValue() {
      const values = await store().get(key);
      return (values[key] as T | undefined) ?? null;
    },
    setValue: (value) => store().set({ [key]: value }),
    removeValue: () => store().remove(key),
  };
}

/**
 * Writes several items of one area together: the values to set in one call (which is atomic),
 * and the removals (`null`) in another, sent at once without waiting for the first.
 */
export async function writeItems(area: Area, entries: ReadonlyArray<readonly [StorageItem<unknown>, unknown]>): Promise<void> {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [item, value] of entries) {
    if (item.area !== area) throw new TypeError(`"${item.key}" is not in storage.${area}`);
    if (value === null || value === undefined) remove.push(item.key);
    else set[item.key] = value;
  }
  await Promise.all([
    Object.keys(set).length > 0 && storageArea(area).set(set),
    remove.length > 0 && storageArea(area).remove(remove),
  ]);
}
