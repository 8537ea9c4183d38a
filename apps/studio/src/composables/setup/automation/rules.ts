/**
 * Setup › Automation as data: the rule documents among the applied definitions, read as list rows (label,
 * object, trigger, enabled, order) joined with what their runs did (the generated AutomationRules query's
 * shapes), and the document a toggle applies. Pure functions, with a spec beside them.
 */
import type { AutomationRulesQuery } from '../../../api/platform-operations.generated';
import type { Labels } from '../../../api/platform-json';
import { isRuleDocument } from '../documents';

type Doc = Record<string, unknown>;
export type RuleStats = AutomationRulesQuery['automationRuleStats'][number];

export interface RuleTrigger {
  type: string;
  [key: string]: unknown;
}

export interface RuleRow {
  key: string;
  object: string;
  labels: Labels | null;
  /** The rule's English title, else its API name: the label when the document has none in the language. */
  fallback: string;
  trigger: RuleTrigger;
  enabled: boolean;
  order: number;
  actions: string[];
  runs: number;
  lastRunAt: string | null;
  failures: number;
  document: Doc;
}

const asDoc = (d: unknown): Doc | null => (d && typeof d === 'object' && !Array.isArray(d) ? (d as Doc) : null);

/** The rules, by object then order then name, each with its run figures (none yet: zero and null). */
export function ruleRows(definitions: readonly unknown[], stats: readonly RuleStats[]): RuleRow[] {
  const byRule = new Map(stats.map((s) => [s.rule, s]));
  return definitions
    .filter(isRuleDocument)
    .map((doc): RuleRow => {
      const key = String(doc['x-rule']);
      const s = byRule.get(key);
      const trigger = asDoc(doc['trigger']);
      const actions = Array.isArray(doc['actions']) ? doc['actions'] : [];
      return {
        key,
        object: String(doc['x-object'] ?? ''),
        labels: (asDoc(doc['x-label']) as Labels | null) ?? null,
        fallback: typeof doc['title'] === 'string' && doc['title'] ? doc['title'] : key,
        trigger: { ...(trigger ?? {}), type: String(trigger?.['type'] ?? '') },
        enabled: doc['enabled'] !== false,
        order: typeof doc['order'] === 'number' ? doc['order'] : 0,
        actions: actions.map((a) => String(asDoc(a)?.['type'] ?? '')),
        runs: s?.runs ?? 0,
        lastRunAt: s?.lastRunAt ?? null,
        failures: s?.failures ?? 0,
        document: doc,
      };
    })
    .sort((a, b) => a.object.localeCompare(b.object) || a.order - b.order || a.key.localeCompare(b.key));
}

/** The rule's document as applied with `enabled` set: the one document a toggle sends (documents are upserts). */
export const withEnabled = (doc: Doc, enabled: boolean): Doc => ({ ...doc, enabled });
