/**
 * API tokens by the hash of their secret, for authenticating requests: one lookup per token and server, then
 * a Map read per request (the same cost as a JWT's cached verification). Negative answers are kept too: a new
 * token's secret is random, so no request can have asked for it before it existed.
 *
 * A revoke announces the tenant on ACCESS_CHANNEL (the access directory's LISTEN calls `forget`), and the
 * revoking server forgets before answering. A lookup that started before an announcement is not kept (epoch),
 * and a lost LISTEN connection drops everything (`clear`). Expiry is checked on each use, against the clock.
 */
import { Lru } from '@funnelcraft/kernel';
import { findApiTokenByHash, type ApiTokenCredential, type Queryable } from '@funnelcraft/storage';

export interface CachedApiToken extends ApiTokenCredential {
  expiresAtMs: number;
}

const CAPACITY = 50_000;

export class ApiTokenDirectory {
  private readonly byHash: Lru<string, CachedApiToken | null>;
  private readonly hashesOf = new Map<string, Set<string>>();
  private epoch = 0;

  constructor(private readonly db: Queryable) {
    this.byHash = new Lru(CAPACITY, (token, hash) => {
      if (token) this.hashesOf.get(token.tenant.id)?.delete(hash);
    });
  }

  /** The token with this secret hash; null when there is none. */
  async lookup(hash: string): Promise<CachedApiToken | null> {
    const cached = this.byHash.get(hash);
    if (cached !== undefined) return cached;
    const epoch = this.epoch;
    const row = await findApiTokenByHash(this.db, hash);
    const token = row ? { ...row, expiresAtMs: Date.parse(row.expiresAt) } : null;
    if (epoch === this.epoch) {
      this.byHash.set(hash, token);
      if (token) (this.hashesOf.get(token.tenant.id) ?? this.hashesOf.set(token.tenant.id, new Set()).get(token.tenant.id)!).add(hash);
    }
    return token;
  }

  /** Drops the tenant's tokens (one was revoked); their next use reads them again. */
  forget(tenantId: string): void {
    this.epoch++;
    for (const hash of this.hashesOf.get(tenantId) ?? []) this.byHash.delete(hash);
    this.hashesOf.delete(tenantId);
  }

  clear(): void {
    this.epoch++;
    this.byHash.clear();
    this.hashesOf.clear();
  }
}
