/**
 * PostgreSQL behind the definitions service's storage port: one transaction per apply under a per-tenant
 * advisory lock; plans are DDL (ddl-plan.ts) run in that transaction, with the version row and its NOTIFY.
 */
import type { Change, DefinitionPlan, DefinitionStorage, DefinitionTransaction, PlanStepSummary, TenantModel } from '@funnelcraft/definitions';
import { DomainError, ErrorCode, type ErrorDetail, type Tenant } from '@funnelcraft/kernel';
import { withTransaction, type Pool, type PoolClient } from './db.js';
import { planSteps, type PlanStep } from './ddl-plan.js';
import { insertVersion, latestVersion } from './definition-store.js';
import { rowWidthProblems } from './row-width.js';
import { migrateTenantSchema } from './tenant-migrations.js';

async function countLosses(tx: PoolClient, steps: PlanStep[]): Promise<void> {
  for (const s of steps) {
    if (!s.countSql) continue;
    const { rows } = await tx.query<{ n: number }>(s.countSql);
    s.valuesLost = rows[0]?.n ?? 0;
  }
}

async function runChecks(tx: PoolClient, steps: PlanStep[]): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const s of steps) {
    for (const check of s.checks) {
      const { rows } = await tx.query<{ id: string; value: string }>(check.sql);
      if (rows.length) {
        problems.push({
          path: s.field ? `${s.object}.${s.field}` : s.object,
          message: `${check.message}: ${rows.length}${rows.length === 20 ? '+' : ''} row(s) would not convert`,
          rows,
        });
      }
    }
  }
  if (problems.length) throw new DomainError(ErrorCode.ConversionFailed, 'Some existing values cannot be converted; fix or clear them first', problems);
}

/** Saved views and attachments are keyed by object name in the platform schema: a renamed object keeps them. */
async function carryOverRenames(tx: PoolClient, tenant: Tenant, changes: readonly Change[]): Promise<void> {
  for (const c of changes) {
    if (c.action !== 'rename_object') continue;
    for (const table of ['saved_views', 'attachments']) {
      await tx.query(`UPDATE platform.${table} SET object = $3 WHERE tenant_id = $1 AND object = $2`, [tenant.id, c.from.name, c.object.name]);
    }
  }
}

const summary = ({ countSql: _c, checks: _k, after: _a, ...rest }: PlanStep): PlanStepSummary => rest;

class PgDefinitionTransaction implements DefinitionTransaction {
  constructor(
    private readonly tx: PoolClient,
    private readonly tenant: Tenant,
  ) {}

  latest() {
    return latestVersion(this.tx, this.tenant.id);
  }

  async plan(changes: readonly Change[], after: TenantModel): Promise<DefinitionPlan> {
    const { tx, tenant } = this;
    const tooWide = rowWidthProblems(changes, after);
    if (tooWide.length) throw new DomainError(ErrorCode.InvalidDefinition, 'An object has more fields than fit in a PostgreSQL row', tooWide);
    const steps = planSteps(tenant.schema, changes, after.byName);
    await countLosses(tx, steps);
    return {
      steps: steps.map(summary),
      async execute() {
        await migrateTenantSchema(tx, tenant);
        await runChecks(tx, steps);
        for (const s of steps) for (const sql of s.sql) await tx.query(sql);
        for (const s of steps) for (const sql of s.after) await tx.query(sql);
        await carryOverRenames(tx, tenant, changes);
      },
    };
  }

  async unknownUsers(ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const { rows } = await this.tx.query<{ id: string }>('SELECT id FROM platform.users WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [this.tenant.id, ids]);
    const found = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !found.has(id));
  }

  async unknownTeams(refs: readonly string[]): Promise<string[]> {
    if (!refs.length) return [];
    const { rows } = await this.tx.query<{ ref: string }>(
      `SELECT r.ref FROM unnest($2::text[]) AS r(ref)
        WHERE NOT EXISTS (SELECT 1 FROM platform.teams t WHERE t.tenant_id = $1 AND (t.id::text = lower(r.ref) OR lower(t.name) = lower(r.ref)))`,
      [this.tenant.id, refs],
    );
    return rows.map((r) => r.ref);
  }

  recordVersion(v: { version: number; documents: TenantModel['documents']; hash: string; plan: PlanStepSummary[]; appliedBy: string | null }): Promise<void> {
    return insertVersion(this.tx, { tenantId: this.tenant.id, ...v });
  }
}

export class PgDefinitionStorage implements DefinitionStorage {
  constructor(private readonly pool: Pool) {}

  transaction<T>(tenant: Tenant, work: (tx: DefinitionTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`definitions:${tenant.id}`]);
      return work(new PgDefinitionTransaction(tx, tenant));
    });
  }
}
