/**
 * The rule kind (`x-rule`): automation rules on an object. A rule adds no column or table: applying one stores
 * a new definition version (the server's automation reads the rules of the version it serves), so its diff is empty.
 */
import type { DocumentKind } from './document-kind.js';
import { approvalProblems, approvalUserRefs, isApprovalRule } from './approval-model.js';
import { buildRule, RULE_META_SCHEMA, ruleTeamRefs, ruleUserRefs, triggerKey, type RuleDocument } from './rule-model.js';

export const ruleKind: DocumentKind<RuleDocument> = {
  kind: 'rule',
  key: 'x-rule',
  metaSchema: RULE_META_SCHEMA,
  attach: (docs, draft, problems) => {
    const orders = new Map<string, string>();
    for (const { doc, path } of docs) {
      if (draft.rules.has(doc['x-rule'])) problems.push({ path: `${path}.x-rule`, message: `rule "${doc['x-rule']}" appears twice` });
      const before = problems.length;
      const rule = buildRule(doc, draft.byName, draft.pipelines, path, problems);
      approvalProblems(doc, draft.roles, draft.stored, path, problems);
      if (!rule || problems.length > before) continue;
      draft.rules.set(rule.key, rule);
      // Several rules on one trigger run in an order the admin chose, never one the database happened to return.
      // Approval rules are matched before the write, the others after it: each phase has its own orders.
      const slot = `${triggerKey(rule)}#${isApprovalRule(rule) ? 'approval#' : ''}${rule.order}`;
      const other = orders.get(slot);
      if (other && rule.enabled)
        problems.push({
          path: `${path}.order`,
          message: `rule "${other}" has the same trigger and order ${rule.order}: give each rule on a trigger its own order`,
        });
      if (rule.enabled) orders.set(slot, rule.key);
    }
  },
  diff: () => [],
  belongsTo: (doc) => doc['x-object'],
  userRefs: (doc, path) => [...ruleUserRefs(doc, path), ...approvalUserRefs(doc, path)],
  teamRefs: (doc, path) => ruleTeamRefs(doc, path),
};
