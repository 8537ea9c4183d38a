/**
 * Memory figures, measured in a process of their own (`node --expose-gc bench/dist/heap.js <databaseUrl>`)
 * so nothing else the bench did is on the heap: the schema for 50 objects × 40 fields, and the retained heap
 * of 100 tenants with identical definitions against one. Prints one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { validateDefinitions } from '@funnelcraft/definitions';
import { buildTenantSchema, LoaderRegistry } from '@funnelcraft/graphql-api';
import { DefinitionService } from '@funnelcraft/definitions';
import { createPool, createTenant, createUser, openPlatformOrm, PgDefinitionStorage, type PlatformOrm, type Pool } from '@funnelcraft/storage';
import { TenantSchemas } from '../../apps/server/dist/tenant-schemas.js';
import type { Platform } from '../../apps/server/dist/platform.js';
import type { Session } from '@funnelcraft/auth';
import v8 from 'node:v8';
import { gc, heapUsedMb, median } from './measure.js';

export function wideModel(objects: number, fields: number): unknown[] {
  const kinds = ['text', 'number', 'date', 'boolean', 'email', 'currency', 'percent', 'datetime'];
  return Array.from({ length: objects }, (_, o) => ({
    type: 'object',
    'x-object': `object${o}`,
    properties: Object.fromEntries(
      Array.from({ length: fields }, (_, f) => {
        if (f === 0 && o > 0) return ['parent', { 'x-kind': 'lookup', 'x-target': `object${o - 1}` }];
        if (f === 1) return ['status', { 'x-kind': 'single_select', 'x-options': [{ value: 'a' }, { value: 'b' }] }];
        return [`field${f}`, { 'x-kind': kinds[f % kinds.length] }];
      }),
    ),
  }));
}

function schemaFigures(quick: boolean): { schemaBuildMs: number; schemaHeapMb: number } {
  const model = validateDefinitions(wideModel(50, 40));
  const times: number[] = [];
  for (let i = 0; i < (quick ? 10 : 30); i++) {
    const t0 = performance.now();
    buildTenantSchema(model).getTypeMap();
    times.push(performance.now() - t0);
  }
  const before = heapUsedMb();
  const kept = buildTenantSchema(model);
  kept.getTypeMap();
  const after = heapUsedMb();
  if (!kept.getQueryType()) throw new Error('unreachable');
  return { schemaBuildMs: median(times), schemaHeapMb: after - before };
}

/**
 * Tenants use a model of 20 objects × 30 fields: its compiled schema (about 2 MB) is large against the
 * runtime's own drift between measurements (JIT code, feedback: a few hundred KB), so the ratio is stable.
 */
async function tenantFigures(pool: Pool, orm: PlatformOrm): Promise<{ oneMb: number; hundredMb: number }> {
  const docs = wideModel(20, 30);
  const sessions: Session[] = [];
  for (let i = 0; i < 100; i++) {
    const tenant = await createTenant(orm, { slug: `heap_${i}_${Date.now().toString(36)}`, name: 'heap' });
    const user = await createUser(orm, { tenantId: tenant.id, email: 'heap@x.test', name: 'heap', passwordHash: 'x', roles: ['admin'] });
    const actor = { userId: user.id, email: user.email, roles: user.roles };
    await new DefinitionService(new PgDefinitionStorage(pool)).apply(tenant, actor, { documents: docs });
    sessions.push({ tenant, actor });
  }
  // One real request per tenant, as the server runs it: model, compiled schema, an executed query.
  const touch = async (session: Session, schemas: TenantSchemas) => {
    const model = await schemas.modelFor(session.tenant);
    const res = await schemas
      .executorFor(model)
      .run(
        { method: 'POST', contentType: 'application/json', preflighted: true, body: { query: '{ object0s(first: 1) { totalCount } }' }, query: {} },
        { db: pool, orm, session, model, loaders: new LoaderRegistry(), platform: {} as Platform, client: { ip: null, userAgent: null } },
      );
    if (res.status !== 200 || res.body.includes('"errors"')) throw new Error(res.body);
  };
  const dataHeapMb = () => {
    gc();
    // Objects only: code space (compiled functions) grows and shrinks with the JIT, not with tenants.
    return (
      v8
        .getHeapSpaceStatistics()
        .filter((sp) => !sp.space_name.startsWith('code'))
        .reduce((n, sp) => n + sp.space_used_size, 0) / 1048576
    );
  };
  // Warm up with a cache of its own (kept alive), so lazily compiled code and module state are not counted as
  // tenants; the measured cache then starts empty.
  const warm = new TenantSchemas(pool, () => undefined);
  for (const s of sessions.slice(0, 3)) await touch(s, warm);
  const schemas = new TenantSchemas(pool, () => undefined);
  const base = dataHeapMb();
  await touch(sessions[0]!, schemas);
  const oneMb = dataHeapMb() - base;
  for (const s of sessions.slice(1)) await touch(s, schemas);
  const hundredMb = dataHeapMb() - base;
  await schemas.close();
  await warm.close();
  return { oneMb, hundredMb };
}

const [databaseUrl, mode] = process.argv.slice(2);
const pool = createPool(databaseUrl!, 4);
const orm = await openPlatformOrm(databaseUrl!, 2);
try {
  const schema = schemaFigures(mode === 'quick');
  const tenants = await tenantFigures(pool, orm);
  console.log(JSON.stringify({ ...schema, ...tenants }));
} finally {
  await orm.close();
  await pool.end();
}
