/**
 * Scheduled triggers: graphile-worker's crontab runs `automation_cron` once a minute across all servers (its
 * known-crontabs row lets one server schedule each tick; a tick missed while no server ran is back-filled).
 * The tick finds the tenants whose definitions hold scheduled rules and, for each rule whose cron names this
 * minute in its time zone (the rule's, else the tenant's), makes a run for every record its filter and condition
 * select, in one statement per rule keyed by rule + tick + record: a tick handled twice makes its runs once.
 */
import { cronMatches, scheduledSelection, scheduleTimeZone } from '@funnelcraft/definitions';
import { insertScheduledRuns, tenantsWithScheduledRules, withTransaction, type Pool } from '@funnelcraft/storage';
import type { AutomationModels } from './models.js';

/** The crontab line (graphile-worker syntax): every minute, back-filling ticks up to an hour old. */
export const AUTOMATION_CRONTAB = '* * * * * automation_cron ?fill=1h&max=3';

/** Fires the scheduled rules due at the tick's minute; returns the runs made. */
export async function fireSchedules(pool: Pool, models: AutomationModels, at: Date, log: (m: string) => void): Promise<number> {
  const tick = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  let made = 0;
  const failed: string[] = [];
  for (const { tenantId, timeZone } of await tenantsWithScheduledRules(pool)) {
    try {
      made += await withTransaction(pool, async (tx) => {
        const applied = await models.load(tx, tenantId);
        if (!applied) return 0;
        let n = 0;
        for (const rule of applied.model.rules.values()) {
          if (!rule.enabled || rule.trigger.type !== 'scheduled' || !rule.cron) continue;
          const tz = scheduleTimeZone(rule, timeZone);
          if (!cronMatches(rule.cron, tick, tz)) continue;
          n += await insertScheduledRuns(tx, {
            tenantId,
            schema: applied.tenant.schema,
            object: applied.model.byName.get(rule.object)!,
            selection: scheduledSelection(rule, tick, tz),
            rule: rule.key,
            ruleVersion: applied.version,
            tick: tick.toISOString(),
            runAs: rule.runAs ?? null,
            actions: rule.actions.map((a) => a.type),
          });
        }
        return n;
      });
    } catch (e) {
      log(`automation: scheduled rules of tenant ${tenantId} failed at ${tick.toISOString()}: ${String(e)}`);
      failed.push(tenantId);
    }
  }
  // The job is retried: the tenants that succeeded make no second runs (keyed by tick).
  if (failed.length) throw new Error(`scheduled rules failed for ${failed.length} tenant(s) at ${tick.toISOString()}`);
  return made;
}
