/** What resolvers receive: the session, the tenant's model, per-request loaders and the platform services. */
import type { ApplyRequest, ApplyResult, TenantModel } from '@funnelcraft/definitions';
import { unauthenticated } from '@funnelcraft/kernel';
import type { RecordContext } from '@funnelcraft/records';
import type { Attachment, CurrencyRate, Pool, UserRow, VersionSummary } from '@funnelcraft/storage';
import type { Session, LoginResult } from '@funnelcraft/auth';
import type { LoaderRegistry } from './batch-loader.js';

/** Platform operations the static part of the API calls; implemented by the server. */
export interface PlatformServices {
  login(input: { tenant: string; email: string; password: string }): Promise<LoginResult>;
  applyDefinitions(session: Session, request: ApplyRequest): Promise<ApplyResult>;
  definitionHistory(session: Session, limit: number): Promise<VersionSummary[]>;
  usersByIds(session: Session, ids: readonly string[]): Promise<UserRow[]>;
  listUsers(session: Session): Promise<UserRow[]>;
  currencyRates(session: Session): Promise<CurrencyRate[]>;
  setCurrencyRates(session: Session, rates: { currency: string; rate: number }[]): Promise<CurrencyRate[]>;
  attachments(session: Session, object: string, recordId: string): Promise<Attachment[]>;
  deleteAttachment(session: Session, id: string): Promise<boolean>;
  createUser(session: Session, input: { email: string; name: string; password: string; roles: string[] }): Promise<UserRow>;
}

export interface ApiContext {
  db: Pool;
  session: Session | null;
  model: TenantModel;
  loaders: LoaderRegistry;
  platform: PlatformServices;
}

export function requireSession(ctx: ApiContext): Session {
  if (!ctx.session) throw unauthenticated();
  return ctx.session;
}

export function recordContext(ctx: ApiContext): RecordContext {
  const session = requireSession(ctx);
  return { tenant: session.tenant, actor: session.actor, db: ctx.db, model: ctx.model };
}
