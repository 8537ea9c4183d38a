/**
 * Which rules a committed record write fires, in their explicit order, and whether each one's condition holds.
 * Pure: the server's dispatcher hands it the event as the write's statement recorded it.
 */
import { evaluate, isTruthy } from '@funnelcraft/expressions';
import type { TenantModel } from './model.js';
import type { RuleModel } from './rule-model.js';
import { isApprovalRule } from './approval-model.js';

export interface RecordWriteEvent {
  object: string;
  kind: 'created' | 'updated' | 'deleted' | 'restored' | string;
  record: Record<string, unknown>;
  previous: Record<string, unknown> | null;
  actorId: string | null;
  at: Date;
}

export interface RuleMatch {
  rule: RuleModel;
  conditionResult: boolean;
  /** Why the condition could not be evaluated, when it threw (the run is logged as not holding). */
  error?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function fires(rule: RuleModel, e: RecordWriteEvent, model: TenantModel): boolean {
  const t = rule.trigger;
  const prev = e.previous ?? {};
  switch (t.type) {
    case 'created':
    case 'updated':
    case 'deleted':
    case 'restored':
      return e.kind === t.type;
    case 'fields_changed': {
      if (e.kind !== 'updated') return false;
      const changed = t.fields.filter((f) => !same(prev[f], e.record[f]));
      if (!changed.length) return false;
      if (t.from !== undefined && !same(prev[t.fields[0]!], t.from)) return false;
      if (t.to !== undefined && !same(e.record[t.fields[0]!], t.to)) return false;
      return true;
    }
    case 'stage_changed': {
      if (e.kind !== 'updated' || same(prev['stage'], e.record['stage'])) return false;
      const pipeline = String(e.record['pipeline'] ?? '');
      if (t.pipeline !== undefined && pipeline !== t.pipeline) return false;
      if (t.from !== undefined && prev['stage'] !== t.from) return false;
      if (t.to !== undefined && e.record['stage'] !== t.to) return false;
      if (t.toCategory !== undefined && model.pipelines.get(pipeline)?.stageByKey.get(String(e.record['stage']))?.category !== t.toCategory) return false;
      return true;
    }
    default:
      return false;
  }
}

/** The variables a condition sees: new.*, old.*, actor.id, now, today. */
export const conditionData = (e: RecordWriteEvent): Record<string, unknown> => ({
  new: e.record,
  old: e.previous ?? {},
  actor: { id: e.actorId },
  now: e.at.toISOString(),
  today: e.at.toISOString().slice(0, 10),
});

/**
 * The enabled rules the event fires, lowest order first, each with its condition's result: the rules whose
 * actions run after commit, or (`approvals`) the approval rules the records service matches before a write.
 */
export function matchRules(model: TenantModel, e: RecordWriteEvent, approvals = false): RuleMatch[] {
  const rules = [...model.rules.values()]
    .filter((r) => r.enabled && r.object === e.object && isApprovalRule(r) === approvals && fires(r, e, model))
    .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
  const data = conditionData(e);
  return rules.map((rule) => {
    if (rule.condition === undefined) return { rule, conditionResult: true };
    try {
      return { rule, conditionResult: isTruthy(evaluate(rule.condition, data)) };
    } catch (err) {
      return { rule, conditionResult: false, error: (err as Error).message };
    }
  });
}

/** A template with its merge fields filled from the record (`{{name}}`, `{{account.name}}` from `lookups`). */
export function fillTemplate(template: string, values: Record<string, unknown>, at: Date): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => {
    if (name === 'now') return at.toISOString();
    if (name === 'today') return at.toISOString().slice(0, 10);
    const v = name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), values);
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/** The template of a language (the recipient's), else English, else the first one. */
export const localized = (t: string | Record<string, string>, language: string | undefined): string =>
  typeof t === 'string' ? t : ((language && t[language]) ?? t['en'] ?? Object.values(t)[0] ?? '');
