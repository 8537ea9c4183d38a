/**
 * What an API token's use writes, at most once a minute per token (and per refused secret) and server: its
 * last_used_at, and a `token` entry in the login history with the address and user agent of that request.
 * The request that is due waits for them (one statement each, once a minute), so the history is written by
 * the time it is answered; a failure is logged, never the request's. Other requests cost a Map read.
 */
import type { ClientInfo } from '@funnelcraft/kernel';
import { recordLoginEvent, touchApiToken, type NewLoginEvent, type Queryable } from '@funnelcraft/storage';

const EVERY_MS = 60_000;
const MAX_KEYS = 100_000;

export class TokenUseLog {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly log: (message: string) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** True at most once a minute per key. */
  private due(key: string): boolean {
    const now = this.now();
    const last = this.last.get(key);
    if (last !== undefined && now - last < EVERY_MS) return false;
    if (this.last.size >= MAX_KEYS) this.last.clear();
    this.last.set(key, now);
    return true;
  }

  used(token: { id: string; tenantId: string; userId: string }, client: ClientInfo): Promise<void> | undefined {
    if (!this.due(token.id)) return undefined;
    return this.write(async () => {
      await touchApiToken(this.db, token.id);
      await recordLoginEvent(
        this.db,
        this.event(client, { tenantId: token.tenantId, userId: token.userId, tokenId: token.id, outcome: 'success', reason: null }),
      );
    });
  }

  /** A refused token: `key` is its secret's hash (never the secret). */
  refused(
    key: string,
    who: { tenantId: string | null; userId: string | null; tokenId: string | null },
    reason: string,
    client: ClientInfo,
  ): Promise<void> | undefined {
    if (!this.due(`refused:${key}`)) return undefined;
    return this.write(() => recordLoginEvent(this.db, this.event(client, { ...who, outcome: 'failure', reason })));
  }

  private event(client: ClientInfo, e: Pick<NewLoginEvent, 'tenantId' | 'userId' | 'tokenId' | 'outcome' | 'reason'>): NewLoginEvent {
    return { ...e, method: 'token', tenantSlug: null, email: null, ip: client.ip, userAgent: client.userAgent };
  }

  private write(fn: () => Promise<void>): Promise<void> {
    return fn().catch((e: unknown) => this.log(`recording an API token's use failed: ${String(e)}`));
  }
}
