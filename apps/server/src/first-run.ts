/**
 * First start: the demo tenant, its admin (password from ADMIN_PASSWORD or generated and printed once), the
 * standard sales model applied through the one definition pipeline, and sample records through the records
 * service. Idempotent: a tenant that exists is left alone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { hashPassword } from '@funnelcraft/auth';
import { createRecords, type RecordContext } from '@funnelcraft/records';
import { createTenant, createUser, findTenantBySlug, importStageHistory, insertTeam, scheduleRuleTimer, updateUserAccess } from '@funnelcraft/storage';
import type { Platform } from './platform.js';
import { fireTime } from './automation/timers.js';
import { DEMO_REPS, DEMO_SALES_TEAM, demoData, demoRules, demoSalesModel } from './demo-data.js';

const SALES_MODEL_DIR = new URL('../../../schemas/examples/sales/', import.meta.url);

export function salesModelDocuments(): unknown[] {
  return readdirSync(SALES_MODEL_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, SALES_MODEL_DIR), 'utf8')) as unknown);
}

export async function seedDemoTenant(platform: Platform): Promise<void> {
  const { pool, orm, config } = platform;
  if (await findTenantBySlug(orm, 'demo')) return;
  const password = config.adminPassword ?? randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  // Tenant and admin in one ORM transaction; the lock makes a second server starting at once wait, then see it.
  const created = await orm.em.fork().transactional(async (tx) => {
    await tx.execute('SELECT pg_advisory_xact_lock(728002)');
    if (await findTenantBySlug(tx, 'demo')) return undefined;
    const tenant = await createTenant(tx, { slug: 'demo', name: 'Demo Company', currency: 'USD' });
    const user = await createUser(tx, { tenantId: tenant.id, email: config.adminEmail, name: 'Admin', passwordHash, roles: ['admin'] });
    // The sales team the new-lead rule deals round: the admin manages it and is in it with two sample reps, whose
    // passwords nobody knows (an admin sends them invite links).
    const team = insertTeam(tx, { tenantId: tenant.id, name: DEMO_SALES_TEAM, parentId: null, managerId: user.id });
    await tx.flush();
    const domain = config.adminEmail.split('@')[1] ?? 'demo.local';
    const repHash = await hashPassword(randomBytes(18).toString('base64url'));
    const members = [user];
    for (const rep of DEMO_REPS)
      members.push(await createUser(tx, { tenantId: tenant.id, email: `${rep.local}@${domain}`, name: rep.name, passwordHash: repHash, roles: ['member'] }));
    for (const member of members) await updateUserAccess(tx, tenant.id, member.id, { teamId: team.id });
    return { tenant, user, reps: members.slice(1).map((m) => m.id) };
  });
  if (!created) return;
  const { tenant, user, reps } = created;
  const actor = { userId: user.id, email: user.email, roles: user.roles };
  const applied = await platform.services.definitions.apply({ tenant, actor }, { documents: demoSalesModel(salesModelDocuments()) });
  const ctx: RecordContext = { tenant, actor, db: pool, orm, model: applied.model };
  const data = demoData();
  const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r['id'] as string);
  const accounts = ids(await createRecords(ctx, 'account', data.accounts));
  const contactRows = await createRecords(
    ctx,
    'contact',
    accounts.flatMap((account, i) => data.contacts(1 + (i % 3)).map((c) => ({ ...c, account }))),
  );
  const contacts = ids(contactRows);
  await createRecords(ctx, 'lead', data.leads);
  const opportunityRows = await createRecords(ctx, 'opportunity', data.opportunities(accounts));
  const opportunities = ids(opportunityRows);
  await createRecords(ctx, 'opportunityContactRole', contactRoles(opportunityRows, contactRows));
  const history = data.stageHistory(
    opportunityRows.map((o) => ({
      id: o['id'] as string,
      stage: o['stage'] as string,
      amount: (o['amount'] as { amount: number } | null)?.amount ?? null,
    })),
    new Date(),
  );
  await importStageHistory(
    pool,
    tenant.schema,
    'opportunity',
    'opportunity',
    history.entries.map((e) => ({ ...e, object: 'opportunity', pipeline: 'newBusiness', movedBy: user.id, currency: 'USD' })),
    history.enteredAt,
  );
  await createRecords(ctx, 'activity', data.activities({ accounts, contacts, opportunities }));
  // The rules come after the sample records, so seeding fires none of them; the open deals' close-date reminders
  // still to come are scheduled as a write of each would have scheduled them.
  const withRules = await platform.services.definitions.apply({ tenant, actor }, { documents: demoRules(reps) });
  const now = Date.now();
  for (const rule of withRules.model.rules.values()) {
    if (!rule.enabled || rule.trigger.type !== 'time_relative' || rule.object !== 'opportunity') continue;
    for (const o of opportunityRows) {
      const at = fireTime(rule, o);
      if (at && Date.parse(at) > now) await scheduleRuleTimer(pool, { tenantId: tenant.id, rule: rule.key, recordId: o['id'] as string, at });
    }
  }
  config.log(`created tenant "demo" with sample data; sign in as ${config.adminEmail}`);
  if (!config.adminPassword) config.log(`generated admin password (shown once): ${password}`);
}

/** Each deal's contacts in their parts: the account's first contact decides (the primary), the others influence and use. */
const ROLES = ['decisionMaker', 'influencer', 'user'];
function contactRoles(opportunities: Record<string, unknown>[], contacts: Record<string, unknown>[]): Record<string, unknown>[] {
  const byAccount = new Map<unknown, string[]>();
  for (const c of contacts) byAccount.set(c['account'], [...(byAccount.get(c['account']) ?? []), c['id'] as string]);
  return opportunities.flatMap((o) =>
    (byAccount.get(o['account']) ?? []).map((contact, i) => ({ opportunity: o['id'], contact, role: ROLES[i] ?? 'other', isPrimary: i === 0 })),
  );
}
