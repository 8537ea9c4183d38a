/**
 * Turns committed record events into rule runs: claims undispatched events (SKIP LOCKED, so several servers
 * share the work and none takes an event twice), matches the tenant's rules, writes the batch's runs with their
 * action rows in one statement and enqueues the first actions' batch jobs, and marks the events dispatched,
 * all in one transaction: a handful of statements per BATCH events, not several per event.
 */
import { matchRules } from '@funnelcraft/definitions';
import { claimAutomationEvents, insertRuns, markEventsDispatched, withTransaction, type NewRun, type Pool } from '@funnelcraft/storage';
import type { AutomationModels } from './models.js';
import { rescheduleTimers } from './timers.js';

/** Chains (a rule's write firing rules) stop at this depth; the run log says so. */
export const MAX_CHAIN_DEPTH = 5;
export const DISPATCH_BATCH = 500;

export async function dispatchBatch(pool: Pool, models: AutomationModels, log: (m: string) => void): Promise<number> {
  return withTransaction(pool, async (tx) => {
    const events = await claimAutomationEvents(tx, DISPATCH_BATCH);
    const runs: NewRun[] = [];
    const applied = new Map<string, Awaited<ReturnType<AutomationModels['load']>>>();
    for (const e of events) {
      if (!applied.has(e.tenantId)) applied.set(e.tenantId, await models.load(tx, e.tenantId));
      const a = applied.get(e.tenantId);
      if (!a) continue;
      await rescheduleTimers(tx, a.model, e);
      for (const m of matchRules(a.model, {
        object: e.object,
        kind: e.kind,
        record: e.record,
        previous: e.previous,
        actorId: e.actorId,
        at: new Date(e.createdAt),
      })) {
        const tooDeep = e.depth >= MAX_CHAIN_DEPTH;
        if (tooDeep)
          log(`automation: rule ${m.rule.key} not run for ${e.object} ${e.recordId}: chain depth ${e.depth} reached the limit of ${MAX_CHAIN_DEPTH}`);
        const holds = m.conditionResult && !tooDeep;
        runs.push({
          tenantId: e.tenantId,
          rule: m.rule.key,
          ruleVersion: a.version,
          eventId: e.id,
          eventKind: e.kind,
          object: e.object,
          recordId: e.recordId,
          conditionResult: m.conditionResult,
          depth: e.depth,
          runAs: m.rule.runAs ?? null,
          note: tooDeep ? `chain depth limit ${MAX_CHAIN_DEPTH} reached: actions not run` : m.error ? `condition failed: ${m.error}` : undefined,
          actions: holds ? m.rule.actions.map((x) => x.type) : [],
        });
      }
    }
    await insertRuns(tx, runs);
    await markEventsDispatched(
      tx,
      events.map((e) => e.id),
    );
    return events.length;
  });
}
