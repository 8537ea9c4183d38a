import type { TenantModel } from '@funnelcraft/definitions';
import type { Actor, Tenant } from '@funnelcraft/kernel';
import { withTransaction, type PlatformOrm, type Pool, type PoolClient } from '@funnelcraft/storage';

/** Everything a records operation needs, passed explicitly. */
export interface RecordContext {
  tenant: Tenant;
  actor: Actor;
  /** The pool, or the client of the transaction this operation runs in. */
  db: Pool | PoolClient;
  /** The platform entities (saved views); never part of `db`'s transaction. */
  orm: PlatformOrm;
  model: TenantModel;
  /** Set inside inTransaction: nested operations join the running transaction. */
  inTransaction?: boolean;
  /** Set when a rule action writes: how many actions led here (chains stop at a set depth). */
  automationDepth?: number;
  /** Set while an approved request's change is written: the write skips approval rules and that request's lock. */
  approving?: string;
}

/** Runs `fn` in a transaction, or in the one already running. */
export function inTransaction<T>(ctx: RecordContext, fn: (tx: RecordContext) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx);
  return withTransaction(ctx.db as Pool, (client) => fn({ ...ctx, db: client, inTransaction: true }));
}
