import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Refresh tokens are kept this long past their expiry. oidc-provider checks `exp` itself, and a refresh token it can
 * still find lets it report "refresh token is expired" rather than "not found", which the token endpoint turns into
 * B2C's AADB2C90080.
 */
const EXPIRED_REFRESH_TOKEN_RETENTION_MS = 24 * 60 * 60 * 1000;

interface Entry {
  readonly payload: AdapterPayload;
  readonly expiresAt: number;
}

/** Per-instance storage for oidc-provider models, with a way to revoke every grant at once. */
export interface MemoryStore {
  /** The adapter factory for oidc-provider's `adapter` setting. */
  adapterFor(model: string): Adapter;
  /** Deletes every Grant and every token or code that belongs to one. */
  revokeAllGrants(): void;
  /** Deletes every browser session (grants and tokens stay). */
  endAllSessions(): void;
}

/**
 * Creates an empty store. Unlike oidc-provider's default memory adapter it is not shared between
 * provider instances in one process and has no size limit, so tests can run several providers side by side.
 */
export function createMemoryStore(): MemoryStore {
  const entries = new Map<string, Entry>();

  const read = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key)?.payload;
  };
  const findBy = (model: string, field: 'uid' | 'userCode', value: string) => {
    for (const [key, entry] of entries) {
      if (key.startsWith(`${model}:`) && entry.payload[field] === value) return read(key);
    }
    return undefined;
  };
  const deleteWhere = (match: (key: string, payload: AdapterPayload) => boolean) => {
    for (const [key, entry] of entries) if (match(key, entry.payload)) entries.delete(key);
  };

  return {
    adapterFor: (model) => ({
      async upsert(id, payload, expiresIn) {
        const retention = model === 'RefreshToken' ? EXPIRED_REFRESH_TOKEN_RETENTION_MS : 0;
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 + retention : Infinity;
        entries.set(`${model}:${id}`, { payload, expiresAt });
      },
      find: async (id) => read(`${model}:${id}`),
      findByUid: async (uid) => findBy(model, 'uid', uid),
      findByUserCode: async (userCode) => findBy(model, 'userCode', userCode),
      async consume(id) {
        const payload = read(`${model}:${id}`);
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(`${model}:${id}`);
      },
      async revokeByGrantId(grantId) {
        deleteWhere((key, payload) => key.startsWith(`${model}:`) && payload.grantId === grantId);
      },
    }),
    revokeAllGrants() {
      deleteWhere((key, payload) => key.startsWith('Grant:') || payload.grantId !== undefined);
    },
    endAllSessions() {
      deleteWhere((key) => key.startsWith('Session:'));
    },
  };
}
