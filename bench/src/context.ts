/** What every bench group gets: a running server on a fresh embedded PostgreSQL, and helpers to reach it. */
import { signToken } from '@funnelcraft/auth';
import type { Tenant } from '@funnelcraft/kernel';
import { DefinitionService, type ApplyRequest } from '@funnelcraft/definitions';
import { createPool, createTenant, createUser, openPlatformOrm, PgDefinitionStorage, type PlatformOrm, type Pool } from '@funnelcraft/storage';
import { HttpClient } from './http-client.js';
import type { Report } from './report.js';

export interface BenchTenant {
  tenant: Tenant;
  userId: string;
  token: string;
}

export interface BenchContext {
  /** The server under test, in its own process. */
  url: string;
  /** A separate pool for the raw-SQL side of each comparison. */
  sql: Pool;
  databaseUrl: string;
  quick: boolean;
  report: Report;
  newTenant(slug: string): Promise<BenchTenant>;
  /** Another user of the tenant (a record owner); returns its id. */
  newUser(t: BenchTenant, name: string): Promise<string>;
  apply(t: BenchTenant, request: ApplyRequest): Promise<void>;
  gql(token: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>>;
  /** A request to the platform API (/graphql/platform): setup, not measured. */
  platform(token: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>>;
  close(): Promise<void>;
}

// Argon2 is not what is measured here: bench users get a fixed placeholder hash and tokens signed directly.
const NO_LOGIN_HASH = '$argon2id$v=19$m=65536,t=3,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Server-side durations reported by the server (Server-Timing), for telling server time from the network. */
export const serverTimes: number[] = [];

export function benchContext(url: string, secret: string, databaseUrl: string, quick: boolean, report: Report): BenchContext {
  const sql = createPool(databaseUrl, 10);
  // Tenants and users are ORM entities; opened on first use (bench groups that make no tenant need none).
  let orm: Promise<PlatformOrm> | undefined;
  const platformOrm = () => (orm ??= openPlatformOrm(databaseUrl, 2));
  const http = new HttpClient(url);
  return {
    url,
    sql,
    databaseUrl,
    quick,
    report,
    async newTenant(slug) {
      const tenant = await createTenant(await platformOrm(), { slug, name: slug });
      const user = await createUser(await platformOrm(), {
        tenantId: tenant.id,
        email: `bench@${slug}.test`,
        name: 'Bench',
        passwordHash: NO_LOGIN_HASH,
        roles: ['admin'],
      });
      const token = signToken({ sub: user.id, tid: tenant.id, ten: tenant.slug, email: user.email, roles: user.roles, cur: tenant.currency }, secret);
      return { tenant, userId: user.id, token };
    },
    async newUser(t, name) {
      const user = await createUser(await platformOrm(), {
        tenantId: t.tenant.id,
        email: `${name}@${t.tenant.slug}.test`,
        name,
        passwordHash: NO_LOGIN_HASH,
        roles: ['admin'],
      });
      return user.id;
    },
    async apply(t, request) {
      const actor = { userId: t.userId, email: 'bench', roles: ['admin'] };
      // The server process learns of the new version through NOTIFY, as a second server would.
      await new DefinitionService(new PgDefinitionStorage(sql)).apply(t.tenant, actor, request);
    },
    async gql(token, query, variables = {}) {
      const res = await http.post('/graphql', { 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ query, variables }));
      const timing = /app;dur=([\d.]+)/.exec(res.headers);
      if (timing) serverTimes.push(Number(timing[1]));
      const body = JSON.parse(res.body) as { data: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async platform(token, query, variables = {}) {
      const res = await http.post(
        '/graphql/platform',
        { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        JSON.stringify({ query, variables }),
      );
      const body = JSON.parse(res.body) as { data: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
    async close() {
      http.close();
      await (await orm)?.close();
      await sql.end();
    },
  };
}
