/** What resolvers receive: the session, the tenant's model, per-request loaders and the platform services. */
import type { TenantModel } from '@funnelcraft/definitions';
import { unauthenticated, type ClientInfo } from '@funnelcraft/kernel';
import type { RecordContext } from '@funnelcraft/records';
import type { PlatformOrm, Pool, UserRow } from '@funnelcraft/storage';
import type { Session, LoginResult } from '@funnelcraft/auth';
import type { LoaderRegistry } from './batch-loader.js';

/** Platform operations the static part of the data API calls (sign-in and the session); implemented by the server. */
export interface PlatformServices {
  /** Signs in (throttled, and recorded in the login history with where the request came from). */
  login(input: { tenant: string; email: string; password: string }, client: ClientInfo): Promise<LoginResult>;
  usersByIds(session: Session, ids: readonly string[]): Promise<UserRow[]>;
}

export interface ApiContext {
  db: Pool;
  /** The platform entities (saved views): each call forks its own EntityManager. */
  orm: PlatformOrm;
  session: Session | null;
  model: TenantModel;
  loaders: LoaderRegistry;
  platform: PlatformServices;
  /** Where the request came from. */
  client: ClientInfo;
}

export function requireSession(ctx: ApiContext): Session {
  if (!ctx.session) throw unauthenticated();
  return ctx.session;
}

export function recordContext(ctx: ApiContext): RecordContext {
  const session = requireSession(ctx);
  return { tenant: session.tenant, actor: session.actor, db: ctx.db, orm: ctx.orm, model: ctx.model };
}
